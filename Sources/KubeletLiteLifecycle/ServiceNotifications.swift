// kubelet-lite — ServiceNotifications.swift
// What to tell a service manager (systemd's sd_notify protocol) as the pod changes (architecture §9.5).

/// What the notifier sees of the supervisor after each wake-up.
public struct ServiceObservation: Sendable {
    public var status: PodStatusSnapshot
    /// The incarnation's uid: a pod started from a re-read manifest is a new one.
    public var uid: String
    /// A stop on request is under way.
    public var stopRequested: Bool
    /// A re-read manifest waits to replace the pod: the stop under way is a reload, not the end.
    public var pendingReplacement: Bool
    /// The latest instant the stop under way can last (`PodMachine.stopDeadline`).
    public var stopDeadline: Instant?

    public init(status: PodStatusSnapshot, uid: String, stopRequested: Bool, pendingReplacement: Bool,
                stopDeadline: Instant?) {
        self.status = status
        self.uid = uid
        self.stopRequested = stopRequested
        self.pendingReplacement = pendingReplacement
        self.stopDeadline = stopDeadline
    }

    /// The pod's Ready condition is True.
    public var isReady: Bool { status.conditions.contains { $0.type == .ready && $0.status } }
}

/// The sd_notify decisions, pure: READY=1 when an incarnation's Ready condition first becomes True
/// (and again once a reload is done), STATUS= on every change of the summary line, STOPPING=1 once
/// when the pod stops for good, RELOADING=1 on a reload, EXTEND_TIMEOUT_USEC= while a stop runs.
/// Each returned string is one datagram: `KEY=VALUE` lines (architecture §9.5).
public struct ServiceNotifications: Sendable {
    /// Time added to what is left of the grace, for the SIGKILL, the reaping and the last writes.
    public static let stopMargin = Micros.seconds(10)

    /// The incarnation READY=1 was last sent for.
    private var readyFor: String?
    private var reloading = false
    public private(set) var stopping = false
    private var lastStatus: String?

    public init() {}

    /// The messages this observation calls for, in order, joined into one datagram (nil: nothing new).
    public mutating func observe(_ o: ServiceObservation, now: Instant) -> String? {
        var lines: [String] = []
        let settled = !o.pendingReplacement && !o.stopRequested
        if settled && (o.isReady || (reloading && readyFor == o.uid)) && (readyFor != o.uid || reloading) {
            lines.append("READY=1")
            readyFor = o.uid
            reloading = false
        }
        if o.stopRequested && !o.pendingReplacement && !stopping {
            stopping = true
            reloading = false
            lines.append("STOPPING=1")
            if let extend = extendTimeout(o.stopDeadline, now: now) { lines.append(extend) }
        }
        let text = Self.statusLine(o.status, stopping: o.stopRequested)
        if text != lastStatus {
            lastStatus = text
            lines.append("STATUS=" + text)
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// A SIGHUP re-read begins: RELOADING=1 with the CLOCK_MONOTONIC time, unless the service is not
    /// up yet (no READY=1 sent) or is stopping; READY=1 follows once the reload is done.
    public mutating func reload(monotonicMicros: Int64) -> String? {
        guard readyFor != nil, !stopping else { return nil }
        reloading = true
        return "RELOADING=1\nMONOTONIC_USEC=\(monotonicMicros)"
    }

    /// EXTEND_TIMEOUT_USEC= covering what is left of the stop plus `stopMargin`.
    public func extendTimeout(_ deadline: Instant?, now: Instant) -> String? {
        guard let deadline else { return nil }
        let left = max(deadline - now, Micros(0))
        return "EXTEND_TIMEOUT_USEC=\(Saturating.add(left.value, Self.stopMargin.value))"
    }

    /// The last word before exiting: STOPPING=1 if not said yet, the summary, and ERRNO= when
    /// kubelet-lite itself failed.
    public mutating func ending(summary: String, errno: Int32?) -> String {
        var lines = stopping ? [] : ["STOPPING=1"]
        stopping = true
        lines.append("STATUS=" + Self.oneLine(summary))
        if let errno { lines.append("ERRNO=\(errno)") }
        return lines.joined(separator: "\n")
    }

    /// `Running 2/2 ready, 1 restart`: the phase (`Terminating` during a stop on request), the main
    /// containers ready, the restarts of all containers, and a waiting reason such as CrashLoopBackOff.
    public static func statusLine(_ status: PodStatusSnapshot, stopping: Bool) -> String {
        let all = status.initContainerStatuses + status.containerStatuses
        let ready = status.containerStatuses.filter(\.ready).count
        let restarts = all.reduce(0) { $0 + $1.restartCount }
        let phase = stopping && status.phase != .succeeded && status.phase != .failed ? "Terminating" : status.phase.rawValue
        var text = "\(phase) \(ready)/\(status.containerStatuses.count) ready, \(restarts) restart\(restarts == 1 ? "" : "s")"
        let waiting = all.compactMap(\.state.waitingReason).filter { $0 != "ContainerCreating" && $0 != "PodInitializing" }
        if let reason = waiting.first { text += ", \(reason)" }
        return text
    }

    /// A value on one line: newlines would start new assignments in the datagram.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
