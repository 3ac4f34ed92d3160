// kubelet-lite — Quantity.swift
// apimachinery's resource.Quantity (lifecycle §21.1): an exact decimal, the suffix family it prints
// in, and the spelling Go's parser caches. Parsing lives in QuantityParser.swift, printing in
// QuantityFormat.swift.

/// A Kubernetes `resource.Quantity`: an exact decimal number with its print format.
///
/// Equality, hashing and ordering compare values only (`1Gi == 1024Mi`), as Go's `Cmp` does.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `resource.Format`: the suffix family a quantity prints in.
    public enum Format: String, Sendable, Equatable {
        /// `12e6`.
        case decimalExponent = "DecimalExponent"
        /// `12Mi` (powers of 1024).
        case binarySI = "BinarySI"
        /// `12M`, `500m` (powers of 1000).
        case decimalSI = "DecimalSI"
    }

    /// True for values below zero (never for zero).
    public let isNegative: Bool
    let magnitude: DecimalDigits
    public let format: Format
    /// Go's cached string `s`: the input as written, kept when its fast path deems it canonical.
    let literal: String?
    /// The `int64Amount` scale of that fast parse: `RoundUp(scale)` keeps `s` only when this is >= scale.
    let literalScale: Int

    init(negative: Bool, magnitude: DecimalDigits, format: Format, literal: String? = nil, literalScale: Int = 0) {
        self.isNegative = negative && !magnitude.isZero
        self.magnitude = magnitude
        self.format = format
        self.literal = literal
        self.literalScale = literalScale
    }

    /// `resource.NewQuantity(value, format)`.
    public init(_ value: Int64, format: Format = .decimalSI) {
        self.init(negative: value < 0, magnitude: DecimalDigits(value.magnitude), format: format)
    }

    /// `resource.NewMilliQuantity(value, format)`: value thousandths.
    public init(milli value: Int64, format: Format = .decimalSI) {
        let digits = DecimalDigits(value.magnitude)
        self.init(negative: value < 0, magnitude: DecimalDigits(normalizing: digits.digits, exponent: digits.exponent - 3),
                  format: format)
    }

    /// `resource.ParseQuantity`: the text exactly as given (no trimming; see `init(json:)`).
    public init(parsing text: String) throws(QuantityError) {
        self = try QuantityParser.parse(text)
    }

    public static let zero = Quantity(0)

    public var isZero: Bool { magnitude.isZero }

    /// -1, 0 or 1.
    public var sign: Int { isZero ? 0 : (isNegative ? -1 : 1) }

    // MARK: Go's accessors

    /// `Value()`: rounded up to an integer, away from zero.
    ///
    /// Saturates at `Int64.max`/`Int64.min` where Go's big-number path would wrap (lifecycle §21.1).
    public var value: Int64 { scaledValue(0) }

    /// `MilliValue()`: ceil(q × 1000), away from zero, saturating like `value`.
    public var milliValue: Int64 { scaledValue(-3) }

    /// `ScaledValue(scale)`: q / 10^scale rounded up away from zero, saturating at the Int64 bounds.
    public func scaledValue(_ scale: Int) -> Int64 {
        let shifted = DecimalDigits(normalizing: magnitude.digits, exponent: magnitude.exponent &- scale)
        let whole = shifted.roundedUp(toScale: 0)
        let limit = isNegative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard let n = whole.integer(upTo: limit) else { return isNegative ? .min : .max }
        return isNegative ? (n == limit ? .min : -Int64(n)) : Int64(n)
    }

    /// `RoundUp(scale)`: rounded up (away from zero) to a multiple of 10^scale. Go keeps the cached
    /// spelling only when its fast representation already had that scale.
    public func roundedUp(toScale scale: Int) -> Quantity {
        let keep = literal != nil && literalScale >= scale
        return Quantity(negative: isNegative, magnitude: magnitude.roundedUp(toScale: scale), format: format,
                        literal: keep ? literal : nil, literalScale: literalScale)
    }

    /// `Add`: the exact sum; the format is the left operand's unless it is zero (then the right's).
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        let format = lhs.isZero ? rhs.format : lhs.format
        if lhs.isNegative == rhs.isNegative {
            return Quantity(negative: lhs.isNegative, magnitude: DecimalDigits.sum(lhs.magnitude, rhs.magnitude),
                            format: format)
        }
        let order = DecimalDigits.compare(lhs.magnitude, rhs.magnitude)
        let (big, small) = order >= 0 ? (lhs, rhs) : (rhs, lhs)
        return Quantity(negative: big.isNegative, magnitude: DecimalDigits.difference(big.magnitude, small.magnitude),
                        format: format)
    }

    /// `Cmp`: -1, 0 or 1.
    public func compare(_ other: Quantity) -> Int {
        if sign != other.sign { return sign < other.sign ? -1 : 1 }
        let c = DecimalDigits.compare(magnitude, other.magnitude)
        return isNegative ? -c : c
    }

    public static func < (a: Quantity, b: Quantity) -> Bool { a.compare(b) < 0 }

    public static func == (a: Quantity, b: Quantity) -> Bool { a.compare(b) == 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isNegative)
        hasher.combine(magnitude)
    }

    /// `String()`: the cached spelling when Go keeps one, else the canonical form.
    public var description: String { literal ?? canonical }

    /// The canonical form Go prints (`1.5Gi` is `1536Mi`, `0.5` is `500m`).
    public var canonical: String { QuantityFormat.canonical(self) }
}

/// The errors of `resource.ParseQuantity`, worded as the API server reports them.
public enum QuantityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `ErrFormatWrong`.
    case formatWrong
    /// `ErrNumeric`.
    case numeric
    /// `ErrSuffix`.
    case suffix

    /// The regular expression apimachinery names in `ErrFormatWrong`.
    public static let pattern = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"

    public var description: String {
        switch self {
        case .formatWrong: "quantities must match the regular expression '\(QuantityError.pattern)'"
        case .numeric: "unable to parse numeric part of quantity"
        case .suffix: "unable to parse quantity's suffix"
        }
    }
}

extension Quantity {
    /// A quantity as `UnmarshalJSON` reads it: a string (trimmed) or a number as written; `null` is
    /// zero; any other JSON value is handed to the parser as its text and so fails the format.
    public init(json: JSONValue) throws(QuantityError) {
        switch json {
        case .null: self = .zero
        case .string(let s): self = try QuantityParser.parse(QuantityParser.trimmingSpace(s))
        case .number(let text): self = try QuantityParser.parse(text)
        case .bool, .array, .object: throw .formatWrong
        }
    }
}
