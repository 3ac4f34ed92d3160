// kubelet-lite — Scanner+Fetch.swift
// One step of the scanner: skip whitespace and comments, close block collections, dispatch on the
// next character.

extension Scanner {
    /// Scans the next token (possibly also block-end tokens before it) into the queue.
    mutating func fetchNextToken() throws(YAMLError) {
        guard streamStarted else { return fetchStreamStart() }
        tabBeforeToken = false
        try skipToNextToken()
        try staleSimpleKeys()
        if atEnd { return try fetchStreamEnd() }
        try checkIndentation(firstOnLine: !contentOnLine)
        noteContent()
        let adjacent = adjacentValueAllowed
        adjacentValueAllowed = false
        let c = byte()
        if mark.column == 0 {
            if c == UInt8(ascii: "%") { return try fetchDirective() }
            if isDocumentIndicator() { return try fetchDocumentIndicator(start: c == UInt8(ascii: "-")) }
        }
        let following = byte(1)
        switch c {
        case UInt8(ascii: "["): try fetchFlowCollectionStart(.sequence)
        case UInt8(ascii: "{"): try fetchFlowCollectionStart(.mapping)
        case UInt8(ascii: "]"): try fetchFlowCollectionEnd(.sequence)
        case UInt8(ascii: "}"): try fetchFlowCollectionEnd(.mapping)
        case UInt8(ascii: ",") where flowLevel > 0: try fetchFlowEntry()
        case UInt8(ascii: "-") where Scanner.isBlankOrEnd(following): try fetchBlockEntry()
        case UInt8(ascii: "?") where Scanner.isBlankOrEnd(following): try fetchKey()
        case UInt8(ascii: ":") where Scanner.isBlankOrEnd(following)
            || (flowLevel > 0 && (Scanner.isFlowIndicator(following) || adjacent)):
            try fetchValue()
        case UInt8(ascii: "*"): try fetchAnchorOrAlias(alias: true)
        case UInt8(ascii: "&"): try fetchAnchorOrAlias(alias: false)
        case UInt8(ascii: "!"): try fetchTag()
        case UInt8(ascii: "|") where flowLevel == 0: try fetchBlockScalar(literal: true)
        case UInt8(ascii: ">") where flowLevel == 0: try fetchBlockScalar(literal: false)
        case UInt8(ascii: "'"): try fetchQuotedScalar(double: false)
        case UInt8(ascii: "\""): try fetchQuotedScalar(double: true)
        default:
            guard canStartPlainScalar(c) else { throw cannotStartToken(c) }
            try fetchPlainScalar()
        }
    }

    /// Skips spaces, tabs, comments and line breaks up to the next token.
    mutating func skipToNextToken() throws(YAMLError) {
        while true {
            while Scanner.isBlank(byte()) { advanceBlank() }
            if byte() == UInt8(ascii: "#") {
                if mark.index > 0 && !Scanner.isBlankOrEnd(input[mark.index - 1]) {
                    throw mark.error("a comment needs a space before '#'")
                }
                while !Scanner.isBreakOrEnd(byte()) { advance() }
            }
            guard byte() == 0x0A else { return }
            advanceLineBreak()
            if flowLevel == 0 { simpleKeyAllowed = true }
        }
    }

    /// Closes the block collections this token is less indented than, and applies YAML 1.2's rules:
    /// a tab never indents block structure, and a flow collection's lines are indented more than
    /// the block around it.
    mutating func checkIndentation(firstOnLine: Bool) throws(YAMLError) {
        let tabbed = firstOnLine && tabInIndentation
        if flowLevel == 0 {
            unrollIndent(to: tabbed ? lineIndent : mark.column)
            if tabbed && lineIndent <= indent {
                throw mark.error("a tab cannot be used for indentation; indent with spaces")
            }
        } else if firstOnLine {
            try checkFlowLineIndentation()
        }
    }

    /// A line inside a flow collection is indented more than the block around it. A line starting
    /// with ']' or '}' may sit at the indentation of the key that opened the collection (`args: [`
    /// ... `]`): YAML 1.2 wants it indented, but libyaml and go-yaml, so kubectl, accept it, and
    /// hand-written manifests use it.
    func checkFlowLineIndentation() throws(YAMLError) {
        guard lineIndent <= indent else { return }
        if lineIndent == indent && (byte() == UInt8(ascii: "]") || byte() == UInt8(ascii: "}")) { return }
        throw mark.error("this line of a flow collection must be indented by at least \(indent + 1) "
            + "space(s), more than the block around it")
    }

    mutating func fetchStreamStart() {
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { mark.index = 3 }
        streamStarted = true
        simpleKeyAllowed = true
        append(.streamStart, at: mark)
    }

    mutating func fetchStreamEnd() throws(YAMLError) {
        if let open = flowKinds.last, let start = flowStarts.last {
            let closer = open == .sequence ? "]" : "}"
            throw start.error("this flow \(open == .sequence ? "sequence" : "mapping") is never closed (expected '\(closer)')")
        }
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        streamEnded = true
        append(.streamEnd, at: mark)
    }

    /// Whether a plain scalar can start with `c` (YAML 1.2 ns-plain-first).
    func canStartPlainScalar(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            let next = byte(1)
            return !Scanner.isBlankOrEnd(next) && !(flowLevel > 0 && Scanner.isFlowIndicator(next))
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
             UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return false
        default:
            return !Scanner.isBlankOrEnd(c)
        }
    }

    func cannotStartToken(_ c: UInt8) -> YAMLError {
        let found = describeCharacter()
        switch c {
        case UInt8(ascii: "@"), UInt8(ascii: "`"):
            return mark.error("\(found) is reserved in YAML and cannot start a plain scalar; quote the value")
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return mark.error("a block scalar (\(found)) cannot appear inside a flow collection")
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            return mark.error("\(found) followed by '\(Character(Unicode.Scalar(byte(1))))' is not a value here; quote it")
        default:
            return mark.error("found \(found), which cannot start a value here; quote the value if it is text")
        }
    }
}
