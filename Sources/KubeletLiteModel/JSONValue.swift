// kubelet-lite — JSONValue.swift
// A JSON document tree that keeps object key order, so a Pod written back reads like the one read.

/// A JSON value whose objects keep their keys in insertion order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number kept as written when read (so `1.0` and `10` survive a round trip), or as formatted when built.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func int(_ value: Int64) -> JSONValue { .number(IntegerText.string(value)) }
    public static func int(_ value: Int) -> JSONValue { int(Int64(value)) }

    /// The value as a whole number, if it is one that fits in 64 bits.
    public var int64Value: Int64? {
        guard case .number(let text) = self else { return nil }
        if let v = Int64(text) { return v }
        // Accept integral values written as 1.0 or 1e3, as Go's decoder does for int fields.
        if let d = Double(text), d.rounded() == d, abs(d) < 9.2e18 { return Int64(d) }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }

    /// The JSON type name Kubernetes uses in decoding errors.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public subscript(key: String) -> JSONValue? {
        get { objectValue?[key] }
    }
}

/// An ordered JSON object: keys keep the order they were first set in.
///
/// Its entries are an array, searched from the start: most objects of a Pod have a handful of
/// keys, and comparing a few short strings costs less than hashing one. A large object (a map of
/// labels or data) also keeps the positions by key. Writing a document walks the array, with no
/// lookup at all.
public struct JSONObject: Sendable, Equatable, Sequence {
    private var entries: [(key: String, value: JSONValue)] = []
    /// The position of each key, for an object of more than `indexedFrom` keys; nil below.
    private var positions: [String: Int]?
    private static let indexedFrom = 16

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let at = position(of: key) {
                if let newValue {
                    entries[at].value = newValue
                } else {
                    entries.remove(at: at)
                    indexPositions()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if positions != nil { positions?[key] = entries.count - 1 } else { indexPositions() }
            }
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        entries.makeIterator()
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return entries.firstIndex { $0.key == key }
    }

    /// Keeps `positions` for a large object, none for a small one.
    private mutating func indexPositions() {
        guard entries.count > Self.indexedFrom else {
            positions = nil
            return
        }
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() { index[entry.key] = i }
        positions = index
    }
}
