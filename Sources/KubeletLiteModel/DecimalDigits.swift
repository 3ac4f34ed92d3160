// kubelet-lite — DecimalDigits.swift
// Exact decimal arithmetic on digit arrays, so that no quantity a manifest can spell overflows
// (lifecycle §21.1): magnitudes are digits × 10^exponent, with no fixed width anywhere.

/// An unsigned decimal: digits (most significant first, no leading or trailing zeros; empty for
/// zero) times ten to `exponent`.
struct DecimalDigits: Sendable, Hashable {
    private(set) var digits: [UInt8]
    private(set) var exponent: Int

    static let zero = DecimalDigits(normalizing: [], exponent: 0)

    /// Normalizes: leading zeros dropped, trailing zeros moved into the exponent, zero is `[]`×10^0.
    init(normalizing raw: [UInt8], exponent: Int) {
        var end = raw.count
        var exponent = exponent
        while end > 0 && raw[end - 1] == 0 {
            end -= 1
            exponent += 1
        }
        var start = 0
        while start < end && raw[start] == 0 { start += 1 }
        if start == end {
            digits = []
            self.exponent = 0
        } else {
            digits = Array(raw[start..<end])
            self.exponent = exponent
        }
    }

    /// The digits of an ASCII decimal string (callers pass only `0`–`9`).
    init<S: Sequence>(ascii: S, exponent: Int) where S.Element == UInt8 {
        self.init(normalizing: ascii.map { $0 &- UInt8(ascii: "0") }, exponent: exponent)
    }

    init(_ value: UInt64) {
        var raw: [UInt8] = []
        var rest = value
        repeat {
            raw.append(UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        self.init(normalizing: raw.reversed(), exponent: 0)
    }

    var isZero: Bool { digits.isEmpty }

    /// The power of ten of the leading digit (meaningless for zero).
    var leadingPower: Int { exponent + digits.count - 1 }

    /// Three-way comparison of magnitudes, exact for any exponents.
    static func compare(_ a: DecimalDigits, _ b: DecimalDigits) -> Int {
        if a.isZero || b.isZero { return a.isZero ? (b.isZero ? 0 : -1) : 1 }
        if a.leadingPower != b.leadingPower { return a.leadingPower < b.leadingPower ? -1 : 1 }
        for i in 0..<max(a.digits.count, b.digits.count) {
            let x = i < a.digits.count ? a.digits[i] : 0
            let y = i < b.digits.count ? b.digits[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    /// The digits as written, padded with `zeros` trailing zeros.
    func text(trailingZeros zeros: Int = 0) -> String {
        if isZero { return "0" }
        let chars = digits.map { Character(UnicodeScalar($0 + UInt8(ascii: "0"))) }
        return String(chars) + String(repeating: "0", count: max(0, zeros))
    }

    /// Rounds up (away from zero) to a multiple of 10^scale, as inf.Dec's RoundUp does.
    func roundedUp(toScale scale: Int) -> DecimalDigits {
        guard !isZero, exponent < scale else { return self }
        let drop = scale - exponent
        guard drop < digits.count else { return DecimalDigits(normalizing: [1], exponent: scale) }
        var kept = Array(digits[0..<(digits.count - drop)])
        // Every dropped digit is significant (normalized), so something was cut: add one unit.
        DecimalDigits.increment(&kept)
        return DecimalDigits(normalizing: kept, exponent: scale)
    }

    /// True when the value has no fractional part at 10^scale (it is a multiple of 10^scale).
    func isMultiple(ofPower scale: Int) -> Bool { isZero || exponent >= scale }

    /// The integer value, or nil when it does not fit `limit` (callers round to an integer first).
    func integer(upTo limit: UInt64) -> UInt64? {
        guard !isZero else { return 0 }
        guard exponent >= 0, digits.count + exponent <= 20 else { return nil }
        var value: UInt64 = 0
        for d in digits + [UInt8](repeating: 0, count: exponent) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return nil }
            value = plus
        }
        return value <= limit ? value : nil
    }

    /// The sum of two magnitudes. Operands further apart than `maxSpan` digits are not aligned in
    /// full: the smaller one then counts as one unit at the span's edge (a bounded round-up, so that
    /// `1e2000000000 + 1` costs no gigabytes).
    static func sum(_ a: DecimalDigits, _ b: DecimalDigits, maxSpan: Int = 2048) -> DecimalDigits {
        if a.isZero { return b }
        if b.isZero { return a }
        let (big, small) = compare(a, b) >= 0 ? (a, b) : (b, a)
        let small2 = clamped(small, below: big, maxSpan: maxSpan)
        let low = min(big.exponent, small2.exponent)
        let x = big.padded(to: low), y = small2.padded(to: low)
        var out = [UInt8](repeating: 0, count: max(x.count, y.count) + 1)
        var carry: UInt8 = 0
        for i in 0..<out.count {
            let dx = i < x.count ? x[x.count - 1 - i] : 0
            let dy = i < y.count ? y[y.count - 1 - i] : 0
            let s = dx + dy + carry
            out[out.count - 1 - i] = s % 10
            carry = s / 10
        }
        return DecimalDigits(normalizing: out, exponent: low)
    }

    /// `big - small` for `big >= small`, with the same bounded alignment as `sum`.
    static func difference(_ big: DecimalDigits, _ small: DecimalDigits, maxSpan: Int = 2048) -> DecimalDigits {
        if small.isZero { return big }
        let small2 = clamped(small, below: big, maxSpan: maxSpan)
        let low = min(big.exponent, small2.exponent)
        let x = big.padded(to: low), y = small2.padded(to: low)
        var out = [UInt8](repeating: 0, count: x.count)
        var borrow: Int = 0
        for i in 0..<x.count {
            let dx = Int(x[x.count - 1 - i])
            let dy = i < y.count ? Int(y[y.count - 1 - i]) : 0
            var d = dx - dy - borrow
            borrow = d < 0 ? 1 : 0
            if d < 0 { d += 10 }
            out[x.count - 1 - i] = UInt8(d)
        }
        return DecimalDigits(normalizing: out, exponent: low)
    }

    /// `small` itself, or one unit `maxSpan` digits below `big`'s leading digit when it lies further down.
    private static func clamped(_ small: DecimalDigits, below big: DecimalDigits, maxSpan: Int) -> DecimalDigits {
        let floor = big.leadingPower - maxSpan
        guard small.exponent < floor, small.exponent < big.exponent else { return small }
        return small.leadingPower < floor ? DecimalDigits(normalizing: [1], exponent: floor)
            : small.roundedUp(toScale: floor)
    }

    private func padded(to low: Int) -> [UInt8] {
        digits + [UInt8](repeating: 0, count: exponent - low)
    }

    /// Adds one to a digit array in place, growing it on a carry out of the top digit.
    static func increment(_ digits: inout [UInt8]) {
        var i = digits.count - 1
        while i >= 0 {
            if digits[i] < 9 {
                digits[i] += 1
                return
            }
            digits[i] = 0
            i -= 1
        }
        digits.insert(1, at: 0)
    }
}
