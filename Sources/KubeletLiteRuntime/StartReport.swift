// kubelet-lite — StartReport.swift
// What the exec helper says about a container's command on its report pipe (architecture §5.3).

import Glibc

/// The helper's report, read as it arrives: "pid N" once the command is forked, "error: WHY" if it
/// could not start, and end of file once the command has exec'd (or died trying).
struct StartReport {
    /// The command's pid, once said.
    private(set) var commandPID: pid_t?
    /// Why the command could not start, once said.
    private(set) var failure: String?
    /// The report is over: the pipe reached end of file.
    private(set) var isComplete = false
    private var pending: [UInt8] = []

    /// Reads what `fd` holds now; returns false when nothing more can come (end of file or an error).
    mutating func read(from fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                take(buffer[0..<n])
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return true }
            finish()
            return false
        }
    }

    /// Takes bytes from the pipe: whole lines are understood, a partial one waits for its end.
    mutating func take<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        pending.append(contentsOf: bytes)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            understand(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
        // The helper's lines are short; anything longer is not a report and must not grow forever.
        if pending.count > 8192 { pending.removeAll() }
    }

    /// The pipe ended: a last line without its newline still counts.
    mutating func finish() {
        if !pending.isEmpty { understand(String(decoding: pending, as: UTF8.self)) }
        pending.removeAll()
        isComplete = true
    }

    private mutating func understand(_ line: String) {
        if line.hasPrefix("pid "), let pid = pid_t(line.dropFirst(4)), pid > 0 {
            commandPID = pid
        } else if line.hasPrefix("error: ") {
            failure = String(line.dropFirst(7))
        }
    }
}
