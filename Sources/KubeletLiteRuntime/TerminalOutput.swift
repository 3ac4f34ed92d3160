// kubelet-lite — TerminalOutput.swift
// Our stdout and stderr, written without ever blocking the event loop on a slow reader.

import CKubeletLiteShims
import Glibc

/// Queues what goes to stdout or stderr and writes it when the reader can take it.
///
/// A paused terminal (Ctrl-S), a stalled pipe or a slow journal must not freeze probes, restarts
/// and signal handling. The fd is not switched to O_NONBLOCK (it is shared with the shell);
/// instead each write is at most one pipe buffer and only when poll says there is room.
/// Container echo beyond 4 MiB of backlog is dropped, and said so; events are never dropped
/// (they are small, and also in events.jsonl). Log files get everything regardless.
final class TerminalOutput {
    static let echoBacklogLimit = 4 << 20

    let fd: Int32
    private weak var loop: EventLoop?
    private var queue: [UInt8] = []
    private var head = 0
    private var droppedEcho = 0
    private var watching = false
    /// A regular file or /dev/null cannot be polled by epoll, and never makes us wait.
    private var pollable = true

    init(fd: Int32, loop: EventLoop?) {
        self.fd = fd
        self.loop = loop
    }

    private var backlog: Int { queue.count - head }

    /// Queues `bytes`; `droppable` output (container echo) is discarded while the backlog is full.
    func write(_ bytes: [UInt8], droppable: Bool = false) {
        if droppable && backlog + bytes.count > TerminalOutput.echoBacklogLimit {
            droppedEcho += bytes.count
            return
        }
        if droppedEcho > 0 {
            let note = "kubelet-lite: \(droppedEcho) bytes of container output were not echoed (the reader "
                + "was too slow); the logs have everything\n"
            droppedEcho = 0
            queue.append(contentsOf: Array(note.utf8))
        }
        queue.append(contentsOf: bytes)
        flush()
    }

    func write(_ text: String, droppable: Bool = false) { write(Array(text.utf8), droppable: droppable) }

    /// Writes what the reader can take now, and asks the loop to say when it can take more.
    func flush() {
        while backlog > 0 {
            if pollable {
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&p, 1, 0)
                if ready == 1 && (p.revents & Int16(POLLNVAL)) != 0 { return dropAll() }
                if ready != 1 || (p.revents & Int16(POLLOUT | POLLERR | POLLHUP)) == 0 {
                    watchWritable()
                    return
                }
            }
            let chunk = pollable ? min(backlog, 4096) : backlog
            let n = retryingOnInterrupt { queue.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + head, chunk) } }
            if n > 0 {
                head += n
            } else if n < 0 && errno == EAGAIN {
                watchWritable()
                return
            } else {
                return dropAll()  // EPIPE or a closed fd: nobody reads any more
            }
        }
        queue.removeAll(keepingCapacity: queue.count < 1 << 16)
        head = 0
        unwatch()
    }

    /// The last flush before exit: waits for the reader, up to a few seconds.
    func finish() {
        let deadline = time(nil) + 3
        while backlog > 0 && time(nil) < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&p, 1, 200)
            flush()
        }
        unwatch()
    }

    private func watchWritable() {
        guard !watching, pollable, let loop else { return }
        do throws(SystemError) {
            try loop.register(fd, events: KL_EV_OUT) { [unowned self] _ in self.flush() }
            watching = true
        } catch {
            // epoll refuses regular files: they are always writable, so write them directly.
            pollable = false
            flush()
        }
    }

    private func unwatch() {
        guard watching else { return }
        loop?.unregister(fd)
        watching = false
    }

    private func dropAll() {
        queue.removeAll()
        head = 0
        unwatch()
    }
}
