// kubelet-lite — WaitCondition.swift
// What `wait --for` waits for, read as kubectl reads it, and checked on a pod's JSON (architecture §6.8).

import KubeletLiteModel

/// One `--for` of `kubectl wait`: a pod condition's status, the pod's deletion, or a field's value.
public enum WaitCondition: Sendable, Equatable {
    /// `condition=Ready`, `condition=Ready=false`: the condition of that type (compared without
    /// regard to case, as kubectl does) has that status (`true` when not given).
    case condition(type: String, status: String)
    /// `delete`: the pod is gone (deleted, or never there).
    case delete
    /// `jsonpath='{.status.phase}'=Succeeded`: the field has that value; without `=VALUE`, the
    /// field exists. The path is a subset of kubectl's JSONPath: dotted fields and `[N]` indexes.
    case jsonpath(path: [JSONPathStep], value: String?)

    /// Reads a `--for` value, or says what is wrong with it.
    public static func parse(_ text: String) -> Result<WaitCondition, WaitConditionError> {
        if text == "delete" { return .success(.delete) }
        if text.hasPrefix("condition=") {
            let parts = text.dropFirst("condition=".count).split(separator: "=", maxSplits: 1,
                                                                  omittingEmptySubsequences: false)
            guard let type = parts.first, !type.isEmpty else {
                return .failure(WaitConditionError("condition=NAME needs a condition name, as condition=Ready"))
            }
            return .success(.condition(type: String(type), status: parts.count == 2 ? String(parts[1]) : "true"))
        }
        if text.hasPrefix("jsonpath=") {
            return jsonpath(String(text.dropFirst("jsonpath=".count)))
        }
        return .failure(WaitConditionError("unrecognized condition: \"\(text)\" (use condition=NAME[=VALUE], "
                                           + "delete, or jsonpath='{.FIELD}'[=VALUE])"))
    }

    private static func jsonpath(_ spec: String) -> Result<WaitCondition, WaitConditionError> {
        let expression: Substring
        var value: String?
        if spec.hasPrefix("{") {
            guard let close = spec.firstIndex(of: "}") else {
                return .failure(WaitConditionError("jsonpath \(spec) has no closing brace"))
            }
            expression = spec[spec.index(after: spec.startIndex)..<close]
            let after = spec[spec.index(after: close)...]
            if after.hasPrefix("=") { value = String(after.dropFirst()) } else if !after.isEmpty {
                return .failure(WaitConditionError("jsonpath '{...}' may be followed only by =VALUE, not \(after)"))
            }
        } else if let equals = spec.firstIndex(of: "=") {
            expression = spec[..<equals]
            value = String(spec[spec.index(after: equals)...])
        } else {
            expression = Substring(spec)
        }
        return JSONPathStep.parse(expression).map { .jsonpath(path: $0, value: value) }
    }

    /// Whether `pod` (the whole Pod, as pod.json holds it) meets the condition; `.delete` is never
    /// met by a pod that is there.
    public func isMet(by pod: JSONValue) -> Bool {
        switch self {
        case .delete:
            return false
        case .condition(let type, let status):
            let conditions = pod["status"]?["conditions"]?.arrayValue ?? []
            return conditions.contains {
                $0["type"]?.stringValue?.lowercased() == type.lowercased()
                    && $0["status"]?.stringValue?.lowercased() == status.lowercased()
            }
        case .jsonpath(let path, let value):
            guard let found = JSONPathStep.lookup(path, in: pod) else { return false }
            guard let value else { return true }
            return JSONPathStep.text(of: found) == value
        }
    }
}

/// What is wrong with a `--for` value.
public struct WaitConditionError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// One step of the JSONPath subset: a field of an object, or an element of an array.
public enum JSONPathStep: Sendable, Equatable {
    case field(String)
    case index(Int)

    /// `.status.containerStatuses[0].ready` (a leading `$` is allowed), or what is wrong with it.
    public static func parse(_ expression: Substring) -> Result<[JSONPathStep], WaitConditionError> {
        var text = expression.hasPrefix("$") ? expression.dropFirst() : expression
        var steps: [JSONPathStep] = []
        let unsupported = WaitConditionError("jsonpath \"\(expression)\" is not in the subset kubelet-lite reads: "
                                             + "dotted fields and [N] indexes, as {.status.containerStatuses[0].ready}")
        while let first = text.first {
            if first == "." {
                text = text.dropFirst()
                let name = text.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                    return .failure(unsupported)
                }
                steps.append(.field(String(name)))
                text = text.dropFirst(name.count)
            } else if first == "[" {
                guard let close = text.firstIndex(of: "]"), let n = Int(text[text.index(after: text.startIndex)..<close]),
                      n >= 0 else { return .failure(unsupported) }
                steps.append(.index(n))
                text = text[text.index(after: close)...]
            } else {
                return .failure(unsupported)
            }
        }
        return steps.isEmpty ? .failure(unsupported) : .success(steps)
    }

    /// The value the path leads to, if every step finds something.
    public static func lookup(_ path: [JSONPathStep], in value: JSONValue) -> JSONValue? {
        var current = value
        for step in path {
            switch step {
            case .field(let name):
                guard let next = current[name] else { return nil }
                current = next
            case .index(let n):
                guard let array = current.arrayValue, n < array.count else { return nil }
                current = array[n]
            }
        }
        return current
    }

    /// A found value as kubectl prints it for comparison: a string as it is, a number as written,
    /// `true`/`false`, and anything else as compact JSON.
    public static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        default: return value.serialized()
        }
    }
}

/// Go's `time.ParseDuration`, which kubectl's `--timeout` takes: `30s`, `1m30s`, `1.5h`, `500ms`.
public enum GoDurationText {
    /// The duration in microseconds (nanoseconds are rounded down), or nil if it is not one. A bare
    /// `0` is allowed, as in Go; any other number needs a unit.
    public static func parse(_ text: String) -> Int64? {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        var nanos = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, number != ".", let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isNumber && $0 != "." }
            guard let scale = units[String(unit)] else { return nil }
            rest = rest.dropFirst(unit.count)
            nanos += value * scale
        }
        guard nanos < 9.2e18 else { return nil }
        let micros = Int64(nanos / 1000)
        return negative ? -micros : micros
    }

    private static let units: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]
}
