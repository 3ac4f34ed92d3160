// kubelet-lite — CgroupDirectory.swift
// One cgroup: its directory in one hierarchy, and the few files kubelet-lite reads and writes there.

import Glibc

/// A cgroup directory in the unified (v2) hierarchy or in one v1 controller's hierarchy.
struct CgroupDirectory: Equatable {
    let path: String
    /// True in the unified hierarchy (cgroup.kill, cgroup.events, v2 file names).
    let unified: Bool

    func child(_ name: String) -> CgroupDirectory { CgroupDirectory(path: path + "/" + name, unified: unified) }

    /// The file a process writes its pid (or 0) into to join.
    var procsFile: String { path + "/cgroup.procs" }

    /// Creates the directory; an existing one is reused (a restart of the same container).
    func create() throws(SystemError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw SystemError("mkdir", path) }
    }

    func has(_ file: String) -> Bool { access(path + "/" + file, F_OK) == 0 }

    func write(_ file: String, _ value: String) throws(SystemError) {
        let target = path + "/" + file
        let fd = retryingOnInterrupt { open(target, O_WRONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw SystemError("open", target) }
        defer { close(fd) }
        guard writeAll(fd, value) else { throw SystemError("write \(value) to", target) }
    }

    func read(_ file: String) -> String? {
        readFile(path + "/" + file, limit: 1 << 16).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `key value` lines (memory.events, cgroup.events, memory.oom_control): the value of `key`.
    func counter(_ file: String, _ key: String) -> Int64? {
        for line in (read(file) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2 && parts[0] == key { return Int64(parts[1]) }
        }
        return nil
    }

    /// Whether any process is left in this cgroup or below (unified hierarchy only).
    var isPopulated: Bool { counter("cgroup.events", "populated") != 0 }

    /// SIGKILLs every process in this cgroup and below, at once (`cgroup.kill`, unified only).
    func killAll() throws(SystemError) { try write("cgroup.kill", "1") }

    /// The pids in this cgroup itself.
    var processes: [pid_t] { (read("cgroup.procs") ?? "").split(separator: "\n").compactMap { pid_t($0) } }

    /// Removes this cgroup and every cgroup below it (each must be empty of processes).
    func removeTree() {
        if let dir = opendir(path) {
            var children: [String] = []
            while let entry = readdir(dir) {
                guard entry.pointee.d_type == UInt8(DT_DIR) else { continue }
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { children.append(name) }
            }
            closedir(dir)
            for name in children { child(name).removeTree() }
        }
        rmdir(path)
    }
}
