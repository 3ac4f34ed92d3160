// kubelet-lite — Parser+Nodes.swift
// Nodes: properties (anchor, tag), aliases, scalars, and block and flow collections.

extension Parser {
    /// One node, with its properties. `indentless` allows a block sequence at its parent mapping's
    /// indentation (`key:` then `- item` lines at the key's column).
    mutating func parseNode(block: Bool, indentless: Bool) throws(YAMLError) -> YAMLNode {
        var token = try scanner.peek()
        let start = token.start
        if case .alias(let name) = token.kind {
            try scanner.next()
            return try anchors.alias(name, at: start)
        }
        var anchor: String?
        var tag: String?
        while true {
            if case .anchor(let name) = token.kind {
                if anchor != nil { throw token.start.error("a node can have only one anchor") }
                anchor = name
            } else if case .tag(let handle, let suffix) = token.kind {
                if tag != nil { throw token.start.error("a node can have only one tag") }
                tag = try resolveTag(handle: handle, suffix: suffix, at: token.start)
            } else {
                break
            }
            try scanner.next()
            token = try scanner.peek()
        }
        if case .alias = token.kind {
            throw token.start.error("an alias cannot have an anchor or a tag of its own")
        }
        var node = try parseContent(token, block: block, indentless: indentless, hasProperties: anchor != nil || tag != nil)
        node.position = start.position
        node.tag = tag
        anchors.noteWritten()
        if let anchor { anchors.define(anchor, as: node) }
        return node
    }

    private mutating func parseContent(_ token: Token, block: Bool, indentless: Bool,
                                       hasProperties: Bool) throws(YAMLError) -> YAMLNode {
        switch token.kind {
        case .scalar(let text, let style):
            try scanner.next()
            return YAMLNode(.scalar(text, style), at: token.start.position)
        case .flowSequenceStart:
            return try parseFlowSequence()
        case .flowMappingStart:
            return try parseFlowMapping()
        case .blockSequenceStart where block:
            return try parseBlockSequence()
        case .blockMappingStart where block:
            return try parseBlockMapping()
        case .blockEntry where block && indentless:
            return try parseIndentlessSequence()
        default:
            if hasProperties { return .empty(at: token.start) }
            throw token.start.error("expected a value, found \(token.described)")
        }
    }

    /// A value that may be left out: empty when the next token is one of `enders`.
    private mutating func optionalNode(block: Bool, indentless: Bool, at mark: Mark,
                                       unless enders: (TokenKind) -> Bool) throws(YAMLError) -> YAMLNode {
        let next = try scanner.peek()
        if enders(next.kind) { return .empty(at: mark) }
        return try parseNode(block: block, indentless: indentless)
    }

    private mutating func parseBlockSequence() throws(YAMLError) -> YAMLNode {
        let start = try scanner.next().start
        try enter(start)
        var items: [YAMLNode] = []
        var extent = NodeExtent()
        while true {
            let token = try scanner.next()
            switch token.kind {
            case .blockEntry:
                let item = try optionalNode(block: true, indentless: false, at: token.start) {
                    $0 == .blockEntry || $0 == .blockEnd
                }
                extent.include(item)
                items.append(item)
            case .blockEnd:
                return try collection(.sequence(items), at: start, extent)
            default:
                throw token.start.error("\(Parser.wrongIndentation(token))expected a sequence entry ('- ') at column "
                    + "\(start.column + 1) (or less indentation), found \(token.described)")
            }
        }
    }

    private mutating func parseIndentlessSequence() throws(YAMLError) -> YAMLNode {
        let start = try scanner.peek().start
        try enter(start)
        var items: [YAMLNode] = []
        var extent = NodeExtent()
        while case .blockEntry = try scanner.peek().kind {
            let entry = try scanner.next()
            let item = try optionalNode(block: true, indentless: false, at: entry.start) {
                $0 == .blockEntry || $0 == .key || $0 == .value || $0 == .blockEnd
            }
            extent.include(item)
            items.append(item)
        }
        return try collection(.sequence(items), at: start, extent)
    }

    private mutating func parseBlockMapping() throws(YAMLError) -> YAMLNode {
        let start = try scanner.next().start
        try enter(start)
        var pairs: [YAMLPair] = []
        var extent = NodeExtent()
        let enders: (TokenKind) -> Bool = { $0 == .key || $0 == .value || $0 == .blockEnd }
        while true {
            let token = try scanner.peek()
            let key: YAMLNode
            switch token.kind {
            case .key:
                try scanner.next()
                key = try optionalNode(block: true, indentless: true, at: token.start, unless: enders)
            case .value:
                key = .empty(at: token.start)
            case .blockEnd:
                try scanner.next()
                return try collection(.mapping(pairs), at: start, extent)
            default:
                throw token.start.error("\(Parser.wrongIndentation(token))expected a mapping key at column "
                    + "\(start.column + 1) (or less indentation), found \(token.described)")
            }
            var value = YAMLNode.empty(at: token.start)
            if case .value = try scanner.peek().kind {
                let colon = try scanner.next()
                value = try optionalNode(block: true, indentless: true, at: colon.start, unless: enders)
            }
            extent.include(key)
            extent.include(value)
            pairs.append(YAMLPair(key: key, value: value))
        }
    }
}

extension Parser {
    /// "wrong indentation: " when the unexpected token opens a block collection at another column.
    static func wrongIndentation(_ token: Token) -> String {
        switch token.kind {
        case .blockMappingStart, .blockSequenceStart: "wrong indentation: "
        default: ""
        }
    }

    /// Closes a collection: leaves its nesting level and checks the height aliases may have added.
    mutating func collection(_ content: YAMLNode.Content, at start: Mark, _ extent: NodeExtent) throws(YAMLError) -> YAMLNode {
        depth -= 1
        if extent.height > options.maxDepth {
            throw start.error("nesting deeper than \(options.maxDepth) levels once aliases are expanded", .limit)
        }
        return YAMLNode(content, at: start.position, extent: extent)
    }
}
