// kubelet-lite — LogStream.swift
// One container output stream: pipe → CRI-format log file, and `[container] line` echo.

import Glibc
import KubeletLiteLifecycle

/// Where a container's log lines also go besides its log file.
struct EchoTarget {
    /// Our stdout or stderr, or nil when quiet.
    var output: TerminalOutput?
    var prefix: [UInt8]
}

/// The one buffer every stream reads into: the loop is single-threaded and a read's bytes are
/// consumed before the next read, so a thousand containers need 64 KiB, not 128 MiB.
final class ReadBuffer {
    var bytes = [UInt8](repeating: 0, count: 64 * 1024)
}

/// Reads one stream of a container and writes it out line by line, in the kubelet's CRI log format
/// (`<RFC3339Nano> stdout|stderr F|P <text>`); a line longer than 16 KiB is split into P parts.
final class LogStream {
    static let maxLine = 16 * 1024

    let fd: Int32
    private let streamTag: [UInt8]
    private let file: LogFile
    private let echo: EchoTarget
    private var partial: [UInt8] = []
    private let buffer: ReadBuffer
    private var out: [UInt8] = []
    private var echoOut: [UInt8] = []

    init(fd: Int32, stream: String, file: LogFile, echo: EchoTarget, buffer: ReadBuffer = ReadBuffer()) {
        self.fd = fd
        self.buffer = buffer
        self.streamTag = Array(" \(stream) ".utf8)
        self.file = file
        self.echo = echo
        file.retain()
    }

    /// Reads what is available, at most `maxReads` buffers so that a container writing without
    /// pause cannot starve the loop (epoll is level-triggered: the rest wakes it again).
    /// Returns false at end of file (every writer has gone).
    func drain(now: () -> Instant, maxReads: Int = 16) -> Bool {
        var reads = 0
        while true {
            if reads == maxReads { return true }
            reads += 1
            let n = retryingOnInterrupt { buffer.bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
            if n > 0 {
                consume(count: n, timestamp: Array(Timestamp.rfc3339Nano(now()).utf8))
                continue
            }
            if n < 0 && errno == EAGAIN { return true }
            // EOF (or an error, which we treat the same): flush a last unterminated line.
            if !partial.isEmpty {
                let last = partial
                partial.removeAll()
                last.withUnsafeBufferPointer {
                    emit(line: $0, full: true, timestamp: Array(Timestamp.rfc3339Nano(now()).utf8))
                }
                flush()
            }
            return false
        }
    }

    /// Closes the pipe and lets go of the log file.
    func close() {
        Glibc.close(fd)
        file.release()
    }

    private func consume(count: Int, timestamp: [UInt8]) {
        out.reserveCapacity(out.count + count + count / 2)
        buffer.bytes.withUnsafeBufferPointer { buf in
            let base = buf.baseAddress!
            var start = 0
            // memchr finds line ends at memory speed; the copies below are memcpy of whole lines.
            while start < count {
                guard let hit = memchr(base + start, 0x0A, count - start) else {
                    partial.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
                    break
                }
                let end = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                let line = UnsafeBufferPointer(start: base + start, count: end - start)
                if partial.isEmpty {
                    emit(line: line, full: true, timestamp: timestamp)
                } else {
                    partial.append(contentsOf: line)
                    let joined = partial
                    partial.removeAll(keepingCapacity: true)
                    joined.withUnsafeBufferPointer { emit(line: $0, full: true, timestamp: timestamp) }
                }
                start = end + 1
            }
        }
        while partial.count >= LogStream.maxLine {
            let head = Array(partial[0..<LogStream.maxLine])
            partial.removeFirst(LogStream.maxLine)
            head.withUnsafeBufferPointer { emit(line: $0, full: false, timestamp: timestamp) }
        }
        flush()
    }

    /// One line as CRI records: pieces of 16 KiB as partial (P) records, the rest as the last one.
    private func emit(line: UnsafeBufferPointer<UInt8>, full: Bool, timestamp: [UInt8]) {
        var start = 0
        while line.count - start > LogStream.maxLine {
            record(UnsafeBufferPointer(rebasing: line[start..<(start + LogStream.maxLine)]), full: false,
                   timestamp: timestamp)
            start += LogStream.maxLine
        }
        record(UnsafeBufferPointer(rebasing: line[start...]), full: full, timestamp: timestamp)
    }

    private func record(_ line: UnsafeBufferPointer<UInt8>, full: Bool, timestamp: [UInt8]) {
        out.append(contentsOf: timestamp)
        out.append(contentsOf: streamTag)
        out.append(full ? UInt8(ascii: "F") : UInt8(ascii: "P"))
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: line)
        out.append(UInt8(ascii: "\n"))
        if echo.output != nil {
            echoOut.append(contentsOf: echo.prefix)
            echoOut.append(contentsOf: line)
            if full { echoOut.append(UInt8(ascii: "\n")) }
        }
    }

    private func flush() {
        if !out.isEmpty {
            // Whole records or none: a full disk never tears a line.
            file.prepare(forAppending: out.count)
            let failure = out.withUnsafeBytes { appendWhole(file.fd, $0) }
            if failure == 0 {
                file.appended(out.count)
                file.lost?.wrote(.logLines)
            } else {
                file.lost?.lost(out.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, .logLines, file: "a container's log", errno: failure)
            }
            out.removeAll(keepingCapacity: true)
        }
        if let output = echo.output, !echoOut.isEmpty {
            output.write(echoOut, droppable: true)
            echoOut.removeAll(keepingCapacity: true)
        }
    }
}
