// kubelet-lite — StopRequests.swift
// What a stop signal to the supervisor means: the first stops gracefully, a later one forces (lifecycle §D6).

/// Counts stop requests (SIGTERM/SIGINT to the supervisor) and says what each one asks for.
///
/// Requests that arrive together within `debounce` of the first are one request: a process-group
/// kill or `timeout(1)` delivers the same signal twice within microseconds, and that must not turn
/// a graceful stop into a forced one.
public struct StopRequests: Sendable {
    /// What one stop request asks the pod to do.
    public enum Decision: Sendable, Equatable {
        /// The first request: an API deletion with the pod's grace period.
        case stopGracefully
        /// A later one: skip what is left of the grace and SIGKILL everything now.
        case forceNow
        /// A repeat of the first within the debounce window: nothing new.
        case repeatOfFirst
    }

    /// Half a second (lifecycle §D6). Signals sent together by a program arrive microseconds to a
    /// few milliseconds apart: GNU timeout signals its child and then its own process group, a
    /// process-group kill or a systemd KillMode reaches the supervisor twice, a shell forwards
    /// what it got; even on a loaded 2-core host the gap stays far below 0.5 s. A person who reads
    /// "send it again to kill at once" and presses Ctrl-C again takes well over half a second.
    public static let together = Micros(500_000)

    public let debounce: Micros
    private var first: Instant?

    public init(debounce: Micros = StopRequests.together) { self.debounce = debounce }

    /// Whether a stop was requested at all.
    public var anyReceived: Bool { first != nil }

    public mutating func received(at now: Instant) -> Decision {
        guard let first else {
            self.first = now
            return .stopGracefully
        }
        return now - first < debounce ? .repeatOfFirst : .forceNow
    }

    /// A new pod (a reload) starts with no stop requested.
    public mutating func reset() { first = nil }
}
