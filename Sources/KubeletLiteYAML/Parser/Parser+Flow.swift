// kubelet-lite — Parser+Flow.swift
// Flow collections: [a, b], {a: b}, and single-pair mappings inside sequences ([a: b]).

extension Parser {
    mutating func parseFlowSequence() throws(YAMLError) -> YAMLNode {
        let start = try scanner.next().start
        try enter(start)
        var items: [YAMLNode] = []
        var extent = NodeExtent()
        var first = true
        while true {
            var token = try scanner.peek()
            if case .flowSequenceEnd = token.kind { break }
            if !first {
                guard case .flowEntry = token.kind else {
                    throw token.start.error("expected ',' or ']' in the flow sequence, found \(token.described)")
                }
                try scanner.next()
                token = try scanner.peek()
                if case .flowSequenceEnd = token.kind { break }
            }
            first = false
            let item: YAMLNode
            switch token.kind {
            case .key, .value:
                item = try parseFlowPair(closer: .flowSequenceEnd)
            default:
                item = try parseNode(block: false, indentless: false)
            }
            extent.include(item)
            items.append(item)
        }
        try scanner.next()
        return try collection(.sequence(items), at: start, extent)
    }

    /// `[a: b]` or `[? a : b]`: a mapping with one pair, as an item of a flow sequence.
    private mutating func parseFlowPair(closer: TokenKind) throws(YAMLError) -> YAMLNode {
        let start = try scanner.peek().start
        try enter(start)
        let pair = try parseFlowMappingEntry(closer: closer)
        var extent = NodeExtent()
        extent.include(pair.key)
        extent.include(pair.value)
        return try collection(.mapping([pair]), at: start, extent)
    }

    mutating func parseFlowMapping() throws(YAMLError) -> YAMLNode {
        let start = try scanner.next().start
        try enter(start)
        var pairs: [YAMLPair] = []
        var extent = NodeExtent()
        var first = true
        while true {
            var token = try scanner.peek()
            if case .flowMappingEnd = token.kind { break }
            if !first {
                guard case .flowEntry = token.kind else {
                    throw token.start.error("expected ',' or '}' in the flow mapping, found \(token.described)")
                }
                try scanner.next()
                token = try scanner.peek()
                if case .flowMappingEnd = token.kind { break }
            }
            first = false
            let pair = try parseFlowMappingEntry(closer: .flowMappingEnd)
            extent.include(pair.key)
            extent.include(pair.value)
            pairs.append(pair)
        }
        try scanner.next()
        return try collection(.mapping(pairs), at: start, extent)
    }

    /// One `key: value` entry of a flow collection; the key, the value or both may be left out.
    private mutating func parseFlowMappingEntry(closer: TokenKind) throws(YAMLError) -> YAMLPair {
        let token = try scanner.peek()
        let enders: (TokenKind) -> Bool = { $0 == .value || $0 == .flowEntry || $0 == closer }
        let key: YAMLNode
        if case .key = token.kind {
            try scanner.next()
            let next = try scanner.peek()
            key = enders(next.kind) ? .empty(at: token.start) : try parseNode(block: false, indentless: false)
        } else if case .value = token.kind {
            key = .empty(at: token.start)
        } else {
            key = try parseNode(block: false, indentless: false)
        }
        var value = YAMLNode.empty(at: token.start)
        if case .value = try scanner.peek().kind {
            let colon = try scanner.next()
            let next = try scanner.peek()
            if !(next.kind == .flowEntry || next.kind == closer) {
                value = try parseNode(block: false, indentless: false)
            } else {
                value = .empty(at: colon.start)
            }
        }
        return YAMLPair(key: key, value: value)
    }
}
