// kubelet-lite — PodMachine+Stop.swift
// Stopping containers and the pod: Killing, stop signal, grace, SIGKILL (lifecycle §9, §10, §D4, §D6).

import KubeletLiteModel

extension PodMachine {
    /// The kubelet's floor between the stop signal and SIGKILL (`minimumGracePeriodInSeconds`).
    static let minimumGraceSeconds: Int64 = 2

    /// A stop on request: the API deletion with the pod's grace, or the one given (lifecycle §D6).
    mutating func requestDeletion(grace: Int64?, _ now: Instant) {
        // The pod worker never uses a pod-level grace below 1 s (lifecycle §1.2).
        let requested = max(grace ?? pod.spec.terminationGracePeriodSeconds, 1)
        if stopCause != nil {
            // A second deletion may only shorten the grace (lifecycle §10.2).
            if let current = deletionGrace, requested < current { shortenGrace(to: requested, now) }
            if stopCause != .deletion { stopCause = .deletion }
            return
        }
        deletionGrace = requested
        deletionRequestedAt = now
        beginPodStop(.deletion, now)
    }

    /// Kills every live container at once, in parallel, each with its own grace (lifecycle §10.1).
    mutating func beginPodStop(_ cause: PodStopCause, _ now: Instant) {
        guard stopCause == nil else { return }
        stopCause = cause
        let grace = deletionGrace ?? pod.spec.terminationGracePeriodSeconds
        for i in records.indices {
            // Containers waiting out a back-off are simply not started again (lifecycle §10.2).
            timers[.backoff(records[i].ref)] = nil
            if records[i].isLive { stopContainer(i, message: nil, grace: grace, now, ordered: records[i].isSidecar) }
        }
        finishIfStopped(now)
    }

    /// Kills one container: `Killing`, then the stop signal, then SIGKILL after the grace (lifecycle §9.2).
    /// `ordered`: a sidecar in a pod-level stop, which takes its turn after the others (lifecycle §6.4).
    mutating func stopContainer(_ i: Int, message: String?, grace: Int64, _ now: Instant, ordered: Bool = false) {
        guard records[i].isLive, records[i].stop == nil else { return }
        let ref = records[i].ref
        records[i].orderedStop = ordered
        announce(i, now)
        emit(.normal, "Killing", message ?? "Stopping container \(ref.name)", ref, now)
        // lifecycle §9.2 step 2: preStop first, bounded by the grace period; no stop signal while it runs.
        if let preStop = records[i].spec.lifecycle?.preStop, grace > 0, records[i].run == .running {
            records[i].stop = .preStop(startedAt: now, grace: grace)
            timers[.preStopBound(ref)] = now + .seconds(grace)
            runHook(i, .preStop, preStop, now)
            return
        }
        signalWhenItsTurn(i, killedAt: now, grace: grace, now)
    }

    /// The preStop hook returned, or its bound passed: the stop signal follows, with what is left of
    /// the grace in whole seconds, and never less than 2 s before SIGKILL (lifecycle §9.2 steps 2 and 4).
    mutating func preStopOver(_ i: Int, _ now: Instant) {
        guard case .preStop(let startedAt, let grace) = records[i].stop else { return }
        timers[.preStopBound(records[i].ref)] = nil
        timers[.hookSleep(records[i].ref, .preStop)] = nil
        signalWhenItsTurn(i, killedAt: startedAt, grace: grace, now)
    }

    /// Sends the stop signal now, or, for a sidecar in a pod-level stop, once the main containers and
    /// the sidecars declared after it have exited: sidecars stop in reverse order (lifecycle §6.4).
    /// The time spent in preStop and waiting is taken from the same grace.
    mutating func signalWhenItsTurn(_ i: Int, killedAt: Instant, grace: Int64, _ now: Instant) {
        if records[i].orderedStop && !isTurn(of: i) {
            records[i].stop = .awaitingTurn(killedAt: killedAt, grace: grace)
            timers[.turnDeadline(records[i].ref)] = killedAt + .seconds(grace)
            return
        }
        timers[.turnDeadline(records[i].ref)] = nil
        sendStopSignal(i, grace: grace - (now - killedAt).wholeSeconds, now)
    }

