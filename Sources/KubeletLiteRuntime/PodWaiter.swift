// kubelet-lite — PodWaiter.swift
// `wait`: block until a pod's state meets a condition, woken by the kernel, never by a timer
// loop (architecture §6.8).

import Glibc
import KubeletLiteModel

/// What `wait` knows of its pod at one wake-up.
public struct WaitedPod {
    /// The pod's directory, nil once it is gone.
    public var record: PodRecord?
    /// pod.json as JSON, nil when it does not read.
    public var document: JSONValue?
    /// The supervisor that ran the pod when the wait began has exited (or none was running).
    public var supervisorGone: Bool
}

/// Waits on one pod directory: inotify on the pods directory (the pod's directory appearing or
/// going) and on the pod's directory (pod.json and `deleted` renamed into place, `supervisor.pid`
/// closed), and a connection to the control socket whose end of file says the supervisor has
/// exited (architecture §7.3). After each wake-up it reads the state again and asks `met`.
public enum PodWaiter {
    /// True once `met` holds; false if `timeout` (microseconds; nil: no limit) passes first.
    public static func wait(root: String, key: String, timeout: Int64?, met: (WaitedPod) -> Bool) -> Bool {
        let deadline = timeout.map { monotonicMicros() + max(0, $0) }
        let pods = root + "/pods"
        let podDir = pods + "/" + key
        let notify = inotify_init1(Int32(IN_CLOEXEC))
        defer { if notify >= 0 { close(notify) } }
        var supervisor = UnixAddress.watch(podDir + "/control.sock")
        defer { if supervisor >= 0 { close(supervisor) } }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if notify >= 0 {
                _ = inotify_add_watch(notify, pods, UInt32(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM))
                _ = inotify_add_watch(notify, podDir, UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE | IN_CREATE))
            }
            if met(read(root: root, key: key, supervisorGone: supervisor < 0)) { return true }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - monotonicMicros()
                if left <= 0 { return false }
                wait = Int32(min((left + 999) / 1000, Int64(Int32.max)))
            }
            var fds = [pollfd(fd: notify, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: supervisor, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, wait) < 0 && errno != EINTR { return false }
            if fds[0].revents != 0 { _ = buffer.withUnsafeMutableBytes { Glibc.read(notify, $0.baseAddress, $0.count) } }
            if fds[1].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(supervisor, $0.baseAddress, $0.count) }
                if n <= 0 {
                    close(supervisor)
                    supervisor = -1
                }
            }
        }
    }

    private static func read(root: String, key: String, supervisorGone: Bool) -> WaitedPod {
        guard let record = try? StateReader.pod(key: key, in: root) else {
            return WaitedPod(record: nil, document: nil, supervisorGone: supervisorGone)
        }
        let bytes = try? SecureDirectory.root(record.directory, create: false).read("pod.json", limit: 64 << 20)
        let document = bytes.flatMap { try? JSONParser.parse($0) }
        return WaitedPod(record: record, document: document, supervisorGone: supervisorGone)
    }

    private static func monotonicMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
