// kubelet-lite — Instant.swift
// Time as data: the lifecycle never reads a clock; every input arrives with its instant.

/// A point in time: microseconds since the Unix epoch, advancing monotonically (the runtime
/// anchors a monotonic clock to the wall clock once, so timers never jump with NTP).
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }

    public static func seconds(_ s: Int64) -> Instant { Instant(micros: s * 1_000_000) }

    public static func < (a: Instant, b: Instant) -> Bool { a.micros < b.micros }

    /// Saturates: a grace of 2^63-1 seconds is a deadline that never comes, not one in the past.
    public static func + (a: Instant, b: Micros) -> Instant { Instant(micros: Saturating.add(a.micros, b.value)) }

    public static func - (a: Instant, b: Instant) -> Micros { Micros(Saturating.add(a.micros, Saturating.negate(b.micros))) }

    /// RFC 3339 UTC with microseconds, as every timestamp kubelet-lite publishes.
    public var description: String { Timestamp.rfc3339(self) }
}

/// A span of time in microseconds.
public struct Micros: Comparable, Hashable, Sendable {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    /// Saturates, like every duration taken from a manifest (lifecycle §1.3).
    public static func seconds(_ s: Int64) -> Micros { Micros(Saturating.multiply(s, 1_000_000)) }

    public static func < (a: Micros, b: Micros) -> Bool { a.value < b.value }

    /// Whole seconds, truncated, as the kubelet subtracts preStop time from the grace (lifecycle §9.2).
    public var wholeSeconds: Int64 { value / 1_000_000 }
}

/// Arithmetic on microseconds that clamps at the ends of Int64 instead of wrapping or trapping.
enum Saturating {
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a > 0) == (b > 0) ? .max : .min) : product
    }

    static func negate(_ a: Int64) -> Int64 { a == .min ? .max : -a }
}
