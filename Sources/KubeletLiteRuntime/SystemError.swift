// kubelet-lite — SystemError.swift
// Failed system calls, named with the call and its errno, and the helpers that raise them.

import Glibc

/// A failed system call: which call, on what, and the errno text.
public struct SystemError: Error, Sendable, CustomStringConvertible {
    public var call: String
    public var subject: String?
    public var errno: Int32

    public init(_ call: String, _ subject: String? = nil, errno: Int32 = Glibc.errno) {
        self.call = call
        self.subject = subject
        self.errno = errno
    }

    /// `strerror` in the lower case Go and runc print (`no such file or directory`).
    public static func text(_ errno: Int32) -> String {
        guard let s = strerror(errno) else { return "errno \(errno)" }
        let text = String(cString: s)
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    public var description: String {
        let what = subject.map { "\(call) \($0)" } ?? call
        // errno 0: the message says it all (a failure that is not a failed call).
        return errno == 0 ? what : "\(what): \(SystemError.text(errno))"
    }
}

/// Retries a call interrupted by a signal; every call that can return EINTR goes through here.
@inline(__always)
func retryingOnInterrupt<T: BinaryInteger>(_ body: () -> T) -> T {
    while true {
        let r = body()
        if r == -1 && errno == EINTR { continue }
        return r
    }
}

/// Writes all of `bytes` to `fd`, waiting out EINTR and short writes. For files and blocking fds:
/// on a full non-blocking fd (EAGAIN) it gives up rather than wait, so the loop never stalls here.
@discardableResult
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = retryingOnInterrupt { write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
        if n < 0 { return false }
        offset += n
    }
    return true
}

@discardableResult
func writeAll(_ fd: Int32, _ string: String) -> Bool {
    var s = string
    return s.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
}

@discardableResult
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { writeAll(fd, $0) }
}

/// Reads a whole (small) file, or nil if it cannot be opened; `following: false` refuses a
/// symbolic link as the last component (files of the state directory).
func readFile(_ path: String, limit: Int = 1 << 20, following: Bool = true) -> [UInt8]? {
    let fd = retryingOnInterrupt { open(path, O_RDONLY | O_CLOEXEC | (following ? 0 : O_NOFOLLOW)) }
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 8192)
    while out.count < limit {
        let n = retryingOnInterrupt { buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
        if n <= 0 { break }
        out.append(contentsOf: buffer[0..<n])
    }
    return out
}
