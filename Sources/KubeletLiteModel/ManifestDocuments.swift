// kubelet-lite — ManifestDocuments.swift
// A manifest file's objects: JSON or YAML chosen by content, YAML documents in order, and the
// items of a v1 List, each with where it came from.

import KubeletLiteYAML

/// Where in a file an object came from.
public struct ManifestOrigin: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based document of the file (a JSON file is one document; empty YAML documents count).
    public var document: Int
    /// The index in a v1 List's `items`, when the object came from one.
    public var item: Int?
    /// The line the object starts on (YAML input only).
    public var line: Int?

    public init(document: Int, item: Int? = nil, line: Int? = nil) {
        self.document = document
        self.item = item
        self.line = line
    }

    /// `document 2, items[1], line 14`.
    public var description: String {
        var parts = ["document \(document)"]
        if let item { parts.append("items[\(item)]") }
        if let line { parts.append("line \(line)") }
        return parts.joined(separator: ", ")
    }
}

/// One object of a manifest file, before decoding.
struct ManifestObject {
    var root: JSONValue
    /// Plain YAML scalars kubectl reads by YAML 1.1 rules; paths are relative to this object.
    var surprises: [YAMLSurprise]
    var origin: ManifestOrigin
}

/// Splits a manifest file into objects.
enum ManifestDocuments {
    /// The objects of `bytes`: JSON when the text starts with '{' or '[' (as kubectl decides), else
    /// YAML; empty YAML documents are skipped and a v1 List gives its items.
    static func read(_ bytes: [UInt8], source: String) -> Result<[ManifestObject], ManifestFailure> {
        guard looksLikeJSON(bytes) else {
            do {
                return .success(try yamlObjects(bytes))
            } catch {
                return .failure(.yamlSyntax(source: source, error))
            }
        }
        do {
            let root = try JSONParser.parse(bytes)
            return .success(expandList(ManifestObject(root: root, surprises: [], origin: ManifestOrigin(document: 1)), node: nil))
        } catch {
            // Flow-style YAML that is not JSON (unquoted keys, trailing commas: KYAML without its '---')
            // is still read; when YAML cannot read it either, the JSON error is the one to show.
            if let objects = try? yamlObjects(bytes) { return .success(objects) }
            return .failure(.syntax(source: source, error))
        }
    }

    /// Whether the first character after spaces (and a byte-order mark) opens a JSON value.
    static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i < bytes.count && (bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "["))
    }

    private static func yamlObjects(_ bytes: [UInt8]) throws(YAMLError) -> [ManifestObject] {
        var objects: [ManifestObject] = []
        for (i, document) in try YAMLReader.read(bytes).enumerated() where document.hasContent {
            let object = ManifestObject(root: JSONValue(document.data), surprises: document.surprises,
                                        origin: ManifestOrigin(document: i + 1, line: document.position.line))
            objects += expandList(object, node: document.node)
        }
        return objects
    }

    /// A `kind: List`, `apiVersion: v1` object stands for its items, as kubectl reads it.
    private static func expandList(_ object: ManifestObject, node: YAMLNode?) -> [ManifestObject] {
        guard case .object(let root) = object.root, root.string("kind") == "List", root.string("apiVersion") == "v1",
              let items = root.array("items") else { return [object] }
        let itemNodes = node.flatMap(listItemNodes)
        return items.enumerated().map { i, item in
            let prefix: [YAMLPathComponent] = [.key("items"), .index(i)]
            let surprises = object.surprises.filter { $0.path.starts(with: prefix) }.map { surprise in
                var moved = surprise
                moved.path.removeFirst(2)
                return moved
            }
            var origin = object.origin
            origin.item = i
            if let itemNodes, i < itemNodes.count { origin.line = itemNodes[i].position.line }
            return ManifestObject(root: item, surprises: surprises, origin: origin)
        }
    }

    /// The nodes of a List's `items`, for their lines.
    private static func listItemNodes(_ node: YAMLNode) -> [YAMLNode]? {
        guard case .mapping(let pairs) = node.content else { return nil }
        for pair in pairs {
            if case .scalar("items", _) = pair.key.content, case .sequence(let items) = pair.value.content { return items }
        }
        return nil
    }
}

extension JSONValue {
    /// The JSON value of YAML data (keys keep their document order).
    init(_ data: YAMLData) {
        switch data {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members):
            var object = JSONObject()
            for member in members { object[member.key] = JSONValue(member.value) }
            self = .object(object)
        }
    }
}
