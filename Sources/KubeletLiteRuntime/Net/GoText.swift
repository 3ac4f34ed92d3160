// kubelet-lite — Net/GoText.swift
// Go's error wording: %q quoting, net.OpError and url.Error shapes (the kubelet prints err.Error()).

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

    /// Go's `%q` for a string of bytes: double quotes, backslash escapes, `\xNN` for invalid UTF-8,
    /// printable Unicode kept. Used for URLs and malformed status lines in error texts.
    static func quote<S: Sequence>(bytes: S) -> String where S.Element == UInt8 {
        let b = Array(bytes)
        var out = "\""
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                switch c {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x07: out += "\\a"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x0B: out += "\\v"
                case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(c))
                default: out += "\\x" + hex2(c)
                }
                i += 1
                continue
            }
            // A multi-byte sequence: keep it if it is valid UTF-8, else escape this one byte.
            if let (scalar, width) = decodeScalar(b, at: i) {
                if scalar.value < 0xA0 {
                    out += "\\u00" + hex2(UInt8(scalar.value))
                } else {
                    out.unicodeScalars.append(scalar)
                }
                i += width
            } else {
                out += "\\x" + hex2(c)
                i += 1
            }
        }
        return out + "\""
    }

    static func quote(_ s: String) -> String { quote(bytes: s.utf8) }

    /// Go's `%q` of a `[]string`: `["1" "2"]`.
    static func quote(list: [String]) -> String { "[" + list.map { quote($0) }.joined(separator: " ") + "]" }

    private static func hex2(_ v: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(v >> 4)], digits[Int(v & 15)]])
    }

    private static func decodeScalar(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let lead = b[i]
        let width: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: width = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: width = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: width = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard i + width <= b.count else { return nil }
        for k in 1..<width {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        // Reject overlong forms and surrogates, which Go also treats as invalid.
        let minimum: UInt32 = width == 3 ? 0x800 : width == 4 ? 0x10000 : 0x80
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, width)
    }
}
