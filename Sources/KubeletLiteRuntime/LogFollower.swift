// kubelet-lite — LogFollower.swift
// `logs -f`: print a container's log as it grows, until that instance ends or its supervisor goes.

import Glibc

/// Follows one CRI log file without polling: inotify says when the file or pod.json changes, and a
/// connection to the supervisor's control socket says (by its end of file) when the supervisor is gone,
/// however it died.
public enum LogFollower {
    /// Prints the log at `path` (its last `tail` lines first), then new lines as they come, until
    /// `instanceOver()` holds and the file is drained, or the supervisor exits.
    public static func follow(path: String, podDir: String, tail: Int?, instanceOver: () -> Bool,
                              write: (String) -> Void) {
        let supervisor = UnixAddress.watch(podDir + "/control.sock")
        let notify = inotify_init1(Int32(IN_CLOEXEC))
        if notify >= 0 {
            _ = inotify_add_watch(notify, podDir, UInt32(IN_MOVED_TO))
            let dir = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            // A rotation renames the file and creates a new one in the same directory (architecture §6.7).
            _ = inotify_add_watch(notify, dir, UInt32(IN_MODIFY | IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_FROM))
        }
        var reader = IncrementalLog(path: path)
        defer {
            reader.close()
            if notify >= 0 { close(notify) }
            if supervisor >= 0 { close(supervisor) }
        }
        let first = reader.readNew()
        write(render(tail.map { Array(first.suffix($0)) } ?? first))
        // Nothing runs any more, or this instance ended before we came: what is there is all.
        guard supervisor >= 0, notify >= 0, !instanceOver() else { return write(render(reader.readNew() + reader.rest())) }
        var fds = [pollfd(fd: notify, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: supervisor, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[0].revents != 0 { _ = buffer.withUnsafeMutableBytes { read(notify, $0.baseAddress, $0.count) } }
            write(render(reader.readNew()))
            let supervisorGone = fds[1].revents != 0
            if supervisorGone || instanceOver() {
                write(render(reader.readNew() + reader.rest()))
                return
            }
        }
    }

    private static func render(_ lines: [String]) -> String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
