// kubelet-lite — FieldReader.swift
// Typed reads of one JSON object of a published file; every error names the file and the field.

import KubeletLiteLifecycle
import KubeletLiteModel

/// One JSON object of a published file, read field by field.
///
/// As Go's decoder does, an absent field and a `null` read the same (nil); a value of the wrong
/// JSON type is an error that names its path, so a damaged pod.json is reported, not half-shown.
struct FieldReader {
    let fields: JSONObject
    /// The path of this object in its file (`status.containerStatuses[0]`); empty at the top.
    let path: String
    let file: String

    /// Reads `value`, which must be an object.
    init(_ value: JSONValue, path: String, file: String) throws(PublishedPodError) {
        guard case .object(let fields) = value else {
            throw PublishedPodError(file: file, field: path, problem: "expected an object, found \(value.typeName)")
        }
        self.fields = fields
        self.path = path
        self.file = file
    }

    /// The path of a field of this object.
    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ problem: String) -> PublishedPodError {
        PublishedPodError(file: file, field: path(key), problem: problem)
    }

    /// The value at `key`, nil when absent or null.
    private func value(_ key: String) -> JSONValue? {
        guard let v = fields[key], v != .null else { return nil }
        return v
    }

    func string(_ key: String) throws(PublishedPodError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw error(key, "expected a string, found \(v.typeName)") }
        return s
    }

    func bool(_ key: String) throws(PublishedPodError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw error(key, "expected a boolean, found \(v.typeName)") }
        return b
    }

    /// A whole number; `1.0` reads as 1, as Go's decoder reads it into an int field.
    func integer(_ key: String) throws(PublishedPodError) -> Int64? {
        guard let v = value(key) else { return nil }
        guard let n = v.int64Value else { throw error(key, "expected a whole number, found \(Self.shown(v))") }
        return n
    }

    /// A whole number that fits an `int32`, as exit codes and signals are.
    func int32(_ key: String) throws(PublishedPodError) -> Int32? {
        guard let n = try integer(key) else { return nil }
        guard let small = Int32(exactly: n) else { throw error(key, "\(n) does not fit in 32 bits") }
        return small
    }

    /// An RFC 3339 UTC time, as kubelet-lite writes every timestamp.
    func time(_ key: String) throws(PublishedPodError) -> Instant? {
        guard let s = try string(key) else { return nil }
        guard let t = PublishedTime.parse(s) else { throw error(key, "expected an RFC 3339 UTC time, found \"\(s)\"") }
        return t
    }

    func object(_ key: String) throws(PublishedPodError) -> FieldReader? {
        guard let v = value(key) else { return nil }
        return try FieldReader(v, path: path(key), file: file)
    }

    /// The objects of the array at `key` (none when absent).
    func objects(_ key: String) throws(PublishedPodError) -> [FieldReader] {
        guard let v = value(key) else { return [] }
        guard case .array(let items) = v else { throw error(key, "expected an array, found \(v.typeName)") }
        var out: [FieldReader] = []
        for (i, item) in items.enumerated() {
            out.append(try FieldReader(item, path: "\(path(key))[\(i)]", file: file))
        }
        return out
    }

    /// A string that must be there.
    func required(_ key: String) throws(PublishedPodError) -> String {
        guard let s = try string(key) else { throw error(key, "missing") }
        return s
    }

    private static func shown(_ v: JSONValue) -> String {
        if case .number(let text) = v { return "number \(text)" }
        return v.typeName
    }
}
