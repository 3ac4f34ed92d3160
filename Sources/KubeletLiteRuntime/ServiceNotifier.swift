// kubelet-lite — ServiceNotifier.swift
// Tells systemd how the pod is doing: the decisions of ServiceNotifications, the watchdog and the
// stop-timeout extensions on the event loop's own timers (architecture §9.5).

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// The supervisor's voice to a service manager. Without `NOTIFY_SOCKET` every call does nothing.
/// WATCHDOG=1 comes from a loop timer, so a loop that hangs (or a stopped process) stops it; while a
/// stop runs, EXTEND_TIMEOUT_USEC= is repeated so that systemd waits for the pod's own grace.
final class ServiceNotifier {
    /// How often a running stop is announced again.
    static let extendEvery = Micros.seconds(5)

    private let socket: SystemdNotifier?
    private let loop: EventLoop
    private var decisions = ServiceNotifications()
    /// What the last observation was made of: an unchanged pod is not looked at again.
    private var seen: (uid: String, version: Int, stop: Bool, pending: Bool)?
    private var stopDeadline: Instant?
    private var extendTimer: EventLoop.TimerToken?
    private var watchdogTimer: EventLoop.TimerToken?

    init(loop: EventLoop, diagnostic: @escaping (String) -> Void) {
        self.loop = loop
        let env = NotifyEnvironment.take()
        socket = env.socket.flatMap { SystemdNotifier($0, diagnostic: diagnostic) }
        if socket != nil, let every = env.watchdogEvery { pingWatchdog(every: every) }
    }

    /// After every wake-up: READY=1, STATUS=, STOPPING=1 as the pod's status calls for them.
    func observe(_ machine: PodMachine, pendingReplacement: Bool) {
        guard let socket else { return }
        // Read on every wake-up: a stop's deadlines move without the published status changing.
        stopDeadline = machine.isStopRequested ? machine.stopDeadline : nil
        let key = (machine.uid, machine.statusVersion, machine.isStopRequested, pendingReplacement)
        if let seen, seen == key { return }
        seen = key
        let observation = ServiceObservation(status: machine.status, uid: machine.uid, stopRequested: machine.isStopRequested,
                                             pendingReplacement: pendingReplacement, stopDeadline: machine.stopDeadline)
        let now = loop.now()
        if let message = decisions.observe(observation, now: now) { socket.send(message) }
        let stopRuns = machine.isStopRequested && (decisions.stopping || pendingReplacement)
        if stopRuns && stopDeadline != nil && extendTimer == nil {
            if pendingReplacement, let extend = decisions.extendTimeout(stopDeadline, now: now) { socket.send(extend) }
            extendTimer = loop.schedule(at: now + Self.extendEvery) { [unowned self] in self.extendStop() }
        }
    }

    /// SIGHUP: RELOADING=1 with MONOTONIC_USEC=; READY=1 follows from `observe` once the reload is done.
    func reloading() {
        guard let socket else { return }
        if let message = decisions.reload(monotonicMicros: RuntimeClock.read(CLOCK_MONOTONIC)) { socket.send(message) }
        seen = nil
    }

    /// The supervisor is about to exit: STOPPING=1 if not said, how it ended, ERRNO= if it failed.
    func ended(_ outcome: SupervisorOutcome, pod: Pod, errno: Int32?) {
        guard let socket else { return }
        var code: Int32?
        if case .failed = outcome { code = errno ?? EIO }
        socket.send(decisions.ending(summary: outcome.summary(pod: pod), errno: code))
        [extendTimer, watchdogTimer].compactMap { $0 }.forEach(loop.cancel)
    }

    private func extendStop() {
        extendTimer = nil
        let now = loop.now()
        guard let socket, let message = decisions.extendTimeout(stopDeadline, now: now) else { return }
        socket.send(message)
        extendTimer = loop.schedule(at: now + Self.extendEvery) { [unowned self] in self.extendStop() }
    }

    private func pingWatchdog(every: Micros) {
        socket?.send("WATCHDOG=1")
        watchdogTimer = loop.schedule(at: loop.now() + every) { [unowned self] in self.pingWatchdog(every: every) }
    }
}