    /// A sidecar's turn: no main container and no later sidecar is still running.
    func isTurn(of i: Int) -> Bool {
        !mainIndices.contains { records[$0].isLive }
            && !((i + 1)..<initCount).contains { records[$0].isSidecar && records[$0].isLive }
    }

    /// Gives waiting sidecars their stop signal once it is their turn (run on every sync while stopping).
    mutating func releaseSidecarsInTurn(_ now: Instant) {
        for i in (0..<initCount).reversed() {
            guard case .awaitingTurn(let killedAt, let grace) = records[i].stop, isTurn(of: i) else { continue }
            timers[.turnDeadline(records[i].ref)] = nil
            sendStopSignal(i, grace: grace - (now - killedAt).wholeSeconds, now)
        }
    }

    /// The stop signal goes to the main process only; the deadline is at least 2 s away (lifecycle §9.2 step 4).
    mutating func sendStopSignal(_ i: Int, grace: Int64, _ now: Instant) {
        let ref = records[i].ref
        let deadline = now + .seconds(max(grace, Self.minimumGraceSeconds))
        records[i].stop = .signalled(deadline: deadline)
        timers[.killDeadline(ref)] = deadline
        pending.append(.signal(ref, records[i].stopSignal))
    }

    /// A later, shorter grace moves every pending SIGKILL deadline earlier, never later.
    private mutating func shortenGrace(to grace: Int64, _ now: Instant) {
        deletionGrace = grace
        let limit = now + .seconds(max(grace, Self.minimumGraceSeconds))
        for i in records.indices {
            switch records[i].stop {
            case .signalled(let deadline) where limit < deadline:
                records[i].stop = .signalled(deadline: limit)
                timers[.killDeadline(records[i].ref)] = limit
            case .preStop(let startedAt, let oldGrace) where grace < oldGrace - (now - startedAt).wholeSeconds:
                // A running preStop is cut at the new grace, then the 2 s minimum (lifecycle §9.2, §9.2.1).
                let bound = now + .seconds(grace)
                records[i].stop = .preStop(startedAt: startedAt, grace: (bound - startedAt).wholeSeconds)
                timers[.preStopBound(records[i].ref)] = bound
            default:
                continue
            }
        }
    }

    /// The second SIGTERM/SIGINT: skip what is left of the grace and SIGKILL everything now (lifecycle §D6).
    mutating func forceKill(_ now: Instant) {
        if stopCause == nil {
            deletionGrace = 0
            deletionRequestedAt = now
            stopCause = .deletion
            for i in records.indices { timers[.backoff(records[i].ref)] = nil }
        }
        for i in records.indices where records[i].isLive && records[i].stop != .killed {
            timers[.killDeadline(records[i].ref)] = nil
            timers[.preStopBound(records[i].ref)] = nil
            timers[.turnDeadline(records[i].ref)] = nil
            records[i].stop = .killed
            pending.append(.killContainer(records[i].ref))
        }
    }

    /// Once nothing is live, the pod has ended: its phase is final (lifecycle §2, §10.2 step 4).
    mutating func finishIfStopped(_ now: Instant) {
        guard !records.contains(where: { $0.isLive }) else { return }
        if terminalPhase == nil {
            let allSucceeded = mainIndices.allSatisfy { records[$0].exitedSuccessfully }
            terminalPhase = allSucceeded ? .succeeded : .failed
        }
        timers.removeAll()
        finished = true
        pending.append(.finished(terminalPhase!))
    }
}

extension PodMachine {
    /// The latest instant the stop under way can last: each container's SIGKILL deadline, or for one
    /// still in preStop or waiting its turn, the end of its grace plus the 2 s floor before SIGKILL
    /// (lifecycle §9.2). nil when no stop is under way or nothing is left to wait for.
    public var stopDeadline: Instant? {
        guard stopCause != nil, !finished else { return nil }
        let floor = Micros.seconds(Self.minimumGraceSeconds)
        return records.compactMap { record -> Instant? in
            switch record.stop {
            case .signalled(let deadline): deadline
            case .preStop(let startedAt, let grace): startedAt + .seconds(grace) + floor
            case .awaitingTurn(let killedAt, let grace): killedAt + .seconds(grace) + floor
            case .killed, nil: nil
            }
        }.max()
    }
}
