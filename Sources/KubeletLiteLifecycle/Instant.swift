// kubelet-lite — Instant.swift
// Time as data: the lifecycle never reads a clock; every input arrives with its instant.

/// A point in time: microseconds since the Unix epoch, advancing monotonically (the runtime
/// anchors a monotonic clock to the wall clock once, so timers never jump with NTP).
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }

    public static func seconds(_ s: Int64) -> Instant { Instant(micros: s * 1_000_000) }

    public static func < (a: Instant, b: Instant) -> Bool { a.micros < b.micros }

    public static func + (a: Instant, b: Micros) -> Instant { Instant(micros: a.micros &+ b.value) }

    public static func - (a: Instant, b: Instant) -> Micros { Micros(a.micros - b.micros) }

    /// RFC 3339 UTC with microseconds, as every timestamp kubelet-lite publishes.
    public var description: String { Timestamp.rfc3339(self) }
}

/// A span of time in microseconds.
public struct Micros: Comparable, Hashable, Sendable {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    public static func seconds(_ s: Int64) -> Micros { Micros(s &* 1_000_000) }

    public static func < (a: Micros, b: Micros) -> Bool { a.value < b.value }

    /// Whole seconds, truncated, as the kubelet subtracts preStop time from the grace (lifecycle §9.2).
    public var wholeSeconds: Int64 { value / 1_000_000 }
}
