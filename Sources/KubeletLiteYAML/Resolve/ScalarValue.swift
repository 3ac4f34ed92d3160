// kubelet-lite — ScalarValue.swift
// What a scalar means once a schema has resolved it, and the literal forms both schemas share.

/// A resolved scalar: integers keep every digit, as decimal text.
enum ScalarValue: Equatable {
    case null
    case bool(Bool)
    case int(String)
    case float(Double)
    case string(String)

    /// The value as JSON text would show it (nil for strings, which are not numbers or words).
    var jsonText: String? {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let digits): digits
        case .float(let f): f.isFinite ? GoFloat.jsonText(f) : "\(f)"
        case .string: nil
        }
    }

    var kindName: String {
        switch self {
        case .null: "!!null"
        case .bool: "!!bool"
        case .int: "!!int"
        case .float: "!!float"
        case .string: "!!str"
        }
    }
}

/// Literal forms of numbers, checked byte by byte (no regular expressions in a pure module).
enum Literal {
    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`: the YAML 1.2 core float, which is also
    /// the form go-yaml v2 lets strconv.ParseFloat read.
    static func isDecimalFloat(_ s: [UInt8]) -> Bool {
        var i = 0
        if i < s.count && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
        var integerDigits = 0
        while i < s.count && isDigit(s[i]) {
            i += 1
            integerDigits += 1
        }
        if i < s.count && s[i] == UInt8(ascii: ".") {
            i += 1
            var fractionDigits = 0
            while i < s.count && isDigit(s[i]) {
                i += 1
                fractionDigits += 1
            }
            if integerDigits == 0 && fractionDigits == 0 { return false }
        } else if integerDigits == 0 {
            return false
        }
        if i < s.count && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            i += 1
            if i < s.count && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
            var exponentDigits = 0
            while i < s.count && isDigit(s[i]) {
                i += 1
                exponentDigits += 1
            }
            if exponentDigits == 0 { return false }
        }
        return i == s.count
    }

    /// A decimal float literal's value, nil when it overflows (as strconv.ParseFloat's range error).
    static func finiteDouble(_ s: [UInt8]) -> Double? {
        guard let value = Double(String(decoding: s, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// Integer digits in `radix` as decimal text without leading zeros; nil when a digit is not valid
    /// or there are none. Longer than 4096 digits is refused too: conversion is quadratic.
    static func decimal(digits: ArraySlice<UInt8>, radix: UInt32) -> String? {
        guard !digits.isEmpty, digits.count <= 4096 else { return nil }
        var values: [UInt32] = []
        values.reserveCapacity(digits.count)
        for c in digits {
            guard let d = Scanner.hexValue(c), d < radix else { return nil }
            values.append(d)
        }
        if radix == 10 {
            let text = String(decoding: digits.drop { $0 == UInt8(ascii: "0") }, as: UTF8.self)
            return text.isEmpty ? "0" : text
        }
        // Little-endian limbs of 10^9.
        var limbs: [UInt64] = [0]
        for d in values {
            var carry = UInt64(d)
            for k in limbs.indices {
                let v = limbs[k] * UInt64(radix) + carry
                limbs[k] = v % 1_000_000_000
                carry = v / 1_000_000_000
            }
            if carry > 0 { limbs.append(carry) }
        }
        var text = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }

    /// Compares two decimal magnitudes written without leading zeros.
    static func isAtMost(_ a: String, _ b: String) -> Bool {
        a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a <= b
    }
}
