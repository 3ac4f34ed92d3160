// kubelet-lite — ProcessTree.swift
// Finding a process's descendants from /proc, for SIGKILL "to everything the container started" (lifecycle §D4).

import Glibc

/// Parent links read from /proc: each process's children from its threads' `children` files, so
/// that a tree costs reads in proportion to its own size; a snapshot of every `/proc/<pid>/stat`
/// only on a kernel without those files (a full scan reads one file per process on the host:
/// seconds on a host that runs thousands).
struct ProcessTree {
    /// nil: read the children files as asked; else the scan's children of each pid.
    private var snapshot: [pid_t: [pid_t]]?

    /// Whether this kernel lists children in /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN).
    static let hasChildrenFiles = access("/proc/self/task/\(getpid())/children", R_OK) == 0

    /// - Parameter childrenFiles: read the children files (false: scan all of /proc, the fallback).
    init(childrenFiles: Bool = hasChildrenFiles) {
        guard !childrenFiles else { return }
        var scan: [pid_t: [pid_t]] = [:]
        for pid in Self.all() {
            if let ppid = Self.parent(of: pid) { scan[ppid, default: []].append(pid) }
        }
        snapshot = scan
    }

    /// The pids in every `/proc/PID/task/*/children` of `pid` (a child belongs to the thread that forked it).
    private static func listedChildren(of pid: pid_t) -> [pid_t] {
        guard let dir = opendir("/proc/\(pid)/task") else { return [] }
        defer { closedir(dir) }
        var out: [pid_t] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let tid = pid_t(name), let bytes = readFile("/proc/\(pid)/task/\(tid)/children") else { continue }
            out += bytes.split(separator: UInt8(ascii: " ")).compactMap { pid_t(String(decoding: $0, as: UTF8.self)) }
        }
        return out
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
    func children(of pid: pid_t) -> [pid_t] {
        guard let snapshot else { return Self.listedChildren(of: pid) }
        return snapshot[pid] ?? []
    }

    /// Every descendant of `pid`, parents before children.
    func descendants(of pid: pid_t) -> [pid_t] {
        var out: [pid_t] = []
        var queue = children(of: pid)
        var next = 0
        while next < queue.count {
            let p = queue[next]
            next += 1
            out.append(p)
            queue.append(contentsOf: children(of: p))
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

    /// `killTree` with this snapshot: one read of /proc for many trees. The tree is read before
    /// the first kill: a killed process's children soon move to the subreaper, out of its list.
    func killTree(_ pid: pid_t) {
        let below = descendants(of: pid)
        kill(pid, SIGKILL)
        for p in below { kill(p, SIGKILL) }
    }
}
