// kubelet-lite — ScalarResolver.swift
// Tags, styles and schemas together: what a scalar node means, and whether kubectl's YAML 1.1
// reading of it differs from YAML 1.2's.

/// Resolves scalar nodes for one schema.
struct ScalarResolver {
    let schema: YAMLSchema

    static let yamlTagPrefix = "tag:yaml.org,2002:"

    /// The value, and for the Kubernetes schema the 1.1 reading a user may not expect.
    func resolve(_ text: String, style: YAMLScalarStyle, tag: String?,
                 at position: YAMLPosition) throws(YAMLError) -> (ScalarValue, YAMLSurprise.Reading?) {
        guard let tag else {
            guard style == .plain else { return (.string(text), nil) }
            return implicit(text)
        }
        guard tag.hasPrefix(ScalarResolver.yamlTagPrefix) else { return (.string(text), nil) }
        let name = String(tag.dropFirst(ScalarResolver.yamlTagPrefix.count))
        switch name {
        case "str": return (.string(text), nil)
        case "binary" where schema == .kubernetes: return (.string(try Base64.decode(text, at: position)), nil)
        case "bool", "int", "float", "null": break
        default: return (.string(text), nil)
        }
        let value = schema == .kubernetes ? GoYAMLResolver.resolve(text) : CoreResolver.resolve(text)
        switch (name, value) {
        case ("bool", .bool), ("int", .int), ("float", .float), ("null", .null):
            return (value, nil)
        case ("float", .int(let digits)):
            return (.float(Double(digits) ?? .nan), nil)
        default:
            throw position.error("cannot decode \(value.kindName) `\(text)` as a !!\(name)")
        }
    }

    private func implicit(_ text: String) -> (ScalarValue, YAMLSurprise.Reading?) {
        guard schema == .kubernetes else { return (CoreResolver.resolve(text), nil) }
        let value = GoYAMLResolver.resolve(text)
        if case .string = value { return (value, nil) }
        // Not a surprise when YAML 1.2 reads the same JSON value (09 is 9 either way).
        let strict = CoreResolver.resolve(text)
        if case .string = strict {} else if strict.jsonText == value.jsonText { return (value, nil) }
        return (value, ScalarResolver.reading(of: text, as: value))
    }

    /// How to tell a user what kubectl made of `text`.
    private static func reading(of text: String, as value: ScalarValue) -> YAMLSurprise.Reading {
        switch value {
        case .bool(let b):
            return .boolean(b)
        case .int(let digits):
            let unsigned = text.utf8.drop { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            if unsigned.count > 1 && unsigned.first == UInt8(ascii: "0") && unsigned.dropFirst().allSatisfy(Literal.isDigit) {
                return .octal(digits)
            }
            return .number(digits)
        default:
            return .number(value.jsonText ?? text)
        }
    }
}

/// base64 as Go's StdEncoding reads it for `!!binary` (line breaks ignored).
enum Base64 {
    static func decode(_ text: String, at position: YAMLPosition) throws(YAMLError) -> String {
        var bits: UInt32 = 0
        var count = 0
        var out: [UInt8] = []
        var padding = 0
        for c in text.utf8 where c != 0x0A && c != 0x0D {
            let value: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): padding += 1; continue
            default: throw position.error("the !!binary value is not valid base64")
            }
            if padding > 0 { throw position.error("the !!binary value is not valid base64") }
            bits = bits << 6 | value
            count += 1
            if count == 4 {
                out.append(contentsOf: [UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)])
                bits = 0
                count = 0
            }
        }
        switch (count, padding) {
        case (0, 0): break
        case (2, 2): out.append(UInt8(bits >> 4 & 0xFF))
        case (3, 1): out.append(contentsOf: [UInt8(bits >> 10 & 0xFF), UInt8(bits >> 2 & 0xFF)])
        default: throw position.error("the !!binary value is not valid base64")
        }
        return String(decoding: out, as: UTF8.self)
    }
}
