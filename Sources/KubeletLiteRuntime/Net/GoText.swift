// kubelet-lite — Net/GoText.swift
// Go's error wording: %q quoting, net.OpError and url.Error shapes (the kubelet prints err.Error()).

import KubeletLiteModel

/// Builders for the error texts Go's `net` and `net/http` produce, so kubelet-lite's probe and
/// hook messages read exactly like a node's.
enum GoText {
    /// `syscall.Errno.Error()`: glibc's text with a lower-case first letter (Go's table is lower case).
    static func errno(_ code: Int32) -> String { SystemError.text(code) }

    /// `net.OpError` for a dial: `dial tcp 127.0.0.1:8080: connect: connection refused`.
    static func dial(_ address: String, _ detail: String) -> String { "dial tcp \(address): \(detail)" }

    /// `net.OpError` for an I/O call on a connection: `read tcp 127.0.0.1:5555->127.0.0.1:8080: read: …`.
    static func io(_ op: String, local: String?, remote: String, errno code: Int32) -> String {
        let ends = local.map { "\($0)->\(remote)" } ?? remote
        return "\(op) tcp \(ends): \(op): \(errno(code))"
    }

    /// `url.Error`: `Get "http://…": <err>`.
    static func get(_ url: String, _ detail: String) -> String { "Get \(quote(url)): \(detail)" }

    /// What Go's transport says when a response it had started to read turns out broken.
    static func broken(_ detail: String) -> String { "net/http: HTTP/1.x transport connection broken: \(detail)" }

    /// Client.Timeout before the response headers were complete (dial included, Go ≥ 1.23).
    static let headerTimeout = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
    /// Client.Timeout while the body was being read.
    static let bodyTimeout = "context deadline exceeded (Client.Timeout or context cancellation while reading body)"

    static func quote<S: Sequence>(bytes: S) -> String where S.Element == UInt8 { GoQuote.quote(bytes: bytes) }

    static func quote(_ s: String) -> String { GoQuote.quote(s) }

    static func quote(list: [String]) -> String { GoQuote.quote(list: list) }
}
