// kubelet-lite — Scanner+Structure.swift
// Implicit keys, indentation, and the indicator tokens: '-', '?', ':', ',', and flow brackets.

extension Scanner {
    /// Forgets implicit-key candidates that can no longer be keys: YAML 1.2 limits an implicit key to
    /// one line and 1024 characters, except inside a flow mapping, where the ':' may come later.
    mutating func staleSimpleKeys() throws(YAMLError) {
        for level in simpleKeys.indices where simpleKeys[level].possible {
            if level > 0 && flowKinds[level - 1] == .mapping { continue }
            let key = simpleKeys[level]
            if key.mark.line < mark.line || mark.index - key.mark.index > 1024 {
                if key.required { throw missingColon(key.mark) }
                simpleKeys[level].possible = false
            }
        }
    }

    func missingColon(_ at: Mark) -> YAMLError {
        at.error("expected ':' on this line: it is at the indentation of the mapping's keys, so it must be 'key: value'")
    }

    /// Records that a token starting here could be an implicit key.
    mutating func saveSimpleKey() throws(YAMLError) {
        guard simpleKeyAllowed else { return }
        let required = flowLevel == 0 && indent == mark.column
        try removeSimpleKey()
        simpleKeys[simpleKeys.count - 1] = SimpleKey(
            possible: true, required: required, tokenNumber: tokensTaken + queue.count - head, mark: mark,
            afterTab: tabBeforeToken)
    }

    mutating func removeSimpleKey() throws(YAMLError) {
        let key = simpleKeys[simpleKeys.count - 1]
        if key.possible && key.required { throw missingColon(key.mark) }
        simpleKeys[simpleKeys.count - 1].possible = false
    }

    /// Opens a block collection at `column` if it is deeper than the current one.
    mutating func rollIndent(_ column: Int, before tokenNumber: Int?, kind: TokenKind, at start: Mark) throws(YAMLError) {
        guard flowLevel == 0, indent < column else { return }
        if indents.count >= maxDepth { throw start.error("nesting deeper than \(maxDepth) levels", .limit) }
        indents.append(indent)
        indent = column
        let token = Token(kind: kind, start: start)
        if let tokenNumber {
            queue.insert(token, at: head + tokenNumber - tokensTaken)
        } else {
            queue.append(token)
        }
    }

    /// Closes every block collection more indented than `column`.
    mutating func unrollIndent(to column: Int) {
        guard flowLevel == 0 else { return }
        while indent > column {
            append(.blockEnd, at: mark)
            indent = indents.popLast() ?? -1
        }
    }

    func tabIndentation(_ at: Mark) -> YAMLError {
        at.error("a tab cannot be used for indentation; indent with spaces")
    }

    mutating func fetchFlowCollectionStart(_ kind: FlowKind) throws(YAMLError) {
        try saveSimpleKey()
        if flowKinds.count >= maxDepth { throw mark.error("nesting deeper than \(maxDepth) levels", .limit) }
        flowKinds.append(kind)
        flowStarts.append(mark)
        simpleKeys.append(SimpleKey())
        simpleKeyAllowed = true
        append(kind == .sequence ? .flowSequenceStart : .flowMappingStart, at: mark)
        advance()
    }

    mutating func fetchFlowCollectionEnd(_ kind: FlowKind) throws(YAMLError) {
        let found = describeCharacter()
        guard let open = flowKinds.last else {
            throw mark.error("found \(found) with no open flow collection; quote the value if it is text")
        }
        guard open == kind else {
            throw mark.error("found \(found), but the open flow collection is a \(open == .sequence ? "sequence (expected ']')" : "mapping (expected '}')")")
        }
        try removeSimpleKey()
        flowKinds.removeLast()
        flowStarts.removeLast()
        simpleKeys.removeLast()
        simpleKeyAllowed = false
        append(kind == .sequence ? .flowSequenceEnd : .flowMappingEnd, at: mark)
        advance()
        adjacentValueAllowed = true
    }

    mutating func fetchFlowEntry() throws(YAMLError) {
        try removeSimpleKey()
        simpleKeyAllowed = true
        append(.flowEntry, at: mark)
        advance()
    }

    mutating func fetchBlockEntry() throws(YAMLError) {
        guard flowLevel == 0 else {
            throw mark.error("'- ' (a block sequence entry) cannot appear inside a flow collection; separate items with ','")
        }
        guard simpleKeyAllowed else {
            throw mark.error("a sequence entry ('- ') cannot start here; start it on a new line")
        }
        if tabBeforeToken { throw tabIndentation(mark) }
        try rollIndent(mark.column, before: nil, kind: .blockSequenceStart, at: mark)
        try removeSimpleKey()
        simpleKeyAllowed = true
        append(.blockEntry, at: mark)
        advance()
    }

    mutating func fetchKey() throws(YAMLError) {
        if flowLevel == 0 {
            guard simpleKeyAllowed else { throw mark.error("an explicit key ('? ') cannot start here; start it on a new line") }
            if tabBeforeToken { throw tabIndentation(mark) }
            try rollIndent(mark.column, before: nil, kind: .blockMappingStart, at: mark)
        }
        try removeSimpleKey()
        simpleKeyAllowed = flowLevel == 0
        append(.key, at: mark)
        advance()
    }

    mutating func fetchValue() throws(YAMLError) {
        let level = simpleKeys.count - 1
        let key = simpleKeys[level]
        if key.possible {
            if flowLevel == 0 && key.afterTab { throw tabIndentation(key.mark) }
            queue.insert(Token(kind: .key, start: key.mark), at: head + key.tokenNumber - tokensTaken)
            try rollIndent(key.mark.column, before: key.tokenNumber, kind: .blockMappingStart, at: key.mark)
            simpleKeys[level].possible = false
            simpleKeyAllowed = false
        } else {
            if flowLevel == 0 {
                guard simpleKeyAllowed else {
                    throw mark.error("a mapping value (': ') is not allowed here; quote the value if ': ' is part of it")
                }
                if tabBeforeToken { throw tabIndentation(mark) }
                try rollIndent(mark.column, before: nil, kind: .blockMappingStart, at: mark)
            }
            simpleKeyAllowed = flowLevel == 0
        }
        append(.value, at: mark)
        advance()
    }
}
