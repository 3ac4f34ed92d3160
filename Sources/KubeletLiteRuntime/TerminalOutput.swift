// kubelet-lite — TerminalOutput.swift
// Our stdout and stderr, written without ever blocking the event loop on a slow reader.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle

/// Queues what goes to stdout or stderr and writes it only as fast as the reader takes it.
///
/// A paused terminal (Ctrl-S), a pipe nobody reads or a slow journal must never stall probes,
/// restarts or signal handling. The shared descriptor is never switched to O_NONBLOCK (the shell
/// would inherit that): a pipe or terminal is reopened through /proc/self/fd as a private,
/// non-blocking description; a socket (the journal) is written with MSG_DONTWAIT; a regular file
/// never blocks. What waits is bounded: past 4 MiB, whole lines are dropped and counted, and one
/// notice says how many once the reader catches up. Log files and events.jsonl get everything.
final class TerminalOutput {
    static let backlogLimit = 4 << 20

    let fd: Int32
    private let writer: Writer
    private weak var loop: EventLoop?
    private var queue: [UInt8] = []
    private var head = 0
    private var droppedLines = 0
    private var watching = false

    /// How bytes reach the reader.
    private enum Writer {
        /// A descriptor of our own, non-blocking (a reopened pipe or terminal), or a regular file.
        case descriptor(Int32)
        /// A socket: each send says MSG_DONTWAIT.
        case socket(Int32)
    }

    init(fd: Int32, loop: EventLoop?) {
        self.fd = fd
        self.loop = loop
        writer = Self.writer(for: fd)
    }

    deinit {
        if case .descriptor(let own) = writer, own != fd { close(own) }
    }

    private static func writer(for fd: Int32) -> Writer {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .descriptor(fd) }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            return .descriptor(fd)
        case S_IFSOCK:
            return .socket(fd)
        default:
            let own = retryingOnInterrupt { open("/proc/self/fd/\(fd)", O_WRONLY | O_NONBLOCK | O_CLOEXEC) }
            return .descriptor(own >= 0 ? own : fd)
        }
    }

    private var backlog: Int { queue.count - head }

    /// Queues `bytes` (whole lines, or a part of one). Past the backlog limit it is dropped and its
    /// lines counted. `droppable` is kept for callers that mark container echo; every line obeys
    /// the same bound.
    func write(_ bytes: [UInt8], droppable: Bool = false) {
        if backlog + bytes.count > TerminalOutput.backlogLimit {
            droppedLines += max(1, bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
            flush()
            return
        }
        queue.append(contentsOf: bytes)
        flush()
    }

    func write(_ text: String, droppable: Bool = false) { write(Array(text.utf8), droppable: droppable) }

    /// Writes what the reader takes now; asks the loop to say when it can take more.
    func flush() {
        while backlog > 0 {
            let n = queue.withUnsafeBytes { raw -> Int in
                let start = raw.baseAddress! + head
                switch writer {
                case .descriptor(let own): return retryingOnInterrupt { Glibc.write(own, start, backlog) }
                case .socket(let s): return retryingOnInterrupt { send(s, start, backlog, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
                }
            }
            if n > 0 {
                head += n
                continue
            }
            if n < 0 && errno == EAGAIN { return watchWritable() }
            return dropAll()  // EPIPE, or a closed descriptor: nobody reads any more
        }
        if droppedLines > 0 {
            // The reader caught up: say once how much it missed, then go on as before.
            queue = Array(("kubelet-lite: \(droppedLines) lines were not printed (the reader was too slow); "
                + "the logs and events.jsonl have everything\n").utf8)
            head = 0
            droppedLines = 0
            return flush()
        }
        queue.removeAll(keepingCapacity: queue.count < 1 << 16)
        head = 0
        unwatch()
    }

    /// The last flush before exit: goes on while the reader takes something, at most a second.
    func finish() {
        var deadline = RuntimeClock().now() + Micros(200_000)
        let end = RuntimeClock().now() + .seconds(1)
        while backlog > 0 && RuntimeClock().now() < min(deadline, end) {
            let before = backlog
            var p = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = retryingOnInterrupt { poll(&p, 1, 50) }
            flush()
            if backlog < before { deadline = RuntimeClock().now() + Micros(200_000) }
        }
        unwatch()
    }

    private var descriptor: Int32 {
        switch writer {
        case .descriptor(let own): own
        case .socket(let s): s
        }
    }

    private func watchWritable() {
        guard !watching, let loop else { return }
        do throws(SystemError) {
            try loop.register(descriptor, events: KL_EV_OUT) { [unowned self] _ in self.flush() }
            watching = true
        } catch {
            // Not pollable after all: what is queued waits for the next write or the final flush.
        }
    }

    private func unwatch() {
        guard watching else { return }
        loop?.unregister(descriptor)
        watching = false
    }

    private func dropAll() {
        queue.removeAll()
        head = 0
        unwatch()
    }
}
