// kubelet-lite — GoFloat.swift
// Floats written as Go writes them: encoding/json for values, strconv 'g' (float32) for map keys.

/// Formats doubles the way the Go code between a YAML manifest and the API server does.
enum GoFloat {
    /// Shortest round-trip digits and the decimal exponent: value = 0.d1d2... × 10^point.
    private static func digits<F: CustomStringConvertible>(_ value: F) -> (negative: Bool, digits: [UInt8], point: Int) {
        var text = Array(value.description.utf8)
        var negative = false
        if text.first == UInt8(ascii: "-") {
            negative = true
            text.removeFirst()
        }
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
        }
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for c in mantissa {
            if c == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(c)
            if !seenPoint { point += 1 }
        }
        while digits.first == UInt8(ascii: "0") && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == UInt8(ascii: "0") && digits.count > 1 { digits.removeLast() }
        if digits == [UInt8(ascii: "0")] { point = 1 }
        return (negative, digits, point + exponent)
    }

    /// encoding/json: plain decimals for 1e-6 <= |x| < 1e21, else exponent form (`1e+21`, `1e-7`).
    static func jsonText(_ value: Double) -> String {
        let magnitude = abs(value)
        let (negative, digits, point) = self.digits(value)
        let sign = negative ? "-" : ""
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            return sign + exponentForm(digits, point, minimumExponentDigits: 1)
        }
        return sign + fixedForm(digits, point)
    }

    /// strconv.FormatFloat(f, 'g', -1, 32), with sigs.k8s.io/yaml's names for infinities and NaN.
    static func keyText(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value > 0 ? ".inf" : "-.inf" }
        let single = Float(value)
        if single.isInfinite { return single > 0 ? ".inf" : "-.inf" }
        let (negative, digits, point) = self.digits(single)
        let sign = negative ? "-" : ""
        let exponent = point - 1
        if single != 0 && (exponent < -4 || exponent >= 6) {
            return sign + exponentForm(digits, point, minimumExponentDigits: 2)
        }
        return sign + fixedForm(digits, point)
    }

    private static func fixedForm(_ digits: [UInt8], _ point: Int) -> String {
        if digits == [UInt8(ascii: "0")] { return "0" }
        if point <= 0 {
            return "0." + String(repeating: "0", count: -point) + String(decoding: digits, as: UTF8.self)
        }
        if point >= digits.count {
            return String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: point - digits.count)
        }
        return String(decoding: digits[..<point], as: UTF8.self) + "." + String(decoding: digits[point...], as: UTF8.self)
    }

    private static func exponentForm(_ digits: [UInt8], _ point: Int, minimumExponentDigits: Int) -> String {
        var text = String(decoding: digits[..<1], as: UTF8.self)
        if digits.count > 1 { text += "." + String(decoding: digits[1...], as: UTF8.self) }
        let exponent = point - 1
        let magnitude = String(abs(exponent))
        let padded = String(repeating: "0", count: max(0, minimumExponentDigits - magnitude.count)) + magnitude
        return text + "e" + (exponent < 0 ? "-" : "+") + padded
    }
}
