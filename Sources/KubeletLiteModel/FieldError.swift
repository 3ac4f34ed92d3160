// kubelet-lite — FieldError.swift
// One API validation error, printed exactly as apimachinery's field.Error prints it.

/// The offending value of a field error: Go prints strings quoted and numbers and booleans bare.
public enum FieldValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case bool(Bool)

    public var description: String {
        switch self {
        case .string(let s): FieldValue.goQuoted(s)
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        }
    }

    /// A string as Go's `%q` verb writes it.
    static func goQuoted(_ s: String) -> String { GoQuote.quote(s) }
}

/// An API validation error on one field path, as the API server reports it.
public struct FieldError: Sendable, Equatable, CustomStringConvertible {
    /// The error types of apimachinery's `field.ErrorType` that kubelet-lite produces.
    public enum Kind: Sendable, Equatable {
        case required
        case invalid(FieldValue)
        /// Go's `field.NotSupported`, printed "Unsupported value", then `supported values: "A", "B"`.
        case unsupported(FieldValue, supported: [String])
        case duplicate(FieldValue)
        case notFound(FieldValue)
        case forbidden
        case tooLong
        case tooMany

        /// The type's text, e.g. `Invalid value`.
        var typeText: String {
            switch self {
            case .required: "Required value"
            case .invalid: "Invalid value"
            case .unsupported: "Unsupported value"
            case .duplicate: "Duplicate value"
            case .notFound: "Not found"
            case .forbidden: "Forbidden"
            case .tooLong: "Too long"
            case .tooMany: "Too many"
            }
        }

        /// The bad value, for the types whose text shows it.
        var value: FieldValue? {
            switch self {
            case .invalid(let v), .unsupported(let v, _), .duplicate(let v), .notFound(let v): v
            case .required, .forbidden, .tooLong, .tooMany: nil
            }
        }
    }

    /// The field path, e.g. `spec.containers[0].livenessProbe.periodSeconds`.
    public var path: String
    public var kind: Kind
    /// The explanation after the value; may be empty.
    public var detail: String

    public init(path: String, kind: Kind, detail: String = "") {
        self.path = path
        self.kind = kind
        self.detail = detail
    }

    /// `path: Type[: value][: detail]`, the form of Go's `(*field.Error).Error()`.
    public var description: String {
        var text = "\(path): \(kind.typeText)"
        if let value = kind.value { text += ": \(value)" }
        if case .unsupported(_, let supported) = kind, !supported.isEmpty {
            text += ": supported values: " + supported.map(FieldValue.goQuoted).joined(separator: ", ")
        }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    // Constructors named after apimachinery's helpers, so call sites read like validation.go.

    static func required(_ path: String, _ detail: String = "") -> FieldError {
        FieldError(path: path, kind: .required, detail: detail)
    }

    static func invalid(_ path: String, _ value: FieldValue, _ detail: String) -> FieldError {
        FieldError(path: path, kind: .invalid(value), detail: detail)
    }

    static func invalid(_ path: String, _ value: String, _ detail: String) -> FieldError {
        invalid(path, .string(value), detail)
    }

    static func invalid(_ path: String, _ value: Int64, _ detail: String) -> FieldError {
        invalid(path, .int(value), detail)
    }

    /// `field.NotSupported`: the text lists the supported values, each Go-quoted.
    static func notSupported(_ path: String, _ value: String, _ supported: [String]) -> FieldError {
        FieldError(path: path, kind: .unsupported(.string(value), supported: supported))
    }

    static func duplicate(_ path: String, _ value: String) -> FieldError {
        FieldError(path: path, kind: .duplicate(.string(value)))
    }

    static func notFound(_ path: String, _ value: String) -> FieldError {
        FieldError(path: path, kind: .notFound(.string(value)))
    }

    static func forbidden(_ path: String, _ detail: String) -> FieldError {
        FieldError(path: path, kind: .forbidden, detail: detail)
    }
}
