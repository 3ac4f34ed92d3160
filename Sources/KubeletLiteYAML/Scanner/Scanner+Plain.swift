// kubelet-lite — Scanner+Plain.swift
// Plain (unquoted) scalars, which may continue over several more-indented lines (YAML 1.2 spec, section 7.3.3).

extension Scanner {
    mutating func fetchPlainScalar() throws(YAMLError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let start = mark
        let (value, endedAfterBreak) = try scanPlainScalar()
        if endedAfterBreak { simpleKeyAllowed = true }
        append(.scalar(value, .plain), at: start)
    }

    /// Returns the folded text, and whether scanning went past a line break (a new line starts).
    private mutating func scanPlainScalar() throws(YAMLError) -> (String, Bool) {
        var out: [UInt8] = []
        // Most scalars are one run of characters: its text is taken straight from the input, and `out`
        // is assembled only once a second run (a space, or another line) shows up.
        var firstRun = 0..<0
        var runs = 0
        let minimumColumn = indent + 1
        var whitespace: [UInt8] = []
        var leadingBlanks = false
        var leadingBreak = false
        var trailingBreaks = 0
        while true {
            if mark.column == 0 && isDocumentIndicator() { break }
            if byte() == UInt8(ascii: "#") { break }
            let runStart = mark.index
            scanPlainRun()
            if mark.index == runStart { break }
            if runs == 1 { out.append(contentsOf: input[firstRun]) }
            if !leadingBlanks {
                out.append(contentsOf: whitespace)
            } else if leadingBreak && trailingBreaks == 0 {
                out.append(0x20)
            } else {
                out.append(contentsOf: repeatElement(0x0A, count: trailingBreaks))
            }
            whitespace.removeAll(keepingCapacity: true)
            leadingBlanks = false
            leadingBreak = false
            trailingBreaks = 0
            if runs == 0 { firstRun = runStart..<mark.index } else { out.append(contentsOf: input[runStart..<mark.index]) }
            runs += 1
            noteContent()
            guard Scanner.isBlank(byte()) || byte() == 0x0A else { break }
            while Scanner.isBlank(byte()) || byte() == 0x0A {
                if Scanner.isBlank(byte()) {
                    if leadingBlanks && mark.column < minimumColumn && byte() == 0x09 && !restOfLineIsBlank() {
                        throw mark.error("a tab cannot be used for indentation; indent with spaces")
                    }
                    if !leadingBlanks { whitespace.append(byte()) }
                    advanceBlank()
                } else {
                    advanceLineBreak()
                    if leadingBlanks {
                        trailingBreaks += 1
                    } else {
                        leadingBlanks = true
                        leadingBreak = true
                    }
                }
            }
            if flowLevel == 0 && mark.column < minimumColumn { break }
            if flowLevel > 0 && leadingBlanks && !atEnd && byte() != UInt8(ascii: "#") { try checkFlowLineIndentation() }
        }
        if runs == 1 { return (String(decoding: input[firstRun], as: UTF8.self), leadingBlanks) }
        return (String(decoding: out, as: UTF8.self), leadingBlanks)
    }

    /// Whether only blanks, or blanks and a comment, remain on this line.
    func restOfLineIsBlank() -> Bool {
        var offset = 0
        while Scanner.isBlank(byte(offset)) { offset += 1 }
        let c = byte(offset)
        return Scanner.isBreakOrEnd(c) || c == UInt8(ascii: "#")
    }

    /// Moves over non-blank characters that belong to the scalar: it stops at ': ' and, inside flow
    /// collections, at flow indicators and ':' before one.
    private mutating func scanPlainRun() {
        let inFlow = flowLevel > 0
        while true {
            let c = byte()
            if Scanner.isBlankOrEnd(c) { return }
            if c == UInt8(ascii: ":") {
                let next = byte(1)
                if Scanner.isBlankOrEnd(next) || (inFlow && Scanner.isFlowIndicator(next)) { return }
            } else if inFlow && Scanner.isFlowIndicator(c) {
                return
            }
            if c < 0x80 {
                mark.index += 1
                mark.column += 1
            } else {
                advance()
            }
        }
    }
}
