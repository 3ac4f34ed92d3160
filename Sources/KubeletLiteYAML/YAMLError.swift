// kubelet-lite — YAMLError.swift
// Why a YAML text was refused: where (line and column, 1-based) and what was expected there.

/// A refusal of the YAML reader, with the 1-based line and column it points at.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal this is, for callers that treat limits apart from syntax.
    public enum Kind: Sendable, Equatable {
        /// The text is not well-formed YAML 1.2.
        case syntax
        /// Well-formed, but the data cannot become JSON (a null key, `.inf`, a duplicate key ...).
        case data
        /// A safety limit: document size, nesting depth or alias expansion.
        case limit
    }

    public var kind: Kind
    public var line: Int
    public var column: Int
    public var reason: String

    public init(_ kind: Kind = .syntax, line: Int, column: Int, reason: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// A place in the input: the byte offset, and the 0-based line and column (in characters).
struct Mark: Sendable, Equatable {
    var index: Int
    var line: Int
    var column: Int

    static let start = Mark(index: 0, line: 0, column: 0)

    /// The 1-based position users see.
    var position: YAMLPosition { YAMLPosition(line: line + 1, column: column + 1) }

    func error(_ reason: String, _ kind: YAMLError.Kind = .syntax) -> YAMLError {
        YAMLError(kind, line: line + 1, column: column + 1, reason: reason)
    }
}

/// A 1-based line and column of the input.
public struct YAMLPosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }

    func error(_ reason: String, _ kind: YAMLError.Kind = .data) -> YAMLError {
        YAMLError(kind, line: line, column: column, reason: reason)
    }
}
