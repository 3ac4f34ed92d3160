// kubelet-lite — YAMLWarnings.swift
// Plain YAML scalars kubectl reads by YAML 1.1 rules (`yes` a boolean, `0644` octal 420), turned into
// warnings naming the line, where the reading is likely not what was meant.

import KubeletLiteYAML

/// Warnings and type-error notes for surprising YAML scalars.
enum YAMLWarnings {
    /// The fields whose integers are file modes: octal there is the documented intent.
    static let modeFields: Set<String> = ["mode", "defaultMode"]

    /// One warning per surprising scalar, unless the field's type makes the reading the intended one
    /// (`yes` in a bool field, `1_000` in an integer field, `0644` in a mode).
    static func warnings(for surprises: [YAMLSurprise]) -> [String] {
        surprises.compactMap { surprise in
            isExpected(surprise) ? nil : "line \(surprise.position.line): \(surprise.fieldPath): \(reading(surprise)), "
                + "as kubectl reads YAML; \(advice(surprise))"
        }
    }

    /// Notes for `json: cannot unmarshal` errors, by field path: `(YAML line 12: ...)`.
    static func typeNotes(for surprises: [YAMLSurprise]) -> [String: String] {
        var notes: [String: String] = [:]
        for surprise in surprises where !surprise.isKey {
            notes[surprise.fieldPath] = " (YAML line \(surprise.position.line): \(reading(surprise)); \(advice(surprise)))"
        }
        return notes
    }

    private static func isExpected(_ surprise: YAMLSurprise) -> Bool {
        guard !surprise.isKey else { return false }
        let type = PodSchema.fieldType(at: surprise.path)
        switch (surprise.reading, type) {
        case (.boolean, .bool?): return true
        case (.number, .int32?), (.number, .int64?), (.number, .intOrString?): return true
        case (.octal, _):
            if case .key(let name)? = surprise.path.last { return modeFields.contains(name) }
            return false
        default: return false
        }
    }

    private static func reading(_ surprise: YAMLSurprise) -> String {
        let subject = surprise.isKey ? "the key \(surprise.text)" : surprise.text
        switch surprise.reading {
        case .boolean(let b): return "\(subject) is read as the boolean \(b)"
        case .octal(let decimal): return "\(subject) is read as the octal number \(decimal)"
        case .number(let text): return "\(subject) is read as the number \(text)"
        }
    }

    private static func advice(_ surprise: YAMLSurprise) -> String {
        let quoted = "quote it (\"\(surprise.text)\") if you mean the text"
        if case .octal(let decimal) = surprise.reading, !surprise.isKey { return "write \(decimal), or \(quoted)" }
        return quoted
    }
}

extension PodSchema {
    /// The Go type of the field at `path`; nil when the path leaves the known schema.
    static func fieldType(at path: [YAMLPathComponent]) -> FieldType? {
        var type = FieldType.object(pod)
        for component in path {
            switch (type, component) {
            case (.object(let schema), .key(let key)):
                guard let field = schema.fields[key] else { return nil }
                type = field
            case (.array(let schema), .index): type = .object(schema)
            case (.stringArray, .index), (.stringMap, .key): type = .string
            default: return nil
            }
        }
        return type
    }
}
