// kubelet-lite — Scanner+Properties.swift
// Directives, document markers, anchors, aliases and tags.

extension Scanner {
    mutating func fetchDocumentIndicator(start: Bool) throws(YAMLError) {
        if flowLevel > 0 {
            throw mark.error("a document marker ('---' or '...') cannot appear inside a flow collection")
        }
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        let begin = mark
        for _ in 0..<3 { advance() }
        append(start ? .documentStart : .documentEnd, at: begin)
        if !start {
            // YAML 1.2 spec, section 9.1.4: '...' ends the document; only a comment may follow it on its line.
            try skipToLineEnd(after: "'...'")
        }
    }

    /// Skips blanks and a comment to the end of the line; anything else is an error.
    mutating func skipToLineEnd(after what: String) throws(YAMLError) {
        var sawBlank = false
        while Scanner.isBlank(byte()) {
            advanceBlank()
            sawBlank = true
        }
        if byte() == UInt8(ascii: "#") {
            if !sawBlank { throw mark.error("a comment needs a space before '#'") }
            while !Scanner.isBreakOrEnd(byte()) { advance() }
        }
        if !Scanner.isBreakOrEnd(byte()) {
            throw mark.error("unexpected \(describeCharacter()) after \(what); only a comment may follow on this line")
        }
    }

    mutating func fetchDirective() throws(YAMLError) {
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        let start = mark
        advance()
        let nameStart = mark.index
        while !Scanner.isBlankOrEnd(byte()) { advance() }
        let name = text(from: nameStart)
        if name.isEmpty { throw start.error("expected a directive name after '%'") }
        let kind: TokenKind
        switch name {
        case "YAML":
            kind = .versionDirective(try scanVersion())
        case "TAG":
            let handle = try scanTagHandleParameter()
            let prefix = try scanTagPrefixParameter()
            kind = .tagDirective(handle: handle, prefix: prefix)
        default:
            // Reserved directives (YAML 1.2 spec, section 6.8.1) are ignored, parameters and all.
            while !Scanner.isBreakOrEnd(byte()) { advance() }
            kind = .reservedDirective
        }
        try skipToLineEnd(after: "the %\(name) directive")
        append(kind, at: start)
    }

    mutating func skipSeparatingBlanks(before what: String) throws(YAMLError) {
        guard Scanner.isBlank(byte()) else { throw mark.error("expected a space before \(what)") }
        while Scanner.isBlank(byte()) { advanceBlank() }
    }

    private mutating func scanVersion() throws(YAMLError) -> String {
        try skipSeparatingBlanks(before: "the YAML version")
        let start = mark
        let digits = { (s: inout Scanner) -> Int in
            var n = 0
            while s.byte() >= UInt8(ascii: "0") && s.byte() <= UInt8(ascii: "9") {
                s.advance()
                n += 1
            }
            return n
        }
        let major = digits(&self)
        guard major > 0, byte() == UInt8(ascii: "."), (advance(), digits(&self)).1 > 0, Scanner.isBlankOrEnd(byte()) else {
            throw start.error("expected a version such as 1.2 after %YAML")
        }
        let version = text(from: start.index)
        guard version.hasPrefix("1.") else { throw start.error("YAML \(version) is not supported (only 1.x)") }
        return version
    }

    private mutating func scanTagHandleParameter() throws(YAMLError) -> String {
        try skipSeparatingBlanks(before: "the tag handle")
        let start = mark
        guard byte() == UInt8(ascii: "!") else { throw start.error("expected a tag handle ('!', '!!' or '!name!')") }
        advance()
        while Scanner.isWordCharacter(byte()) { advance() }
        if byte() == UInt8(ascii: "!") {
            advance()
        } else if mark.index - start.index > 1 {
            throw start.error("a named tag handle must end with '!'")
        }
        guard Scanner.isBlank(byte()) else { throw mark.error("expected a space after the tag handle") }
        return text(from: start.index)
    }

    private mutating func scanTagPrefixParameter() throws(YAMLError) -> String {
        try skipSeparatingBlanks(before: "the tag prefix")
        let start = mark
        let prefix = try scanTagCharacters(verbatim: true)
        if prefix.isEmpty { throw start.error("expected a tag prefix") }
        return prefix
    }

    mutating func fetchAnchorOrAlias(alias: Bool) throws(YAMLError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let start = mark
        advance()
        let nameStart = mark.index
        // YAML 1.2 ns-anchor-char: anything but blanks and flow indicators.
        while !Scanner.isBlankOrEnd(byte()) && !Scanner.isFlowIndicator(byte()) { advance() }
        let name = text(from: nameStart)
        let sigil = alias ? "*" : "&"
        if name.isEmpty { throw start.error("expected a name after '\(sigil)'") }
        if !Scanner.isBlankOrEnd(byte()) && flowLevel == 0 {
            throw mark.error("expected a space after '\(sigil)\(name)', found \(describeCharacter())")
        }
        append(alias ? .alias(name) : .anchor(name), at: start)
    }

    mutating func fetchTag() throws(YAMLError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let start = mark
        let handle: String
        let suffix: String
        if byte(1) == UInt8(ascii: "<") {
            advance()
            advance()
            handle = ""
            suffix = try scanTagCharacters(verbatim: true)
            guard byte() == UInt8(ascii: ">"), !suffix.isEmpty else {
                throw mark.error("expected a tag and '>' to end the verbatim tag '!<...>'")
            }
            advance()
        } else {
            var length = 1
            while Scanner.isWordCharacter(byte(length)) { length += 1 }
            if byte(length) == UInt8(ascii: "!") {
                for _ in 0...length { advance() }
                handle = text(from: start.index)
                suffix = try scanTagCharacters(verbatim: false)
                if suffix.isEmpty { throw mark.error("expected a tag name after '\(handle)'") }
            } else {
                advance()
                handle = "!"
                suffix = try scanTagCharacters(verbatim: false)
            }
        }
        if !Scanner.isBlankOrEnd(byte()) && !(flowLevel > 0 && Scanner.isFlowIndicator(byte())) {
            throw mark.error("expected a space after the tag, found \(describeCharacter())")
        }
        append(.tag(handle: handle, suffix: suffix), at: start)
    }

    static func isWordCharacter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "-")
    }

    /// URI characters of a tag, `%XX` escapes decoded. Shorthand tags exclude '!' and flow indicators.
    mutating func scanTagCharacters(verbatim: Bool) throws(YAMLError) -> String {
        var bytes: [UInt8] = []
        while true {
            let c = byte()
            if c == UInt8(ascii: "%") {
                guard let high = Scanner.hexValue(byte(1)), let low = Scanner.hexValue(byte(2)) else {
                    throw mark.error("expected two hex digits after '%' in a tag")
                }
                bytes.append(UInt8(high << 4 | low))
                for _ in 0..<3 { advance() }
            } else if Scanner.isWordCharacter(c) || Scanner.tagPunctuation.contains(c)
                        || (verbatim && (c == UInt8(ascii: "!") || Scanner.isFlowIndicator(c))) {
                bytes.append(c)
                advance()
            } else {
                break
            }
        }
        guard let tag = String(validating: bytes, as: UTF8.self) else {
            throw mark.error("a %-escaped tag is not valid UTF-8")
        }
        return tag
    }

    private static let tagPunctuation: Set<UInt8> = Set("#;/?:@&=+$_.~*'()".utf8)

    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
