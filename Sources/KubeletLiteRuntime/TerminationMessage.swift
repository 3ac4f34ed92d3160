// kubelet-lite — TerminationMessage.swift
// Reading what a container left to explain its end: the bytes the lifecycle's rule asks for (lifecycle §3.4).

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// The files behind a termination message, read as `TerminationMessageRule` says.
enum TerminationMessage {
    /// Empties the message file before a start, so an old message is never reported again.
    static func prepare(_ path: String) {
        guard TerminationMessageRule.usesHostFile(path) else { return }
        let fd = retryingOnInterrupt { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o666) }
        if fd >= 0 { close(fd) }
    }

    /// The message file's tail, and the last lines of the instance's log where the rule can use them.
    static func read(_ spec: Container, exitCode: Int32, messagePath: String, logPath: () -> String?) -> ExitOutput {
        var output = ExitOutput()
        if TerminationMessageRule.usesHostFile(messagePath),
           let tail = FileTail.read(messagePath, bytes: TerminationMessageRule.fileBytes) {
            output.messageFile = String(decoding: tail.bytes, as: UTF8.self)
        }
        if TerminationMessageRule.needsLogTail(spec, exitCode: exitCode), let path = logPath() {
            output.logTail = logTail(path)
        }
        return output
    }

    /// The fallback text from the CRI log (`<time> <stream> <F|P> <text>`) of one instance.
    static func logTail(_ path: String) -> String? {
        guard let tail = FileTail.read(path, bytes: TerminationMessageRule.logReadBytes) else { return nil }
        var bytes = tail.bytes
        if tail.cut, let nl = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            bytes.removeFirst(nl + 1)  // a CRI line cut in half is no line
        }
        return TerminationMessageRule.logTail(CRILog.lines(bytes))
    }
}

/// The last bytes of a regular file, never following a symbolic link.
enum FileTail {
    /// The bytes, and whether the file was longer (so the tail may start mid-line).
    static func read(_ path: String, bytes limit: Int) -> (bytes: [UInt8], cut: Bool)? {
        let fd = retryingOnInterrupt { open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        let start = max(0, size - limit)
        var out = [UInt8](repeating: 0, count: size - start)
        var got = 0
        while got < out.count {
            let n = retryingOnInterrupt {
                out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, $0.count - got, off_t(start + got)) }
            }
            if n <= 0 { break }
            got += n
        }
        out.removeLast(out.count - got)
        return (out, start > 0)
    }
}
