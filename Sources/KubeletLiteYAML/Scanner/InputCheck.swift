// kubelet-lite — InputCheck.swift
// Before scanning: the size limit, UTF-8 only, printable characters only, and line breaks made uniform.

/// Checks and normalises the raw bytes so the scanner can assume clean UTF-8 with `\n` line breaks.
enum InputCheck {
    /// Returns the bytes with CRLF and lone CR turned into LF (positions keep their line and column),
    /// or the first problem: too large, not UTF-8, or a character YAML does not allow (YAML 1.2 spec, section 5.1).
    static func prepare(_ raw: [UInt8], maxBytes: Int) throws(YAMLError) -> [UInt8] {
        if raw.count > maxBytes {
            throw YAMLError(.limit, line: 1, column: 1,
                            reason: "the document is \(raw.count) bytes, more than the limit of \(maxBytes)")
        }
        if raw.starts(with: [0xFE, 0xFF]) || raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0, 0]) {
            throw YAMLError(line: 1, column: 1, reason: "the text is UTF-16 or UTF-32; only UTF-8 is read")
        }
        let bytes = raw.contains(0x0D) ? normalisedBreaks(raw) : raw
        try checkCharacters(bytes)
        return bytes
    }

    private static func normalisedBreaks(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == 0x0D {
                out.append(0x0A)
                if i + 1 < raw.count && raw[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    /// UTF-8 validity plus YAML's printable set: tab, LF, x20-x7E, x85, xA0-xD7FF, xE000-xFFFD, x10000+.
    private static func checkCharacters(_ bytes: [UInt8]) throws(YAMLError) {
        var i = 0
        var line = 0
        var lineStart = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A {
                    line += 1
                    lineStart = i + 1
                } else if (b < 0x20 && b != 0x09) || b == 0x7F {
                    throw failure(bytes, at: i, line: line, lineStart: lineStart,
                                  "control character U+\(hex4(UInt32(b))) is not allowed in YAML; escape it in a double-quoted string")
                }
                i += 1
                continue
            }
            guard let (scalar, length) = decode(bytes, at: i) else {
                throw failure(bytes, at: i, line: line, lineStart: lineStart, "invalid UTF-8 byte 0x\(String(b, radix: 16))")
            }
            if !isPrintable(scalar) {
                throw failure(bytes, at: i, line: line, lineStart: lineStart,
                              "character U+\(hex4(scalar)) is not allowed in YAML; escape it in a double-quoted string")
            }
            i += length
        }
    }

    static func isPrintable(_ s: UInt32) -> Bool {
        s == 0x85 || (0xA0...0xD7FF).contains(s) || (0xE000...0xFFFD).contains(s) || (0x10000...0x10FFFF).contains(s)
    }

    /// Decodes one multi-byte UTF-8 sequence, refusing overlong forms and surrogates.
    static func decode(_ bytes: [UInt8], at i: Int) -> (UInt32, Int)? {
        // The standard library's parser refuses overlong forms, surrogates and values past U+10FFFF.
        guard bytes[i] >= 0xC2 else { return nil }
        var rest = bytes[i...].makeIterator()
        var utf8 = Unicode.UTF8.ForwardParser()
        guard case .valid(let encoded) = utf8.parseScalar(from: &rest) else { return nil }
        return (Unicode.UTF8.decode(encoded).value, encoded.count)
    }

    private static func failure(_ bytes: [UInt8], at i: Int, line: Int, lineStart: Int, _ reason: String) -> YAMLError {
        var column = 0
        for k in lineStart..<i where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return YAMLError(line: line + 1, column: column + 1, reason: reason)
    }

    static func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
