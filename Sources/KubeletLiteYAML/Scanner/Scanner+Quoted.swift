// kubelet-lite — Scanner+Quoted.swift
// Single- and double-quoted scalars: escapes, and line folding (YAML 1.2 spec, section 7.3).

extension Scanner {
    mutating func fetchQuotedScalar(double: Bool) throws(YAMLError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let start = mark
        let value = try scanQuotedScalar(double: double, start: start)
        append(.scalar(value, double ? .doubleQuoted : .singleQuoted), at: start)
        adjacentValueAllowed = true
    }

    private mutating func scanQuotedScalar(double: Bool, start: Mark) throws(YAMLError) -> String {
        let quote = double ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        advance()
        var out: [UInt8] = []
        while true {
            let escapedBreak = try scanQuotedRun(double: double, quote: quote, start: start, into: &out)
            if !escapedBreak && byte() == quote {
                advance()
                return String(decoding: out, as: UTF8.self)
            }
            try foldQuotedWhitespace(afterEscapedBreak: escapedBreak, start: start, into: &out)
        }
    }

    /// Copies characters up to whitespace, a line break or the closing quote, decoding escapes.
    /// Returns true when it stopped after an escaped line break (`\` at the end of a line).
    private mutating func scanQuotedRun(double: Bool, quote: UInt8, start: Mark,
                                        into out: inout [UInt8]) throws(YAMLError) -> Bool {
        var runStart = mark.index
        while true {
            let c = byte()
            if atEnd {
                throw start.error("this quoted scalar is never closed (expected \(double ? "'\"'" : "\"'\""))")
            }
            if Scanner.isBlankOrEnd(c) { break }
            if c == quote {
                if double || byte(1) != quote { break }
                out.append(contentsOf: input[runStart..<mark.index])
                out.append(quote)
                advance()
                advance()
                runStart = mark.index
                continue
            }
            if double && c == UInt8(ascii: "\\") {
                out.append(contentsOf: input[runStart..<mark.index])
                if byte(1) == 0x0A {
                    advance()
                    advanceLineBreak()
                    try checkQuotedLine(start: start)
                    return true
                }
                try scanEscape(into: &out)
                runStart = mark.index
                continue
            }
            advance()
        }
        out.append(contentsOf: input[runStart..<mark.index])
        return false
    }

    /// Folds the whitespace and line breaks between runs: one break becomes a space, more become
    /// newlines; whitespace around breaks is dropped.
    private mutating func foldQuotedWhitespace(afterEscapedBreak: Bool, start: Mark,
                                               into out: inout [UInt8]) throws(YAMLError) {
        var whitespace: [UInt8] = []
        var leadingBlanks = afterEscapedBreak
        var leadingBreak = false
        var trailingBreaks = 0
        while Scanner.isBlank(byte()) || byte() == 0x0A {
            if Scanner.isBlank(byte()) {
                if !leadingBlanks { whitespace.append(byte()) }
                advanceBlank()
            } else {
                advanceLineBreak()
                try checkQuotedLine(start: start)
                if leadingBlanks {
                    trailingBreaks += 1
                } else {
                    leadingBlanks = true
                    leadingBreak = true
                }
            }
        }
        if leadingBlanks && !atEnd && lineIndent <= indent {
            throw mark.error("this line of a quoted scalar must be indented by at least \(indent + 1) space(s), "
                + "more than the block around it")
        }
        if leadingBlanks { noteContent() }
        if !leadingBlanks {
            out.append(contentsOf: whitespace)
        } else if leadingBreak && trailingBreaks == 0 {
            out.append(0x20)
        } else {
            out.append(contentsOf: repeatElement(0x0A, count: trailingBreaks))
        }
    }

    /// A new line inside a quoted scalar may not be a document marker.
    private func checkQuotedLine(start: Mark) throws(YAMLError) {
        if isDocumentIndicator() {
            throw mark.error("a document marker inside a quoted scalar (the quote opened at line \(start.line + 1) is not closed)")
        }
    }

    /// Decodes one escape sequence of a double-quoted scalar (YAML 1.2 spec, section 5.7).
    private mutating func scanEscape(into out: inout [UInt8]) throws(YAMLError) {
        let escape = mark
        let e = byte(1)
        var digits = 0
        switch e {
        case UInt8(ascii: "0"): out.append(0)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"), 0x09: out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"): out.append(e)
        case UInt8(ascii: "N"): out.append(contentsOf: [0xC2, 0x85])
        case UInt8(ascii: "_"): out.append(contentsOf: [0xC2, 0xA0])
        case UInt8(ascii: "L"): out.append(contentsOf: [0xE2, 0x80, 0xA8])
        case UInt8(ascii: "P"): out.append(contentsOf: [0xE2, 0x80, 0xA9])
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        case UInt8(ascii: "'") where !strictEscapes:
            // go-yaml v2 (and so kubectl) accepts \' although YAML 1.2 does not define it.
            out.append(e)
        default:
            advance()
            let hint = e == UInt8(ascii: "'") ? " (a ' needs no backslash inside double quotes)" : ""
            throw escape.error("invalid escape '\\\(describeCharacter().dropFirst().dropLast())' in a double-quoted scalar\(hint)")
        }
        advance()
        advance()
        guard digits > 0 else { return }
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let d = Scanner.hexValue(byte()) else {
                throw mark.error("expected \(digits) hex digits after '\\\(Character(Unicode.Scalar(e)))'")
            }
            value = value << 4 | d
            advance()
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw escape.error("the escape '\\\(Character(Unicode.Scalar(e)))' names no Unicode character")
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
}
