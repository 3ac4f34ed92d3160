// kubelet-lite — Timestamp.swift
// Calendar arithmetic for RFC 3339 timestamps, without Foundation.

/// Formats instants as RFC 3339 UTC timestamps.
public enum Timestamp {
    /// `2026-11-29T01:02:03.123456Z`.
    public static func rfc3339(_ t: Instant) -> String {
        let (seconds, micros) = split(t)
        return format(seconds, micros: micros, trailingZeros: 0)
    }

    /// `2026-11-29T01:02:03Z`: second precision, for human-facing lines. An instant past the year
    /// 9999 (a grace period of 2^63-1 s) is shown as the last second RFC 3339 can write.
    public static func rfc3339Seconds(_ t: Instant) -> String {
        let last: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z
        return format(min(split(t).seconds, last), micros: nil, trailingZeros: 0)
    }

    /// `2026-11-29T01:02:03.123456789Z`: the CRI log format's nanosecond precision.
    public static func rfc3339Nano(_ t: Instant) -> String {
        let (seconds, micros) = split(t)
        return format(seconds, micros: micros, trailingZeros: 3)
    }

    /// Whole seconds since the epoch (rounded down) and the microseconds past them.
    private static func split(_ t: Instant) -> (seconds: Int64, micros: Int64) {
        let micros = ((t.micros % 1_000_000) + 1_000_000) % 1_000_000
        return ((t.micros - micros) / 1_000_000, micros)
    }

    // Digits written into one string's storage: these are formatted for every status write and
    // every log line, where joining a dozen small strings cost more than the rest of the line.
    private static func format(_ epochSeconds: Int64, micros: Int64?, trailingZeros: Int) -> String {
        let days = floorDiv(epochSeconds, 86_400)
        let secs = epochSeconds - days * 86_400
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        var year = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        if month <= 2 { year += 1 }
        // A year outside 0...9999 (only from a nonsensical clock) is written as it is, unpadded.
        let yearText = (0...9999).contains(year) ? nil : String(year)
        let fraction = micros == nil ? 0 : 7 + trailingZeros
        let length = (yearText?.utf8.count ?? 4) + 16 + fraction
        return String(unsafeUninitializedCapacity: length) { out in
            var i = 0
            func put(_ byte: UInt8) { out[i] = byte; i += 1 }
            func digits(_ value: Int64, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                i += width
            }
            if let yearText { for byte in yearText.utf8 { put(byte) } } else { digits(year, 4) }
            put(UInt8(ascii: "-")); digits(month, 2); put(UInt8(ascii: "-")); digits(day, 2)
            put(UInt8(ascii: "T")); digits(secs / 3600, 2); put(UInt8(ascii: ":")); digits(secs / 60 % 60, 2)
            put(UInt8(ascii: ":")); digits(secs % 60, 2)
            if let micros {
                put(UInt8(ascii: ".")); digits(micros, 6)
                for _ in 0..<trailingZeros { put(UInt8(ascii: "0")) }
            }
            put(UInt8(ascii: "Z"))
            return i
        }
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}

/// Formats durations the way Go's `time.Duration.String()` does (`10s`, `1m20s`, `5m0s`).
public enum GoDuration {
    public static func format(seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60)s" }
        return "\(seconds / 3600)h\(seconds / 60 % 60)m\(seconds % 60)s"
    }

    /// Durations below a second keep their fraction (`500ms`), as Go prints them.
    public static func format(_ d: Micros) -> String {
        if d.value % 1_000_000 == 0 { return format(seconds: d.value / 1_000_000) }
        if d.value < 1_000_000 {
            if d.value % 1000 == 0 { return "\(d.value / 1000)ms" }
            return "\(d.value)µs"
        }
        let whole = d.value / 1_000_000
        var frac = String(d.value % 1_000_000)
        frac = String(repeating: "0", count: 6 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        if whole < 60 { return "\(whole).\(frac)s" }
        return format(seconds: whole)
    }
}
