// kubelet-lite — Support/GoFormat.swift
// The few Go formatting rules the kubelet's probe messages depend on: `%q` quoting, `%v` of a
// `time.Duration`, and `net.JoinHostPort`. Kept here so the module needs nothing but Glibc.

/// Go's text formatting for the values that appear in probe messages.
public enum GoFormat {
    /// Go's `%q` of a string of bytes (`strconv.Quote`): printable Unicode kept, `\"`, `\\`,
    /// C escapes, `\xNN` for bytes of invalid UTF-8, `\u00NN` for C1 controls.
    public static func quote<S: Sequence>(bytes: S) -> String where S.Element == UInt8 {
        let b = Array(bytes)
        var out = "\""
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                out += escapeASCII(c)
                i += 1
            } else if let (scalar, width) = decodeScalar(b, at: i) {
                if scalar.value < 0xA0 { out += "\\u00" + hex2(UInt8(scalar.value)) } else { out.unicodeScalars.append(scalar) }
                i += width
            } else {
                out += "\\x" + hex2(c)
                i += 1
            }
        }
        return out + "\""
    }

    public static func quote(_ s: String) -> String { quote(bytes: s.utf8) }

    /// Go's `time.Duration.String()` (what `%v` prints): `1s`, `500ms`, `1m30s`, `2h0m0s`, `0s`.
    public static func duration(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let u = nanoseconds.magnitude
        let sign = negative ? "-" : ""
        if u < 1_000_000_000 {
            // Below a second Go picks the largest of ns, µs, ms that keeps a non-zero integer part.
            let (unit, scale): (String, UInt64) = u < 1_000 ? ("ns", 1) : u < 1_000_000 ? ("µs", 1_000) : ("ms", 1_000_000)
            return sign + fraction(u, scale: scale) + unit
        }
        let hours = u / 3_600_000_000_000
        let minutes = (u / 60_000_000_000) % 60
        let seconds = fraction(u % 60_000_000_000, scale: 1_000_000_000) + "s"
        if hours > 0 { return "\(sign)\(hours)h\(minutes)m\(seconds)" }
        if minutes > 0 { return "\(sign)\(minutes)m\(seconds)" }
        return sign + seconds
    }

    /// `%v` of a Swift `Duration` (truncated to whole nanoseconds, as a Go duration is).
    public static func duration(_ d: Duration) -> String {
        let (s, atto) = d.components
        return duration(nanoseconds: s * 1_000_000_000 + atto / 1_000_000_000)
    }

    /// `net.JoinHostPort`: brackets around a host that contains a colon (IPv6).
    public static func joinHostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `value / scale` with the remainder as a trimmed decimal fraction (`1.5`, `250`).
    private static func fraction(_ value: UInt64, scale: UInt64) -> String {
        let whole = value / scale
        var rest = value % scale
        guard rest != 0 else { return "\(whole)" }
        var digits = ""
        var s = scale
        while rest != 0 {
            s /= 10
            digits.append(Character(Unicode.Scalar(UInt8(48 + rest / s))))
            rest %= s
        }
        return "\(whole).\(digits)"
    }

    private static func escapeASCII(_ c: UInt8) -> String {
        switch c {
        case 0x22: return "\\\""
        case 0x5C: return "\\\\"
        case 0x07: return "\\a"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x0B: return "\\v"
        case 0x20..<0x7F: return String(Unicode.Scalar(c))
        default: return "\\x" + hex2(c)
        }
    }

    static func hex2(_ v: UInt8) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        return String([digits[Int(v >> 4)], digits[Int(v & 15)]])
    }

    /// One UTF-8 scalar at `i`, rejecting overlong forms and surrogates as Go does.
    private static func decodeScalar(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        // The standard library's decoder refuses overlong forms, surrogates and values past U+10FFFF.
        guard b[i] >= 0xC2 else { return nil }
        var bytes = b[i...].makeIterator()
        var utf8 = Unicode.UTF8.ForwardParser()
        guard case .valid(let encoded) = utf8.parseScalar(from: &bytes) else { return nil }
        return (Unicode.UTF8.decode(encoded), encoded.count)
    }
}
