// kubelet-lite — StrictDecoding.swift
// Server-side strict field validation: unknown fields and wrong JSON types, named as Go names them.

/// Checks a JSON tree against `PodSchema`, the way the API server's strict decoder would.
struct StrictDecoding {
    /// `unknown field "spec.foo"` entries, in document order.
    private(set) var unknownFields: [String] = []
    /// `json: cannot unmarshal ...` entries, in document order.
    private(set) var typeErrors: [String] = []
    /// Text appended to a type error at a field path: for YAML input, the line of a plain scalar
    /// kubectl read by YAML 1.1 rules (`yes` for a string field).
    var notes: [String: String] = [:]
    /// The first malformed quantity: its UnmarshalJSON error aborts Go's decoder, so it is the only
    /// problem reported (lifecycle §21.1).
    private(set) var quantityError: String?

    /// All problems: type errors first (Go reports those before strict errors), then unknown fields.
    var problems: [String] {
        if let quantityError { return [quantityError] }
        return typeErrors + unknownFields.map { "unknown field \(FieldValue.goQuoted($0))" }
    }

    /// Checks `object` as an instance of `schema`.
    /// - Parameters:
    ///   - path: the strict-error path, with `[i]` indices (`spec.containers[0]`).
    ///   - goPath: Go's type-error path, JSON names only (`spec.containers`).
    mutating func check(_ object: JSONObject, as schema: StructSchema, path: String, goPath: String) {
        for (key, value) in object {
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            let childGoPath = goPath.isEmpty ? key : "\(goPath).\(key)"
            guard let type = schema.fields[key] else {
                unknownFields.append(childPath)
                continue
            }
            check(value, as: type, in: schema, path: childPath, goPath: childGoPath)
        }
    }

    private mutating func check(_ value: JSONValue, as type: FieldType, in parent: StructSchema,
                                path: String, goPath: String) {
        // Go's decoder leaves a field untouched on null, whatever its type.
        if case .null = value { return }
        // `item` is the suffix of a []string item or map value path, where a YAML note may be recorded.
        func mismatch(_ goType: String, _ found: String? = nil, at item: String = "") {
            typeErrors.append("json: cannot unmarshal \(found ?? value.typeName) into Go struct field "
                              + "\(parent.name).\(goPath) of type \(goType)" + (notes[path + item] ?? ""))
        }
        switch type {
        case .opaque:
            return
        case .string, .bool:
            switch (type, value) {
            case (.string, .string), (.bool, .bool): return
            default: mismatch(type.goName)
            }
        case .int32, .int64, .intOrString:
            if let found = StrictDecoding.integerProblem(value, type) { mismatch(type.goName, found) }
        case .stringArray, .stringMap:
            StrictDecoding.checkStrings(value, as: type) { mismatch("string", $0, at: $1) } wrongContainer: { mismatch(type.goName) }
        case .resourceList:
            guard case .object(let map) = value else { return mismatch(type.goName) }
            checkQuantities(map)
        case .object(let schema):
            guard case .object(let object) = value else { return mismatch(type.goName) }
            check(object, as: schema, path: path, goPath: goPath)
        case .array(let schema):
            guard case .array(let items) = value else { return mismatch(type.goName) }
            for (i, item) in items.enumerated() {
                switch item {
                case .null: continue
                case .object(let object): check(object, as: schema, path: "\(path)[\(i)]", goPath: goPath)
                default: mismatch("v1.\(schema.name)", item.typeName)
                }
            }
        }
    }

    /// The items of a []string or the values of a map[string]string: strings or null.
    private static func checkStrings(_ value: JSONValue, as type: FieldType, wrongItem: (String, String) -> Void,
                              wrongContainer: () -> Void) {
        switch (type, value) {
        case (.stringArray, .array(let items)):
            for (i, item) in items.enumerated() where !StrictDecoding.isStringOrNull(item) {
                wrongItem(item.typeName, "[\(i)]")
            }
        case (.stringMap, .object(let map)):
            for (key, item) in map where !StrictDecoding.isStringOrNull(item) { wrongItem(item.typeName, ".\(key)") }
        default:
            wrongContainer()
        }
    }

    private static func isStringOrNull(_ value: JSONValue) -> Bool {
        switch value {
        case .string, .null: true
        default: false
        }
    }

    /// What Go names when an integer field gets `value`, or nil when it fits. Go's integer fields
    /// take integer literals only (1.0 or 1e3 is "number 1.0"); IntOrString also takes a string.
    private static func integerProblem(_ value: JSONValue, _ type: FieldType) -> String? {
        switch (value, type) {
        case (.string, .intOrString):
            return nil
        case (.number(let text), .int64):
            return integerLiteral(text) != nil ? nil : "number \(text)"
        case (.number(let text), _):
            if let n = integerLiteral(text), n >= Int64(Int32.min), n <= Int64(Int32.max) { return nil }
            return "number \(text)"
        default:
            return value.typeName
        }
    }

    /// Each value must parse as a quantity; the first that does not ends decoding, as in Go.
    private mutating func checkQuantities(_ map: JSONObject) {
        for (_, item) in map where quantityError == nil {
            do { _ = try Quantity(json: item) } catch { quantityError = error.description }
        }
    }

    /// The value of a JSON number written as a plain integer, as Go's ParseInt would read it.
    static func integerLiteral(_ text: String) -> Int64? {
        guard !text.contains("."), !text.contains("e"), !text.contains("E") else { return nil }
        return Int64(text)
    }
}
