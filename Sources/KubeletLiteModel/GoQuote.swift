// kubelet-lite — GoQuote.swift
// Go's `%q` quoting: Kubernetes messages quote values, paths and outputs this way.

/// Quotes text as Go's `%q` verb does, so messages read exactly as the kubelet's and API server's.
public enum GoQuote {
    /// Go's `%q` for a string of bytes: double quotes, backslash escapes, `\xNN` for invalid UTF-8,
    /// printable Unicode kept. Used for URLs and malformed status lines in error texts.
    public static func quote<S: Sequence>(bytes: S) -> String where S.Element == UInt8 {
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

    public static func quote(_ s: String) -> String { quote(bytes: s.utf8) }

    /// Go's `%q` of a `[]string`: `["1" "2"]`.
    public static func quote(list: [String]) -> String { "[" + list.map { quote($0) }.joined(separator: " ") + "]" }

    private static func hex2(_ v: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(v >> 4)], digits[Int(v & 15)]])
    }

    private static func decodeScalar(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        // The standard library's decoder refuses overlong forms, surrogates and values past U+10FFFF.
        guard b[i] >= 0xC2 else { return nil }
        var bytes = b[i...].makeIterator()
        var utf8 = Unicode.UTF8.ForwardParser()
        guard case .valid(let encoded) = utf8.parseScalar(from: &bytes) else { return nil }
        return (Unicode.UTF8.decode(encoded), encoded.count)
    }
}
