// kubelet-lite — Token.swift
// The scanner's output: YAML's indicators and scalars, with block structure made explicit.

/// One token kind; block collections are bracketed by start and `blockEnd` tokens the scanner
/// derives from indentation, so the parser sees block and flow collections alike.
enum TokenKind: Equatable {
    case streamStart
    case streamEnd
    case versionDirective(String)
    case tagDirective(handle: String, prefix: String)
    /// A directive YAML reserves (`%FOO ...`): accepted and ignored.
    case reservedDirective
    case documentStart
    case documentEnd
    case blockSequenceStart
    case blockMappingStart
    case blockEnd
    case flowSequenceStart
    case flowSequenceEnd
    case flowMappingStart
    case flowMappingEnd
    case blockEntry
    case flowEntry
    case key
    case value
    case alias(String)
    case anchor(String)
    /// A tag as written: `handle` is "!", "!!", "!name!", or "" for a verbatim `!<...>` tag.
    case tag(handle: String, suffix: String)
    case scalar(String, YAMLScalarStyle)
}

/// A token and the place it starts.
struct Token {
    var kind: TokenKind
    var start: Mark

    /// The token as an error message names it ("found ':'").
    var described: String {
        switch kind {
        case .streamStart: "the start of the input"
        case .streamEnd: "the end of the input"
        case .versionDirective, .tagDirective, .reservedDirective: "a directive ('%')"
        case .documentStart: "a document start ('---')"
        case .documentEnd: "a document end ('...')"
        case .blockSequenceStart: "a sequence entry ('- ') at column \(start.column + 1)"
        case .blockMappingStart: "a mapping key at column \(start.column + 1)"
        case .blockEnd: "less indentation (the end of a block collection)"
        case .flowSequenceStart: "'['"
        case .flowSequenceEnd: "']'"
        case .flowMappingStart: "'{'"
        case .flowMappingEnd: "'}'"
        case .blockEntry: "a sequence entry ('-')"
        case .flowEntry: "','"
        case .key: "a mapping key"
        case .value: "':'"
        case .alias(let name): "the alias '*\(name)'"
        case .anchor(let name): "the anchor '&\(name)'"
        case .tag(let handle, let suffix): handle.isEmpty ? "the tag '!<\(suffix)>'" : "the tag '\(handle)\(suffix)'"
        case .scalar(let text, _): "the scalar '\(Token.excerpt(text))'"
        }
    }

    static func excerpt(_ text: String) -> String {
        var out = ""
        for ch in text.unicodeScalars.prefix(24) { out.unicodeScalars.append(ch == "\n" ? " " : ch) }
        return text.unicodeScalars.count > 24 ? out + "..." : out
    }
}

/// A place where a mapping key written without '?' could start, recorded until its ':' shows up.
struct SimpleKey {
    var possible = false
    /// At the indentation of the block mapping: a ':' must follow, or the line is an error.
    var required = false
    /// The number of the token the KEY token will be inserted before.
    var tokenNumber = 0
    var mark = Mark.start
    /// A tab separated it from what precedes it on its line: it cannot start a block mapping.
    var afterTab = false
}

/// The kind of an open flow collection.
enum FlowKind {
    case sequence
    case mapping
}
