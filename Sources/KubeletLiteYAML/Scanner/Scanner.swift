// kubelet-lite — Scanner.swift
// Turns YAML text into tokens on demand, the way libyaml's scanner is laid out: block structure from
// indentation, implicit keys found when their ':' arrives, with YAML 1.2's rules for tabs added.

/// The tokenizer: the parser pulls tokens with `peek` and `next`.
struct Scanner {
    let input: [UInt8]
    let strictEscapes: Bool
    let maxDepth: Int
    var mark = Mark.start

    // The token queue: a KEY or block-start token may be inserted before tokens already queued.
    var queue: [Token] = []
    var head = 0
    var tokensTaken = 0
    var streamStarted = false
    var streamEnded = false

    // Block structure: the indentation of each open block collection.
    var indent = -1
    var indents: [Int] = []

    // Flow structure and implicit keys: one candidate key per flow level (index 0 is the block level).
    var flowKinds: [FlowKind] = []
    var flowStarts: [Mark] = []
    var simpleKeys: [SimpleKey] = [SimpleKey()]
    var simpleKeyAllowed = false
    /// The previous token was a quoted scalar or a flow collection's end: in flow context a ':'
    /// right after it is a value indicator even without a space (`{"a":1}`).
    var adjacentValueAllowed = false

    // The current line: its indentation (spaces only), and whether tabs or content came first.
    var lineIndent = 0
    var inIndentation = true
    var tabInIndentation = false
    var contentOnLine = false
    /// A tab was among the whitespace between the previous token and this one.
    var tabBeforeToken = false

    var flowLevel: Int { flowKinds.count }

    init(_ input: [UInt8], strictEscapes: Bool, maxDepth: Int) {
        self.input = input
        self.strictEscapes = strictEscapes
        self.maxDepth = maxDepth
    }

    /// The next token, left in place.
    mutating func peek() throws(YAMLError) -> Token {
        try fill()
        return queue[head]
    }

    /// Takes the next token.
    @discardableResult
    mutating func next() throws(YAMLError) -> Token {
        try fill()
        let token = queue[head]
        if case .streamEnd = token.kind { return token }
        head += 1
        tokensTaken += 1
        if head >= 4096 && head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return token
    }

    /// Scans until the head token is final: no implicit key can still be inserted before it.
    private mutating func fill() throws(YAMLError) {
        while true {
            if head < queue.count {
                if streamEnded || !keyMayPrecedeHead() { return }
                try staleSimpleKeys()
                if !keyMayPrecedeHead() { return }
            }
            try fetchNextToken()
        }
    }

    /// Whether an implicit-key candidate starts at the head token (so a KEY may yet go before it).
    private func keyMayPrecedeHead() -> Bool {
        for key in simpleKeys where key.possible && key.tokenNumber == tokensTaken { return true }
        return false
    }

    // MARK: Characters

    @inline(__always) func byte(_ offset: Int = 0) -> UInt8 {
        let i = mark.index + offset
        return i < input.count ? input[i] : 0
    }

    var atEnd: Bool { mark.index >= input.count }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    @inline(__always) static func isBreakOrEnd(_ b: UInt8) -> Bool { b == 0x0A || b == 0 }
    @inline(__always) static func isBlankOrEnd(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0 }

    @inline(__always) static func isFlowIndicator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: "{") || b == UInt8(ascii: "}")
    }

    /// Moves past one character that is not a line break (all of its UTF-8 bytes).
    @inline(__always) mutating func advance() {
        let lead = input[mark.index]
        mark.index += 1
        if lead >= 0xC0 {
            while mark.index < input.count && input[mark.index] & 0xC0 == 0x80 { mark.index += 1 }
        }
        mark.column += 1
    }

    /// Moves past a space or a tab, keeping count of the line's indentation.
    @inline(__always) mutating func advanceBlank() {
        if input[mark.index] == 0x20 {
            if inIndentation { lineIndent += 1 }
        } else {
            tabBeforeToken = true
            if inIndentation {
                tabInIndentation = true
                inIndentation = false
            }
        }
        mark.index += 1
        mark.column += 1
    }

    /// Moves past a line break to the start of the next line.
    mutating func advanceLineBreak() {
        mark.index += 1
        mark.line += 1
        mark.column = 0
        lineIndent = 0
        inIndentation = true
        tabInIndentation = false
        contentOnLine = false
        tabBeforeToken = false
    }

    /// Content begins at the current character.
    @inline(__always) mutating func noteContent() {
        inIndentation = false
        contentOnLine = true
    }

    /// The characters from `start` to here, as text.
    func text(from start: Int) -> String {
        String(decoding: input[start..<mark.index], as: UTF8.self)
    }

    mutating func append(_ kind: TokenKind, at start: Mark) {
        queue.append(Token(kind: kind, start: start))
    }

    /// Whether a `---` or `...` line marker starts here (the caller checks for column 0).
    func isDocumentIndicator() -> Bool {
        let c = byte()
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
        return byte(1) == c && byte(2) == c && Scanner.isBlankOrEnd(byte(3))
    }

    /// The character at `mark` as an error message shows it.
    func describeCharacter() -> String {
        let c = byte()
        if c == 0 { return "the end of the input" }
        if c == 0x09 { return "a tab" }
        if c < 0x80 { return "'\(Character(Unicode.Scalar(c)))'" }
        guard let (scalar, _) = InputCheck.decode(input, at: mark.index), let s = Unicode.Scalar(scalar) else { return "a character" }
        return "'\(Character(s))'"
    }
}
