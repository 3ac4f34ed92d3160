// kubelet-lite — QuantityParser.swift
// resource.ParseQuantity step by step (lifecycle §21.1): Go's byte scanner, its suffix table, its
// fast path (which decides the cached spelling and the numeric error), and its exact value with
// non-zero values rounded up to 1n and binary values capped at 2^63-1.

/// Parses quantity strings exactly as apimachinery does.
enum QuantityParser {
    /// What `parseQuantityString` splits a quantity into.
    struct Parts {
        var positive = true
        /// The signed number as written (`str[0:pos]`), for the slow path's digit check.
        var value: ArraySlice<UInt8> = []
        /// The integer digits without leading zeros; "0" when there are none.
        var num: [UInt8] = []
        var denom: [UInt8] = []
        var suffix: [UInt8] = []
    }

    /// A suffix read as base, exponent and format.
    struct Suffix: Equatable {
        var base: Int
        var exponent: Int
        var format: Quantity.Format
    }

    static func parse(_ text: String) throws(QuantityError) -> Quantity {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { throw .formatWrong }
        if text == "0" { return Quantity(negative: false, magnitude: .zero, format: .decimalSI, literal: "0") }
        let parts = try scan(bytes)
        guard let suffix = interpret(parts.suffix) else { throw .suffix }
        let fast = fastPath(parts, suffix, text: text)
        // The slow path hands `value` to inf.Dec.SetString, which wants at least one digit.
        if fast == nil && !parts.value.contains(where: isDigit) { throw .numeric }
        var format = suffix.format
        let magnitude: DecimalDigits
        if suffix.base == 2 {
            magnitude = binaryMagnitude(parts, exponent: suffix.exponent)
            // ParseQuantity: a binary value strictly between 0 and 1 prints as DecimalSI.
            if !magnitude.isZero && magnitude.leadingPower < 0 { format = .decimalSI }
        } else {
            let exact = DecimalDigits(ascii: parts.num + parts.denom, exponent: suffix.exponent - parts.denom.count)
            magnitude = exact.roundedUp(toScale: -9)
        }
        return Quantity(negative: !parts.positive, magnitude: magnitude, format: format,
                        literal: fast?.literal, literalScale: fast?.scale ?? 0)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static let suffixLetters = Set("eEinumkKMGTP".utf8)

    /// `parseQuantityString`, byte for byte (its odd corners included: `+`, `.`, `1.` and `1.G` parse).
    static func scan(_ s: [UInt8]) throws(QuantityError) -> Parts {
        var p = Parts()
        var pos = 0
        let end = s.count
        if s[0] == UInt8(ascii: "-") { p.positive = false; pos += 1 } else if s[0] == UInt8(ascii: "+") { pos += 1 }
        while pos < end && s[pos] == UInt8(ascii: "0") { pos += 1 }
        if pos >= end {
            p.num = [UInt8(ascii: "0")]
            p.value = p.num[...]
            return p
        }
        var i = pos
        while i < end && isDigit(s[i]) { i += 1 }
        p.num = Array(s[pos..<i])
        if i >= end {
            p.value = s[0..<end]
            return p
        }
        pos = i
        if p.num.isEmpty { p.num = [UInt8(ascii: "0")] }
        if s[pos] == UInt8(ascii: ".") {
            pos += 1
            i = pos
            while i < end && isDigit(s[i]) { i += 1 }
            p.denom = Array(s[pos..<i])
            if i >= end {
                p.value = s[0..<end]
                return p
            }
            pos = i
        }
        p.value = s[0..<pos]
        let suffixStart = pos
        while pos < end && suffixLetters.contains(s[pos]) { pos += 1 }
        if pos < end && (s[pos] == UInt8(ascii: "-") || s[pos] == UInt8(ascii: "+")) { pos += 1 }
        while pos < end && isDigit(s[pos]) { pos += 1 }
        // A character that is neither a suffix letter, a sign nor a digit: not a quantity.
        guard pos >= end else { throw .formatWrong }
        p.suffix = Array(s[suffixStart..<end])
        return p
    }

    private static let table: [String: Suffix] = [
        "": Suffix(base: 10, exponent: 0, format: .decimalSI),
        "n": Suffix(base: 10, exponent: -9, format: .decimalSI), "u": Suffix(base: 10, exponent: -6, format: .decimalSI),
        "m": Suffix(base: 10, exponent: -3, format: .decimalSI), "k": Suffix(base: 10, exponent: 3, format: .decimalSI),
        "M": Suffix(base: 10, exponent: 6, format: .decimalSI), "G": Suffix(base: 10, exponent: 9, format: .decimalSI),
        "T": Suffix(base: 10, exponent: 12, format: .decimalSI), "P": Suffix(base: 10, exponent: 15, format: .decimalSI),
        "E": Suffix(base: 10, exponent: 18, format: .decimalSI),
        "Ki": Suffix(base: 2, exponent: 10, format: .binarySI), "Mi": Suffix(base: 2, exponent: 20, format: .binarySI),
        "Gi": Suffix(base: 2, exponent: 30, format: .binarySI), "Ti": Suffix(base: 2, exponent: 40, format: .binarySI),
        "Pi": Suffix(base: 2, exponent: 50, format: .binarySI), "Ei": Suffix(base: 2, exponent: 60, format: .binarySI),
    ]

    /// `quantitySuffixer.interpret`: the tables, then `e`/`E` with a ParseInt exponent, which Go
    /// narrows to int32 by truncation (so `1e4294967296` is 1).
    static func interpret(_ suffix: [UInt8]) -> Suffix? {
        let text = String(decoding: suffix, as: UTF8.self)
        if let known = table[text] { return known }
        guard suffix.count > 1, suffix[0] == UInt8(ascii: "e") || suffix[0] == UInt8(ascii: "E"),
              let parsed = Int64(String(decoding: suffix.dropFirst(), as: UTF8.self)) else { return nil }
        return Suffix(base: 10, exponent: Int(Int32(truncatingIfNeeded: parsed)), format: .decimalExponent)
    }

    /// When Go's int64 fast path takes the quantity: its scale, and the spelling it caches.
    static func fastPath(_ p: Parts, _ suffix: Suffix, text: String) -> (scale: Int, literal: String?)? {
        var scale = 0
        var mantissa: Int64 = 1
        let precision: Int
        if suffix.format == .binarySI {
            guard p.denom.isEmpty else { return nil }
            mantissa = 1 << Int64(suffix.exponent)
            precision = 15 - p.num.count - suffix.exponent * 3 / 10 - 1
        } else {
            scale = suffix.exponent
            precision = 18 - (p.num.count + p.denom.count)
        }
        guard precision >= 0 else { return nil }
        scale -= p.denom.count
        let shifted = p.num + p.denom
        guard scale >= -9, let value = Int64(String(decoding: shifted, as: UTF8.self)),
              !value.multipliedReportingOverflow(by: mantissa).overflow else { return nil }
        let canonical: Bool
        if suffix.format == .binarySI {
            canonical = suffix.exponent % 10 == 0 && value & 0x07 != 0
        } else {
            canonical = scale % 3 == 0 && !shifted.reversed().starts(with: Array("000".utf8))
                && shifted.first != UInt8(ascii: "0")
        }
        return (scale, canonical ? text : nil)
    }

    /// 2^63-1 in nano units: the cap of a BinarySI quantity, rounded to 1n granularity.
    private static let binaryCapNano = UInt128(Int64.max) * 1_000_000_000

    /// num.denom × 2^exponent, rounded up to 1n and capped at 2^63-1, computed exactly without
    /// big integers: the nano part doubles as an integer, the digits below 1n as a decimal fraction.
    static func binaryMagnitude(_ p: Parts, exponent: Int) -> DecimalDigits {
        let cap = DecimalDigits(UInt64(Int64.max))
        let whole = DecimalDigits(ascii: p.num, exponent: 0)
        guard let integer = whole.integer(upTo: UInt64(Int64.max)) else { return cap }
        let head = Array(p.denom.prefix(9)) + [UInt8](repeating: UInt8(ascii: "0"), count: max(0, 9 - p.denom.count))
        var nano = UInt128(integer) * 1_000_000_000 + UInt128(UInt64(String(decoding: head, as: UTF8.self)) ?? 0)
        var fraction = p.denom.dropFirst(9).map { $0 - UInt8(ascii: "0") }
        for _ in 0..<exponent {
            nano = nano * 2 + (doubleFraction(&fraction) ? 1 : 0)
            if nano > binaryCapNano { return cap }
        }
        if fraction.contains(where: { $0 != 0 }) { nano += 1 }
        if nano > binaryCapNano { return cap }
        let digits = String(nano).utf8
        return DecimalDigits(ascii: digits, exponent: -9)
    }

    /// Doubles a decimal fraction 0.d1d2… in place and returns its carry into the units.
    private static func doubleFraction(_ digits: inout [UInt8]) -> Bool {
        var carry: UInt8 = 0
        for i in stride(from: digits.count - 1, through: 0, by: -1) {
            let d = digits[i] * 2 + carry
            digits[i] = d % 10
            carry = d / 10
        }
        return carry == 1
    }

    /// Go's `strings.TrimSpace` (Unicode white space at both ends), as `UnmarshalJSON` applies it.
    static func trimmingSpace(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}
