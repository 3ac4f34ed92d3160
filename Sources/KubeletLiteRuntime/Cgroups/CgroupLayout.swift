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
        parse(mountinfo: readFile("/proc/self/mountinfo") ?? [], membership: readFile("/proc/self/cgroup") ?? [])
    }

    /// Joins mounts with memberships: a hierarchy counts only if both are there. Bytes, not String:
    /// every apply reads these tables before its first container starts, and splitting them into
    /// Characters was about 3% of a short apply's CPU (architecture §8.11).
    static func parse(mountinfo: [UInt8], membership: [UInt8]) -> CgroupLayout {
        var layout = CgroupLayout()
        let mounts = CgroupMount.parse(mountinfo)
        for line in membership.split(separator: UInt8(ascii: "\n")) {
            // `hierarchy-ID:controller-list:path`; the path itself may contain ':'.
            let parts = line.split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(decoding: parts[2], as: UTF8.self)
            if parts[0].elementsEqual("0".utf8) && parts[1].isEmpty {
                layout.unified = mounts.first { $0.isUnified }.flatMap { $0.directory(for: path) }
                continue
            }
            for name in parts[1].split(separator: UInt8(ascii: ",")) {
                let controller = String(decoding: name, as: UTF8.self)
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
    static func parse(_ mountinfo: [UInt8]) -> [CgroupMount] {
        mountinfo.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let fields = line.split(separator: UInt8(ascii: " "))
            guard let dash = fields.firstIndex(where: { $0.elementsEqual("-".utf8) }), dash >= 5,
                  dash + 3 < fields.count else { return nil }
            let type = fields[dash + 1]
            let unified = type.elementsEqual("cgroup2".utf8)
            guard unified || type.elementsEqual("cgroup".utf8) else { return nil }
            let options = unified ? [] : Set(fields[dash + 3].split(separator: UInt8(ascii: ","))
                .map { String(decoding: $0, as: UTF8.self) })
            return CgroupMount(mountPoint: unescape(fields[4]), root: unescape(fields[3]), isUnified: unified,
                               controllers: options)
        }
    }

    /// The directory of cgroup `path` under this mount, if the mount shows it.
    func directory(for path: String) -> String? {
        if root == "/" { return path == "/" ? mountPoint : mountPoint + path }
        guard path == root || path.hasPrefix(root + "/") else { return nil }
        return mountPoint + path.dropFirst(root.count)
    }

    /// mountinfo writes space, tab, newline and backslash as octal escapes (`\040`).
    private static func unescape(_ field: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var i = field.startIndex
        while i < field.endIndex {
            if field[i] == UInt8(ascii: "\\"), i + 3 < field.endIndex, let v = octalByte(field[(i + 1)...(i + 3)]) {
                out.append(v)
                i += 4
            } else {
                out.append(field[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Three octal digits as one byte, or nil.
    private static func octalByte(_ digits: ArraySlice<UInt8>) -> UInt8? {
        var value = 0
        for d in digits {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") else { return nil }
            value = value * 8 + Int(d - UInt8(ascii: "0"))
        }
        return value <= 255 ? UInt8(value) : nil
    }
}
