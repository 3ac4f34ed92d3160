// kubelet-lite — ProcessTree.swift
// Finding a process's descendants from /proc, for SIGKILL "to everything the container started" (lifecycle §D4).

import Glibc

/// A snapshot of parent links read from /proc.
struct ProcessTree {
    private var children: [pid_t: [pid_t]] = [:]

    /// Reads every `/proc/<pid>/stat` once.
    init() {
        guard let dir = opendir("/proc") else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), let ppid = ProcessTree.parent(of: pid) else { continue }
            children[ppid, default: []].append(pid)
        }
    }

    /// The parent pid from `/proc/<pid>/stat` (field 4, after the parenthesised command name).
    static func parent(of pid: pid_t) -> pid_t? {
        guard let bytes = readFile("/proc/\(pid)/stat", limit: 4096),
              let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 1 else { return nil }
        return pid_t(String(decoding: fields[1], as: UTF8.self))
    }

    /// Every process's pid.
    static func all() -> [pid_t] {
        guard let dir = opendir("/proc") else { return [] }
        defer { closedir(dir) }
        var out: [pid_t] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let pid = pid_t(name) { out.append(pid) }
        }
        return out
    }

    /// The direct children of `pid`.
    func children(of pid: pid_t) -> [pid_t] { children[pid] ?? [] }

    /// Every descendant of `pid`, parents before children.
    func descendants(of pid: pid_t) -> [pid_t] {
        var out: [pid_t] = []
        var queue = children[pid] ?? []
        while !queue.isEmpty {
            let p = queue.removeFirst()
            out.append(p)
            queue.append(contentsOf: children[p] ?? [])
        }
        return out
    }

    /// SIGKILLs `pid`, then every descendant, parents before children: a process already killed
    /// forks nothing more, and none can end by itself between its children's kill and its own.
    ///
    /// Nothing is stopped first: a supervisor killed between a SIGSTOP and its SIGKILL would leave
    /// stopped processes that can never act on its death. A child forked after the snapshot is not
    /// lost either: once its parents are dead it is re-parented to the supervisor, the subreaper,
    /// which kills such strays as soon as it reaps their dead parents (architecture §4.7).
    static func killTree(_ pid: pid_t) { ProcessTree().killTree(pid) }

    /// `killTree` with this snapshot: one read of /proc for many trees.
    func killTree(_ pid: pid_t) {
        kill(pid, SIGKILL)
        for p in descendants(of: pid) { kill(p, SIGKILL) }
    }
}
