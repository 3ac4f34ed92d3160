// kubelet-lite — YAMLData.swift
// What a document says, in JSON's terms, and the plain scalars kubectl reads differently from YAML 1.2.

/// A document's data as JSON can hold it: mappings have string keys (in document order), numbers
/// are JSON number text.
public enum YAMLData: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([YAMLData])
    case object([Member])

    /// One key and value of an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: YAMLData

        public init(key: String, value: YAMLData) {
            self.key = key
            self.value = value
        }
    }
}

/// One step of a path into the data.
public enum YAMLPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// A plain scalar that kubectl (YAML 1.1) reads as something YAML 1.2 would not: `yes` as a
/// boolean, `0644` as the octal 420, `1_000` as 1000.
public struct YAMLSurprise: Sendable, Equatable {
    /// What kubectl reads.
    public enum Reading: Sendable, Equatable {
        case boolean(Bool)
        /// A leading-zero integer read in octal; the payload is its decimal value.
        case octal(String)
        /// Any other number; the payload is its JSON text.
        case number(String)
    }

    /// Where the scalar ends up in the data (a surprising key: the path of the value under it).
    public var path: [YAMLPathComponent]
    public var position: YAMLPosition
    /// The scalar as written.
    public var text: String
    public var reading: Reading
    /// True when the scalar is a mapping key rather than a value.
    public var isKey: Bool

    /// The path as Kubernetes field errors write it: `spec.containers[0].env[1].value`.
    public var fieldPath: String { YAMLSurprise.fieldPath(path) }

    public static func fieldPath(_ path: [YAMLPathComponent]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }
}

/// One document read as data.
public struct YAMLDocumentData: Sendable {
    public var data: YAMLData
    /// False for an empty document (kubectl skips those).
    public var hasContent: Bool
    /// Where the document's node starts.
    public var position: YAMLPosition
    /// The document's node tree, for positions inside it.
    public var node: YAMLNode
    /// Plain scalars the Kubernetes schema reads differently from YAML 1.2, in document order.
    public var surprises: [YAMLSurprise]
}
