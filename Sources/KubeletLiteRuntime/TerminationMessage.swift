// kubelet-lite — TerminationMessage.swift
// Reading what a container left to explain its end: its message file and its last output (spec §3.4, I.5).

import Glibc
import KubeletLiteLifecycle

/// The files behind a termination message, read the way the kubelet reads them.
enum TerminationMessage {

    /// Empties the message file before a start, so an old message is never reported again.
    static func prepare(_ path: String) {
        guard path != KubeletLimits.defaultTerminationMessagePath, path.hasPrefix("/") else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o666)
        if fd >= 0 { close(fd) }
    }

    /// The message file's last 4096 bytes, and the last lines of the instance's log.
    static func read(messagePath: String, logPath: String) -> ExitOutput {
        var output = ExitOutput()
        if messagePath != KubeletLimits.defaultTerminationMessagePath, let bytes = tail(of: messagePath, bytes: KubeletLimits.terminationMessageFileBytes) {
            output.messageFile = String(decoding: bytes, as: UTF8.self)
        }
        output.logTail = logTail(logPath)
        return output
    }

    /// The last 80 lines of output, at most 2048 bytes, from the CRI log (`<time> <stream> <F|P> <text>`).
    static func logTail(_ path: String) -> String? {
        guard let bytes = tail(of: path, bytes: 256 * 1024) else { return nil }
        let lines = CRILog.lines(bytes)
        let joined = lines.suffix(KubeletLimits.terminationMessageLogLines).joined(separator: "\n")
        let utf8 = Array(joined.utf8)
        return utf8.count > KubeletLimits.terminationMessageLogBytes ? String(decoding: utf8.suffix(KubeletLimits.terminationMessageLogBytes), as: UTF8.self) : joined
    }

    /// The last `bytes` bytes of a file (the first line may be cut; callers that parse lines skip it
    /// only when the file was longer than that).
    private static func tail(of path: String, bytes: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        let start = max(0, size - bytes)
        var out = [UInt8](repeating: 0, count: size - start)
        var got = 0
        while got < out.count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, $0.count - got, off_t(start + got)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        out.removeLast(out.count - got)
        if start > 0, let nl = out.firstIndex(of: UInt8(ascii: "\n")), path.hasSuffix(".log") {
            out.removeFirst(nl + 1)  // a CRI line cut in half is no line
        }
        return out
    }
}
