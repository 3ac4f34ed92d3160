// kubelet-lite — CoreResolver.swift
// Plain scalars under the YAML 1.2 core schema (YAML 1.2 spec, section 10.3.2).

/// The YAML 1.2 core schema's resolution of untagged plain scalars.
enum CoreResolver {
    static func resolve(_ text: String) -> ScalarValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        if let integer = integer(bytes) { return .int(integer) }
        if Literal.isDecimalFloat(bytes), let value = Double(text) { return .float(value) }
        return .string(text)
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`, as decimal text.
    static func integer(_ s: [UInt8]) -> String? {
        if s.count > 2 && s[0] == UInt8(ascii: "0") && (s[1] == UInt8(ascii: "o") || s[1] == UInt8(ascii: "x")) {
            return Literal.decimal(digits: s[2...], radix: s[1] == UInt8(ascii: "o") ? 8 : 16)
        }
        var i = 0
        var negative = false
        if let first = s.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            i = 1
        }
        guard i < s.count, s[i...].allSatisfy(Literal.isDigit),
              let magnitude = Literal.decimal(digits: s[i...], radix: 10) else { return nil }
        return negative && magnitude != "0" ? "-" + magnitude : magnitude
    }
}
