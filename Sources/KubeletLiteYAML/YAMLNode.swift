// kubelet-lite — YAMLNode.swift
// The node tree of one YAML document: scalars, sequences and mappings, each with its position.

/// How a scalar was written; only plain scalars are resolved to booleans, numbers and nulls.
public enum YAMLScalarStyle: Sendable, Equatable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
}

/// One node of a document. An alias is replaced by the node it names (the storage is shared).
public struct YAMLNode: Sendable {
    /// What the node holds.
    public enum Content: Sendable {
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    /// Where the node starts (its first property or its content).
    public var position: YAMLPosition
    /// The resolved tag (`tag:yaml.org,2002:str`, `!local`, `!` ...), nil when the node has none.
    public var tag: String?
    /// How many nodes this one stands for once every alias inside it is expanded (itself included).
    public var expandedSize: Int
    /// How deep its nesting goes once aliases are expanded (1 for a scalar).
    public var height: Int

    init(_ content: Content, at position: YAMLPosition, extent: NodeExtent = NodeExtent()) {
        self.content = content
        self.position = position
        self.expandedSize = extent.size
        self.height = extent.height
    }

    /// The empty node YAML reads where a value is left out: a plain empty scalar (null).
    static func empty(at mark: Mark) -> YAMLNode {
        YAMLNode(.scalar("", .plain), at: mark.position)
    }
}

/// The size and height of a collection, accumulated over its children (saturating, never trapping).
struct NodeExtent {
    var size = 1
    var height = 1

    mutating func include(_ child: YAMLNode) {
        size = AnchorTable.add(size, child.expandedSize)
        height = max(height, child.height + 1)
    }
}

/// A key and its value in a mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
}

/// One document of a stream.
public struct YAMLDocument: Sendable {
    /// The document's node; an empty document holds an empty plain scalar (null).
    public var root: YAMLNode
    /// False for a document with no node at all (`---` alone, or `--- # comment`), which kubectl skips.
    public var hasContent: Bool
}
