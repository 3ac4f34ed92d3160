// kubelet-lite — IntegerText.swift
// Whole numbers as decimal text, for the JSON writers (architecture §8.11).

/// Decimal text of a whole number. A generic caller of `String(_:)` (one the compiler did not
/// specialize, as a public generic across modules is not) takes the standard library's unspecialized
/// path, whose first call in a process instantiates witness tables: in the profile of a short apply
/// it cost more than the rest of the manifest's defaulting and of the last status write.
public enum IntegerText {
    /// Appends `value` in decimal, with a leading `-` when negative.
    public static func append(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        let first = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        bytes[first...].reverse()
    }

    /// `value` in decimal.
    public static func string(_ value: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
