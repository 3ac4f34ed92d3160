// kubelet-lite — DataConverter.swift
// Node trees to JSON data, as sigs.k8s.io/yaml turns go-yaml's values into JSON (or by the 1.2 core
// schema): keys become strings, merge keys (`<<`) merge, duplicates and non-JSON values are refused.

/// Converts one document's nodes to data, collecting surprising plain scalars on the way.
struct DataConverter {
    let schema: YAMLSchema
    private let resolver: ScalarResolver
    private(set) var surprises: [YAMLSurprise] = []
    private var path: [YAMLPathComponent] = []

    init(schema: YAMLSchema) {
        self.schema = schema
        resolver = ScalarResolver(schema: schema)
    }

    mutating func convert(_ node: YAMLNode) throws(YAMLError) -> YAMLData {
        switch node.content {
        case .scalar(let text, let style):
            let (value, reading) = try resolver.resolve(text, style: style, tag: node.tag, at: node.position)
            if let reading {
                surprises.append(YAMLSurprise(path: path, position: node.position, text: text, reading: reading, isKey: false))
            }
            return try DataConverter.data(value, text: text, at: node.position)
        case .sequence(let items):
            var out: [YAMLData] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                path.append(.index(i))
                out.append(try convert(item))
                path.removeLast()
            }
            return .array(out)
        case .mapping(let pairs):
            return .object(try members(of: pairs))
        }
    }

    private static func data(_ value: ScalarValue, text: String, at position: YAMLPosition) throws(YAMLError) -> YAMLData {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let digits): return .number(digits)
        case .string(let s): return .string(s)
        case .float(let f):
            guard f.isFinite else { throw position.error("the float `\(text)` cannot be represented in JSON") }
            return .number(GoFloat.jsonText(f))
        }
    }

    /// A mapping's members in document order; the keys a merge brings in go where the `<<` was,
    /// unless the mapping sets them itself (the YAML 1.1 merge key's rule).
    private mutating func members(of pairs: [YAMLPair]) throws(YAMLError) -> [YAMLData.Member] {
        var keys: [String?] = []
        keys.reserveCapacity(pairs.count)
        var index = KeyIndex(expected: pairs.count)
        for pair in pairs {
            if isMergeKey(pair.key) {
                keys.append(nil)
                continue
            }
            let key = try keyString(pair.key)
            if let first = index.insert(key, at: pair.key.position) {
                throw pair.key.position.error("duplicate mapping key \"\(key)\" (first at line \(first.line))")
            }
            keys.append(key)
        }
        var out: [YAMLData.Member] = []
        out.reserveCapacity(pairs.count)
        for (pair, key) in zip(pairs, keys) {
            guard let key else {
                try merge(pair.value, into: &out, taken: &index)
                continue
            }
            path.append(.key(key))
            out.append(YAMLData.Member(key: key, value: try convert(pair.value)))
            path.removeLast()
        }
        return out
    }

    /// Adds the members of the mappings a merge key names, except keys already taken.
    private mutating func merge(_ value: YAMLNode, into out: inout [YAMLData.Member],
                                taken index: inout KeyIndex) throws(YAMLError) {
        for source in try mergeSources(value) {
            let recorded = surprises.count
            var dropped: Set<String> = []
            for member in try members(of: source) {
                if index.insert(member.key, at: value.position) == nil { out.append(member) } else { dropped.insert(member.key) }
            }
            forgetSurprises(since: recorded, under: dropped)
        }
    }

    private func isMergeKey(_ key: YAMLNode) -> Bool {
        guard schema == .kubernetes, case .scalar("<<", let style) = key.content else { return false }
        return (style == .plain && key.tag == nil) || key.tag == ScalarResolver.yamlTagPrefix + "merge"
    }

    /// The mappings a merge key's value names: one mapping, or a sequence of them (earlier wins).
    private func mergeSources(_ value: YAMLNode) throws(YAMLError) -> [[YAMLPair]] {
        let sources: [YAMLNode]
        switch value.content {
        case .mapping: sources = [value]
        case .sequence(let items): sources = items
        case .scalar: throw value.position.error("a merge key '<<' needs a mapping or a list of mappings")
        }
        var out: [[YAMLPair]] = []
        for source in sources {
            guard case .mapping(let pairs) = source.content else {
                throw source.position.error("a merge key '<<' needs a mapping or a list of mappings")
            }
            out.append(pairs)
        }
        return out
    }

    /// Drops the surprises recorded since `start` for members a merge did not take.
    private mutating func forgetSurprises(since start: Int, under keys: Set<String>) {
        guard !keys.isEmpty else { return }
        let depth = path.count
        let kept = surprises[start...].filter { surprise in
            guard surprise.path.count > depth, case .key(let key) = surprise.path[depth] else { return true }
            return !keys.contains(key)
        }
        surprises.replaceSubrange(start..., with: kept)
    }

    /// A key as sigs.k8s.io/yaml makes it a string: ints in decimal, floats as Go's %g of a float32,
    /// booleans as true/false; null, big numbers and collections cannot be keys.
    private mutating func keyString(_ key: YAMLNode) throws(YAMLError) -> String {
        guard case .scalar(let text, let style) = key.content else {
            throw key.position.error("a mapping key must be a scalar to become a JSON key, not a \(key.kindName)")
        }
        let (value, reading) = try resolver.resolve(text, style: style, tag: key.tag, at: key.position)
        let string: String
        switch (schema, value) {
        case (_, .string(let s)): string = s
        case (.kubernetes, .int(let digits)) where GoInteger(Array(digits.utf8))?.fitsInt64 == true: string = digits
        case (.kubernetes, .float(let f)): string = GoFloat.keyText(f)
        case (.kubernetes, .bool(let b)): string = b ? "true" : "false"
        default:
            throw key.position.error("the key `\(text)` is read as \(value.kindName), which cannot be a JSON key; quote it")
        }
        if let reading {
            surprises.append(YAMLSurprise(path: path + [.key(string)], position: key.position, text: text,
                                          reading: reading, isKey: true))
        }
        return string
    }
}

/// The keys of one mapping with where each was first written: a plain list for the small
/// mappings manifests are made of, a dictionary once it grows.
struct KeyIndex {
    private var small: [(String, YAMLPosition)] = []
    private var large: [String: YAMLPosition]?

    init(expected: Int) {
        if expected > 16 { large = Dictionary(minimumCapacity: expected) } else { small.reserveCapacity(expected) }
    }

    /// Records `key`; returns where it was first written if it was already there.
    mutating func insert(_ key: String, at position: YAMLPosition) -> YAMLPosition? {
        if large != nil {
            if let first = large?[key] { return first }
            large?[key] = position
            return nil
        }
        if let first = small.first(where: { $0.0 == key }) { return first.1 }
        small.append((key, position))
        if small.count > 16 {
            large = Dictionary(small, uniquingKeysWith: { a, _ in a })
            small = []
        }
        return nil
    }
}

extension YAMLNode {
    var kindName: String {
        switch content {
        case .scalar: "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }
}
