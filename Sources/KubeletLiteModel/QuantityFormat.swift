// kubelet-lite — QuantityFormat.swift
// Quantity.CanonicalizeBytes (lifecycle §21.1): the largest suffix that loses nothing, the exponent
// a multiple of three, and Go's quirks kept (a decimal exponent beyond E prints with no suffix).

/// Prints quantities in Go's canonical form.
enum QuantityFormat {
    private static let decimalSuffixes: [Int: String] = [
        -9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E",
    ]

    private static let binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    static func canonical(_ q: Quantity) -> String {
        if q.isZero { return "0" }
        let sign = q.isNegative ? "-" : ""
        var format = q.format
        if format == .binarySI {
            // Between -1024 and 1024, or with a fraction, a binary quantity prints as DecimalSI.
            if DecimalDigits.compare(q.magnitude, DecimalDigits(1024)) < 0 || !q.magnitude.isMultiple(ofPower: 0) {
                format = .decimalSI
            } else if let binary = binaryText(q.magnitude) {
                return sign + binary
            } else {
                format = .decimalSI
            }
        }
        return sign + decimalText(q.magnitude, format: format)
    }

    /// Digits with the exponent moved to a multiple of three, and the suffix for it. A DecimalSI
    /// exponent outside n…E has no suffix in Go's table and prints bare (Go's own behaviour).
    private static func decimalText(_ m: DecimalDigits, format: Quantity.Format) -> String {
        var exponent = m.exponent
        let remainder = ((exponent % 3) + 3) % 3
        exponent -= remainder
        let number = m.text(trailingZeros: remainder)
        if format == .decimalExponent {
            return exponent == 0 ? number : number + "e" + String(exponent)
        }
        return number + (decimalSuffixes[exponent] ?? "")
    }

    /// An integer as a count of the largest power of 1024 dividing it; nil when it is too large
    /// to factor in 128 bits (only sums of many capped quantities get there).
    private static func binaryText(_ m: DecimalDigits) -> String? {
        guard m.exponent >= 0, m.digits.count + m.exponent <= 38 else { return nil }
        guard var value = UInt128(m.text(trailingZeros: m.exponent)) else { return nil }
        var times = 0
        while value >= 1024 && value % 1024 == 0 {
            value /= 1024
            times += 1
        }
        // Go's table stops at Ei; a larger power has no suffix and prints bare.
        return String(value) + (times < binarySuffixes.count ? binarySuffixes[times] : "")
    }
}
