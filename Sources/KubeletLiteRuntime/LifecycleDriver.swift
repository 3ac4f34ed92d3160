// kubelet-lite — LifecycleDriver.swift
// The pod state machine on the event loop: inputs stamped with the loop's clock, its deadline a loop timer.

import KubeletLiteLifecycle

/// Feeds the pod's `PodMachine` at the loop's clock and keeps one loop timer at its earliest deadline.
final class LifecycleDriver {
    private(set) var machine: PodMachine
    private let loop: EventLoop
    private var timer: (deadline: Instant, token: EventLoop.TimerToken)?
    /// What each stop signal to the supervisor means (lifecycle §D6).
    var stopRequests = StopRequests()

    init(machine: PodMachine, loop: EventLoop) {
        self.machine = machine
        self.loop = loop
    }

    func handle(_ input: PodInput) -> [PodAction] { machine.handle(input, at: loop.now()) }

    /// Inputs observed together (a batch of reaped exits), with one status computation for all.
    func handle(_ inputs: [PodInput]) -> [PodAction] { inputs.isEmpty ? [] : machine.handle(inputs, at: loop.now()) }

    /// The actions of every timer that is due now.
    func advanceIfDue() -> [PodAction] {
        let now = loop.now()
        guard let due = machine.nextDeadline, due <= now else { return [] }
        return machine.advance(to: now)
    }

    /// Keeps the loop's one timer at the machine's earliest deadline. The timer only bounds the
    /// loop's wait: the work itself is done by `advanceIfDue` after every wake-up.
    func armTimer() {
        let next = machine.nextDeadline
        if timer?.deadline == next { return }
        if let timer { loop.cancel(timer.token) }
        timer = next.map { ($0, loop.schedule(at: $0) {}) }
    }

    /// A new incarnation of the pod: a fresh machine and no stop requested.
    func replace(with machine: PodMachine) {
        self.machine = machine
        stopRequests.reset()
    }
}
