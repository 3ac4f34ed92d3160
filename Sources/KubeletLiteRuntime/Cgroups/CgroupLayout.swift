// kubelet-lite — CgroupLayout.swift
// Where this host mounts its cgroup hierarchies, and where in them the supervisor runs (architecture §4.10).

import Glibc

/// The cgroup hierarchies of this host as seen from the supervisor: the unified (v2) one, and any v1
/// controllers mounted beside it (the "hybrid" layout), each with the directory of our own cgroup.
struct CgroupLayout: Equatable {
    /// The directory of our cgroup in the unified hierarchy (`/sys/fs/cgroup/<path>` on a v2 host,
    /// `/sys/fs/cgroup/unified/<path>` on a hybrid one).
    var unified: String?
    /// v1 controller name → the directory of our cgroup in that controller's hierarchy.
    var v1: [String: String] = [:]

    /// The controllers kubelet-lite sets limits with.
    static let limitControllers = ["memory", "cpu", "pids"]

    /// Reads /proc/self/mountinfo and /proc/self/cgroup.
    static func current() -> CgroupLayout {
        let mountinfo = readFile("/proc/self/mountinfo").map { String(decoding: $0, as: UTF8.self) } ?? ""
        let membership = readFile("/proc/self/cgroup").map { String(decoding: $0, as: UTF8.self) } ?? ""
        return parse(mountinfo: mountinfo, membership: membership)
    }

    /// Joins mounts with memberships: a hierarchy counts only if both are there.
    static func parse(mountinfo: String, membership: String) -> CgroupLayout {
        var layout = CgroupLayout()
        let mounts = CgroupMount.parse(mountinfo)
        for line in membership.split(separator: "\n") {
            // `hierarchy-ID:controller-list:path`; the path itself may contain ':'.
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            if parts[0] == "0" && parts[1].isEmpty {
                layout.unified = mounts.first { $0.isUnified }.flatMap { $0.directory(for: path) }
                continue
            }
            for controller in parts[1].split(separator: ",").map(String.init) {
                if let mount = mounts.first(where: { $0.controllers.contains(controller) }),
                   let dir = mount.directory(for: path) {
                    layout.v1[controller] = dir
                }
            }
        }
        return layout
    }
}

/// One cgroup mount from mountinfo.
struct CgroupMount: Equatable {
    var mountPoint: String
    /// The cgroup path the mount shows as its root (usually `/`).
    var root: String
    var isUnified: Bool
    var controllers: Set<String>

    /// mountinfo fields: `ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER`.
    static func parse(_ mountinfo: String) -> [CgroupMount] {
        // Substrings until a line proves to be a cgroup mount: apply reads this table on every
        // start, and turning every field of every mount into a String was most of its cost.
        mountinfo.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard let dash = fields.firstIndex(of: "-"), dash >= 5, dash + 3 < fields.count else { return nil }
            let type = fields[dash + 1]
            guard type == "cgroup" || type == "cgroup2" else { return nil }
            let options = Set(fields[dash + 3].split(separator: ",").map(String.init))
            return CgroupMount(mountPoint: unescape(String(fields[4])), root: unescape(String(fields[3])),
                               isUnified: type == "cgroup2", controllers: type == "cgroup2" ? [] : options)
        }
    }

    /// The directory of cgroup `path` under this mount, if the mount shows it.
    func directory(for path: String) -> String? {
        if root == "/" { return path == "/" ? mountPoint : mountPoint + path }
        guard path == root || path.hasPrefix(root + "/") else { return nil }
        return mountPoint + path.dropFirst(root.count)
    }

    /// mountinfo writes space, tab, newline and backslash as octal escapes.
    private static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out: [UInt8] = []
        let bytes = Array(s.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 3 < bytes.count,
               let v = UInt8(String(decoding: bytes[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                out.append(v)
                i += 4
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
