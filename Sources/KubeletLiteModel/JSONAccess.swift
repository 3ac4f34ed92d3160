// kubelet-lite — JSONAccess.swift
// Typed reads of a strictly-checked manifest tree; `null` reads as absent, as in Go.

extension JSONObject {
    /// The string at `key`, nil when absent, null or not a string.
    func string(_ key: String) -> String? {
        if case .string(let s)? = self[key] { return s }
        return nil
    }

    /// The integer at `key`, nil when absent, null or not an integer literal.
    func int(_ key: String) -> Int64? {
        if case .number(let text)? = self[key] { return StrictDecoding.integerLiteral(text) }
        return nil
    }

    func bool(_ key: String) -> Bool? {
        if case .bool(let b)? = self[key] { return b }
        return nil
    }

    func object(_ key: String) -> JSONObject? {
        if case .object(let o)? = self[key] { return o }
        return nil
    }

    /// The array at `key` (nil when absent or null).
    func array(_ key: String) -> [JSONValue]? {
        if case .array(let a)? = self[key] { return a }
        return nil
    }

    /// The objects of the array at `key`; null items read as empty objects, as Go's zero struct.
    func objects(_ key: String) -> [JSONObject] {
        (array(key) ?? []).map { $0.objectValue ?? JSONObject() }
    }

    /// The strings of the array at `key`; null items read as "".
    func strings(_ key: String) -> [String]? {
        array(key).map { $0.map { $0.stringValue ?? "" } }
    }

    /// A string-to-string map in key order; null values read as "".
    func stringPairs(_ key: String) -> [(String, String)] {
        guard let map = object(key) else { return [] }
        return map.map { ($0.key, $0.value.stringValue ?? "") }
    }

    /// True when `key` holds a non-null value.
    func has(_ key: String) -> Bool {
        if let v = self[key], v != .null { return true }
        return false
    }
}
