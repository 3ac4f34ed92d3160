// kubelet-lite — Clock.swift
// The runtime's one clock: monotonic, anchored once to the wall clock.

import Glibc
import KubeletLiteLifecycle

/// Reads the time for the lifecycle: CLOCK_MONOTONIC shifted to the epoch at start-up,
/// so timers never jump with the wall clock while timestamps still read as dates.
public struct RuntimeClock: Sendable {
    private let offsetMicros: Int64

    public init() {
        offsetMicros = RuntimeClock.read(CLOCK_REALTIME) - RuntimeClock.read(CLOCK_MONOTONIC)
    }

    public func now() -> Instant { Instant(micros: RuntimeClock.read(CLOCK_MONOTONIC) + offsetMicros) }

    /// The CLOCK_MONOTONIC reading at which `instant` comes (what a kernel timer is armed with).
    func monotonicMicros(_ instant: Instant) -> Int64 { instant.micros - offsetMicros }

    static func read(_ clock: clockid_t) -> Int64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
