// kubelet-lite — Parser.swift
// Tokens to documents: the stream and document grammar (YAML 1.2 spec, section 9), directives and tag handles.

/// Builds node trees from the scanner's tokens, one document after another.
struct Parser {
    var scanner: Scanner
    let options: YAMLOptions
    var anchors: AnchorTable
    var depth = 0
    /// The tag handles of the current document: '!' and '!!' plus those its %TAG directives declare.
    var tagHandles: [String: String] = [:]

    static let defaultTagHandles = ["!": "!", "!!": "tag:yaml.org,2002:"]

    init(_ input: [UInt8], options: YAMLOptions) {
        scanner = Scanner(input, strictEscapes: options.strictEscapes, maxDepth: options.maxDepth)
        self.options = options
        anchors = AnchorTable(floor: options.aliasBudgetFloor, factor: options.aliasBudgetFactor)
    }

    /// Every document of the stream, in order.
    mutating func parseStream() throws(YAMLError) -> [YAMLDocument] {
        try scanner.next()
        var documents: [YAMLDocument] = []
        // Directives may open the stream, or follow a document closed by '...'.
        var directivesAllowed = true
        while true {
            let directives = try parseDirectives(allowed: directivesAllowed)
            let token = try scanner.peek()
            if case .streamEnd = token.kind {
                if let directive = directives { throw directive.error("a directive must be followed by a document ('---')") }
                return documents
            }
            if case .documentEnd = token.kind {
                if let directive = directives { throw directive.error("a directive must be followed by a document ('---')") }
                try scanner.next()
                directivesAllowed = true
                continue
            }
            documents.append(try parseDocument(hasDirectives: directives != nil))
            directivesAllowed = try finishDocument()
        }
    }

    /// One document: explicit (after '---') or bare.
    private mutating func parseDocument(hasDirectives: Bool) throws(YAMLError) -> YAMLDocument {
        anchors.startDocument()
        let token = try scanner.peek()
        guard case .documentStart = token.kind else {
            if hasDirectives { throw token.start.error("expected '---' after the directives, found \(token.described)") }
            return YAMLDocument(root: try parseNode(block: true, indentless: false), hasContent: true)
        }
        try scanner.next()
        switch try scanner.peek().kind {
        case .documentStart, .documentEnd, .streamEnd, .versionDirective, .tagDirective, .reservedDirective:
            return YAMLDocument(root: .empty(at: token.start), hasContent: false)
        default:
            return YAMLDocument(root: try parseNode(block: true, indentless: false), hasContent: true)
        }
    }

    /// After a document's node: '...', the next '---', or the end. Returns whether directives may follow.
    private mutating func finishDocument() throws(YAMLError) -> Bool {
        let token = try scanner.peek()
        switch token.kind {
        case .documentEnd:
            try scanner.next()
            return true
        case .documentStart, .streamEnd:
            return false
        case .versionDirective, .tagDirective, .reservedDirective:
            throw token.start.error("a directive must come after '...' (end the previous document first)")
        default:
            throw token.start.error("expected the end of the document, found \(token.described)")
        }
    }

    /// Reads %YAML and %TAG directives; returns the position of the first one, if any.
    private mutating func parseDirectives(allowed: Bool) throws(YAMLError) -> Mark? {
        tagHandles = Parser.defaultTagHandles
        var first: Mark?
        var sawVersion = false
        var declared: Set<String> = []
        while true {
            let token = try scanner.peek()
            switch token.kind {
            case .versionDirective:
                if sawVersion { throw token.start.error("a document can have only one %YAML directive") }
                sawVersion = true
            case .tagDirective(let handle, let prefix):
                if !declared.insert(handle).inserted {
                    throw token.start.error("the tag handle '\(handle)' is declared twice")
                }
                tagHandles[handle] = prefix
            case .reservedDirective:
                break
            default:
                return first
            }
            if !allowed { throw token.start.error("a directive must come after '...' (end the previous document first)") }
            first = first ?? token.start
            try scanner.next()
        }
    }

    /// The full tag a written tag stands for.
    func resolveTag(handle: String, suffix: String, at mark: Mark) throws(YAMLError) -> String {
        if handle.isEmpty { return suffix }
        if handle == "!" && suffix.isEmpty { return "!" }
        guard let prefix = tagHandles[handle] else {
            throw mark.error("the tag handle '\(handle)' is not declared by a %TAG directive")
        }
        return prefix + suffix
    }

    mutating func enter(_ mark: Mark) throws(YAMLError) {
        depth += 1
        if depth > options.maxDepth { throw mark.error("nesting deeper than \(options.maxDepth) levels", .limit) }
    }
}
