// kubelet-lite — Scanner+Block.swift
// Literal (|) and folded (>) block scalars: header, indentation, folding and chomping (YAML 1.2 spec, section 8.1).

extension Scanner {
    mutating func fetchBlockScalar(literal: Bool) throws(YAMLError) {
        try removeSimpleKey()
        simpleKeyAllowed = true
        let start = mark
        let value = try scanBlockScalar(literal: literal)
        append(.scalar(value, literal ? .literal : .folded), at: start)
    }

    /// The header's indicators: chomping (-1 strip, 0 clip, +1 keep) and the indentation increment.
    private mutating func scanBlockHeader() throws(YAMLError) -> (chomping: Int, increment: Int) {
        advance()
        var chomping: Int?
        var increment: Int?
        for _ in 0..<2 {
            let c = byte()
            if chomping == nil && (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) {
                chomping = c == UInt8(ascii: "+") ? 1 : -1
                advance()
            } else if increment == nil && c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                if c == UInt8(ascii: "0") || (byte(1) >= UInt8(ascii: "0") && byte(1) <= UInt8(ascii: "9")) {
                    throw mark.error("a block scalar's indentation indicator is one digit from 1 to 9")
                }
                increment = Int(c - UInt8(ascii: "0"))
                advance()
            }
        }
        try skipToLineEnd(after: "the block scalar indicator (its text starts on the next line)")
        return (chomping ?? 0, increment ?? 0)
    }

    private mutating func scanBlockScalar(literal: Bool) throws(YAMLError) -> String {
        let (chomping, increment) = try scanBlockHeader()
        // A header at the very end of the input has no lines after it: the scalar is empty.
        guard byte() == 0x0A else { return "" }
        advanceLineBreak()
        let parentIndent = indent
        var known: Int? = increment > 0 ? max(parentIndent, -1) + increment : nil
        var trailingBreaks = try scanBlockBreaks(contentIndent: &known, parentIndent: parentIndent)
        var contentIndent = known ?? parentIndent + 1
        var out: [UInt8] = []
        var leadingBreak = false
        var leadingBlank = false
        while mark.column == contentIndent && !atEnd && !(mark.column == 0 && isDocumentIndicator()) {
            let trailingBlank = Scanner.isBlank(byte())
            if !literal && leadingBreak && !leadingBlank && !trailingBlank {
                // Folding: a single line break between two text lines becomes a space.
                if trailingBreaks == 0 { out.append(0x20) }
            } else if leadingBreak {
                out.append(0x0A)
            }
            leadingBreak = false
            out.append(contentsOf: repeatElement(0x0A, count: trailingBreaks))
            leadingBlank = trailingBlank
            let lineStart = mark.index
            noteContent()
            while !Scanner.isBreakOrEnd(byte()) { advance() }
            out.append(contentsOf: input[lineStart..<mark.index])
            if atEnd {
                // The end of the input ends the last line as a line break would.
                leadingBreak = true
                trailingBreaks = 0
                break
            }
            advanceLineBreak()
            leadingBreak = true
            known = contentIndent
            trailingBreaks = try scanBlockBreaks(contentIndent: &known, parentIndent: parentIndent)
            contentIndent = known ?? contentIndent
        }
        if chomping != -1 && leadingBreak { out.append(0x0A) }
        if chomping == 1 { out.append(contentsOf: repeatElement(0x0A, count: trailingBreaks)) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Consumes indentation and empty lines; returns how many line breaks it passed. When the
    /// indentation is not known yet, the first line with text sets it (YAML 1.2 spec, section 8.1.1.1), and no
    /// empty line before it may have more spaces.
    private mutating func scanBlockBreaks(contentIndent: inout Int?, parentIndent: Int) throws(YAMLError) -> Int {
        var breaks = 0
        var widestEmpty = 0
        var widestEmptyMark = mark
        while true {
            while byte() == 0x20 && mark.column < (contentIndent ?? Int.max) { advanceBlank() }
            if byte() == 0x09 && mark.column < (contentIndent ?? parentIndent + 1) {
                throw mark.error("a tab cannot be used for indentation; indent with spaces")
            }
            // A last line of spaces with no line break still counts as an empty line.
            let endsWithSpaces = atEnd && mark.column > 0
            guard byte() == 0x0A || endsWithSpaces else { break }
            if mark.column > widestEmpty {
                widestEmpty = mark.column
                widestEmptyMark = mark
            }
            breaks += 1
            if endsWithSpaces { break }
            advanceLineBreak()
        }
        if contentIndent == nil {
            let detected = atEnd ? widestEmpty : mark.column
            if !atEnd && detected > parentIndent && widestEmpty > detected {
                throw widestEmptyMark.error("an empty line at the start of a block scalar has more spaces "
                    + "(\(widestEmpty)) than its first line of text (\(detected))")
            }
            contentIndent = max(detected, parentIndent + 1)
        }
        return breaks
    }
}
