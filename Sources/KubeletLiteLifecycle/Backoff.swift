// kubelet-lite — Backoff.swift
// The kubelet's crash-loop back-off (lifecycle §11.2, §D1).

/// Back-off bounds: the kubelet's 10 s and 300 s unless the flags say otherwise.
public struct BackoffPolicy: Sendable, Equatable {
    public var initial: Micros
    public var max: Micros
    /// After a run this long the back-off starts over (the kubelet's fixed 600 s since 1.32).
    public var resetAfter: Micros

    public init(initial: Micros = .seconds(10), max: Micros = .seconds(300), resetAfter: Micros = .seconds(600)) {
        self.initial = initial
        self.max = max
        self.resetAfter = resetAfter
    }
}

/// One container's back-off entry, as client-go's `flowcontrol.Backoff` keeps it.
public struct BackoffEntry: Sendable, Equatable {
    public var delay: Micros
    public var lastUpdate: Instant

    /// Whether a start after an exit at `finishedAt` must still wait, and until when.
    /// Nil means "start now" (no entry, entry expired, or the delay has passed).
    public static func deferral(_ entry: BackoffEntry?, finishedAt: Instant, now: Instant,
                                policy: BackoffPolicy) -> Instant? {
        guard let entry, !entry.hasExpired(finishedAt: finishedAt, policy: policy) else { return nil }
        let until = finishedAt + entry.delay
        return now < until ? until : nil
    }

    /// The entry after a start decided at `now` (client-go `Next`): initial, or doubled up to the cap.
    public static func next(_ entry: BackoffEntry?, finishedAt: Instant, now: Instant,
                            policy: BackoffPolicy) -> BackoffEntry {
        guard let entry, !entry.hasExpired(finishedAt: finishedAt, policy: policy) else {
            return BackoffEntry(delay: policy.initial, lastUpdate: now)
        }
        let doubled = Micros(Swift.min(entry.delay.value &* 2, policy.max.value))
        return BackoffEntry(delay: doubled, lastUpdate: now)
    }

    /// The kubelet's custom expiry: the container ran longer than the reset window since the last start.
    func hasExpired(finishedAt: Instant, policy: BackoffPolicy) -> Bool {
        finishedAt - lastUpdate > policy.resetAfter
    }
}
