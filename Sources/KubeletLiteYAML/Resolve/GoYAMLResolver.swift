// kubelet-lite — GoYAMLResolver.swift
// Plain scalars as go-yaml v2 resolves them (and so kubectl): the YAML 1.1 booleans, Go's integer
// syntax (0x, 0o, 0b, leading-0 octal, underscores), and its float rules.

/// go-yaml v2's resolution of untagged plain scalars.
enum GoYAMLResolver {
    /// go-yaml's table of words: every spelling it reads as a boolean, null, infinity or NaN.
    private static let words: [String: ScalarValue] = {
        var table: [String: ScalarValue] = [:]
        for w in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { table[w] = .bool(true) }
        for w in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { table[w] = .bool(false) }
        for w in ["", "~", "null", "Null", "NULL"] { table[w] = .null }
        for w in [".nan", ".NaN", ".NAN"] { table[w] = .float(.nan) }
        for w in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { table[w] = .float(.infinity) }
        for w in ["-.inf", "-.Inf", "-.INF"] { table[w] = .float(-.infinity) }
        return table
    }()

    /// The value of an untagged plain scalar. As go-yaml, the first character decides what to try:
    /// a sign or digit (numbers), '.' (floats), a letter of the word table, or nothing (a string).
    static func resolve(_ text: String) -> ScalarValue {
        let hint = text.utf8.first ?? 0
        let numeric = hint == UInt8(ascii: "+") || hint == UInt8(ascii: "-") || Literal.isDigit(hint)
        switch hint {
        case 0, UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"),
             UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "o"), UInt8(ascii: "O"):
            break
        default:
            guard numeric else { return .string(text) }
        }
        if let word = words[text] { return word }
        let bytes = Array(text.utf8)
        if hint == UInt8(ascii: ".") {
            return isDotFloat(bytes) ? Literal.finiteDouble(bytes).map(ScalarValue.float) ?? .string(text) : .string(text)
        }
        guard numeric else { return .string(text) }
        let plain = bytes.filter { $0 != UInt8(ascii: "_") }
        let integer = GoInteger(plain)
        if let integer {
            if integer.fitsInt64 || (!integer.negative && integer.fitsUInt64) { return .int(integer.decimal) }
        }
        if Literal.isDecimalFloat(plain), let value = Literal.finiteDouble(plain) { return .float(value) }
        // math/big reads what overflowed 64 bits, but only unsigned (strconv.ParseUint's range error).
        if let integer, !integer.negative, !integer.signed { return .int(integer.decimal) }
        return .string(text)
    }

    /// strconv.ParseFloat on a string starting with '.': `.5`, `.5e3` (no underscores, no words).
    private static func isDotFloat(_ s: [UInt8]) -> Bool {
        s.count > 1 && Literal.isDigit(s[1]) && Literal.isDecimalFloat(s)
    }
}

/// An integer in Go's base-0 syntax (strconv.ParseInt(s, 0, 64)): an optional sign, then `0x`, `0o`,
/// `0b` or a leading `0` (octal), then digits.
struct GoInteger {
    var negative: Bool
    /// A '+' or '-' was written (strconv.ParseUint refuses those).
    var signed: Bool
    /// The magnitude as decimal text without leading zeros.
    var decimal: String
    var radix: UInt32

    init?(_ s: [UInt8]) {
        var i = 0
        negative = false
        signed = false
        if let first = s.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            signed = true
            i = 1
        }
        guard i < s.count else { return nil }
        radix = 10
        if s[i] == UInt8(ascii: "0") {
            let marker = s.count - i >= 3 ? s[i + 1] | 0x20 : 0
            switch marker {
            case UInt8(ascii: "x"): radix = 16; i += 2
            case UInt8(ascii: "o"): radix = 8; i += 2
            case UInt8(ascii: "b"): radix = 2; i += 2
            default: radix = 8; i += 1
            }
            if i == s.count && radix == 8 {
                decimal = "0"
                return
            }
        }
        guard let magnitude = Literal.decimal(digits: s[i...], radix: radix) else { return nil }
        decimal = magnitude
        if negative && magnitude != "0" { decimal = "-" + magnitude }
        if magnitude == "0" { negative = false }
    }

    private var magnitude: String { negative ? String(decimal.dropFirst()) : decimal }

    var fitsInt64: Bool { Literal.isAtMost(magnitude, negative ? "9223372036854775808" : "9223372036854775807") }
    var fitsUInt64: Bool { Literal.isAtMost(magnitude, "18446744073709551615") }
}
