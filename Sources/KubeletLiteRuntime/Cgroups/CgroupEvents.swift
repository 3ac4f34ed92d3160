// kubelet-lite — CgroupEvents.swift
// Knowing that a cgroup has emptied from its cgroup.events file, without polling.

import Glibc

/// Waits on `cgroup.events` with inotify: the kernel signals a change of `populated` as a file
/// modification.
enum CgroupEvents {
    /// Blocks until `dir` holds no process, or `timeoutMs` passes. For teardown only: nothing else
    /// is left to do then but wait for the kernel to finish killing.
    static func waitUntilEmpty(_ dir: CgroupDirectory, timeoutMs: Int32) {
        guard dir.unified, dir.isPopulated else { return }
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard inotify_add_watch(fd, dir.path + "/cgroup.events", UInt32(IN_MODIFY)) >= 0 else { return }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var buffer = [UInt8](repeating: 0, count: 1024)
        // Watch first, then look: a change between the two is not lost.
        while dir.isPopulated {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let elapsed = Int32((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1_000_000)
            guard elapsed < timeoutMs else { return }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if retryingOnInterrupt({ poll(&p, 1, timeoutMs - elapsed) }) <= 0 { return }
            _ = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }  // drained: only the wake-up counts
        }
    }
}
