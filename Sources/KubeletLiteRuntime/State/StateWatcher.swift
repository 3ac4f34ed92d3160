// kubelet-lite — StateWatcher.swift
// `get -w`: waiting for the state directory to change, without polling (inotify).

import Glibc

/// Wakes `get -w` when a pod may have changed: its pod.json replaced (IN_MOVED_TO, as every
/// publish renames it into place) or removed, its `deleted` mark written, its supervisor gone
/// (the kernel closes `supervisor.pid`, which the supervisor had open for writing: IN_CLOSE_WRITE),
/// or a pod directory created. Log files live below the pod directories and wake nobody.
public final class StateWatcher {
    private let fd: Int32
    private let root: String
    private static let podMask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE | IN_CREATE)
    private static let directoryMask = UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE)

    /// Watches the state directory `root`, which need not exist yet; nil when inotify is not available.
    public init?(root: String) {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.root = root
        watchAll()
    }

    deinit { close(fd) }

    /// Blocks until something changed, then renews the watches (a new pod directory gets one).
    /// Changes that happened before the call are not lost: inotify queues them.
    public func waitForChange() {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&p, 1, -1) < 0 && errno == EINTR {}
        var buffer = [UInt8](repeating: 0, count: 16384)
        // Every queued event at once: one re-read answers them all.
        while true {
            var q = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&q, 1, 0) > 0 else { break }
            guard buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 else { break }
        }
        watchAll()
    }

    /// Watches the state directory, its `pods` directory and every pod directory; a part that does
    /// not exist yet is waited for through the nearest ancestor that does. Watching a path twice
    /// changes nothing.
    private func watchAll() {
        let pods = root + "/pods"
        guard inotify_add_watch(fd, root, Self.directoryMask) >= 0 else {
            var ancestor = parentOf(root)
            while inotify_add_watch(fd, ancestor, Self.directoryMask) < 0 && ancestor != "/" { ancestor = parentOf(ancestor) }
            return
        }
        guard inotify_add_watch(fd, pods, Self.directoryMask) >= 0 else { return }
        guard let dir = opendir(pods) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix("."), entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            _ = inotify_add_watch(fd, pods + "/" + name, Self.podMask | UInt32(IN_DONT_FOLLOW))
        }
    }

    private func parentOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
