// kubelet-lite — PodMachine+Status.swift
// The published status: container statuses (lifecycle §3), phase (§2) and conditions (§4).

import KubeletLiteModel

extension PodMachine {
    /// Recomputes the status snapshot and bumps `statusVersion` if anything changed.
    /// Only the containers whose records changed get a new status, unless what every status
    /// depends on changed too.
    mutating func refreshStatus(_ now: Instant) {
        // The arrays are taken out of `status` first, so that a changed container is written in
        // place: a copy of a thousand statuses on every event made a large pod's start quadratic.
        var inits: [ContainerStatus] = []
        var mains: [ContainerStatus] = []
        swap(&inits, &status.initContainerStatuses)
        swap(&mains, &status.containerStatuses)
        let inputs = ContainerStatusInputs(stopping: stopCause != nil, finished: finished, initialized: initialized)
        let changed = records.takeChanged()
        var containersChanged = false
        if inputs != statusInputs || inits.count != initCount || mains.count != mainIndices.count {
            statusInputs = inputs
            let newInits = (0..<initCount).map { containerStatus($0) }
            let newMains = mainIndices.map { containerStatus($0) }
            containersChanged = newInits != inits || newMains != mains
            inits = newInits
            mains = newMains
        } else {
            for i in changed {
                let new = containerStatus(i)
                if i < initCount {
                    if inits[i] != new { inits[i] = new; containersChanged = true }
                } else if mains[i - initCount] != new {
                    mains[i - initCount] = new
                    containersChanged = true
                }
            }
        }
        let phase = computePhase()
        let newConditions = computeConditions(phase: phase, inits: inits, mains: mains, now)
        var snapshot = PodStatusSnapshot(
            phase: phase, reason: statusReason, message: statusMessage, conditions: newConditions,
            startTime: startTime, initContainerStatuses: [], containerStatuses: [],
            terminating: stopCause == .deletion && !finished,
            deletion: deletionRequestedAt.map { ($0, deletionGrace ?? pod.spec.terminationGracePeriodSeconds) })
        // Both without their containers here: those were compared one by one above.
        if containersChanged || snapshot != status { statusVersion += 1 }
        snapshot.initContainerStatuses = inits
        snapshot.containerStatuses = mains
        status = snapshot
    }

    /// The waiting reason of a container that has never started (lifecycle §3.1).
    private func defaultWaitingReason(_ i: Int) -> String {
        if records[i].ref.isInit { return "PodInitializing" }
        return initialized ? "ContainerCreating" : "PodInitializing"
    }

    private func containerStatus(_ i: Int) -> ContainerStatus {
        let r = records[i]
        var state = r.state ?? .waiting(reason: defaultWaitingReason(i), message: nil)
        // A container that will not start again shows how it ended; a back-off wait shows CrashLoopBackOff.
        if stopCause != nil, r.run == .idle, case .waiting = state, let last = r.lastState {
            state = .terminated(last)
        }
        let running = r.isUp
        let ready: Bool
        if r.isRegularInit {
            ready = r.exitedSuccessfully
        } else {
            ready = running && r.startupDone && r.readinessOK && !finished
        }
        var lastState = r.lastState
        if case .terminated(let t) = state, t == lastState { lastState = nil }
        return ContainerStatus(
            name: r.spec.name, state: state, lastState: lastState, ready: ready,
            started: running && r.startupDone, restartCount: r.restartCount, image: r.spec.image ?? "",
            containerID: r.containerID)
    }

    /// `getPhase` of kubelet_pods.go (lifecycle §2).
    func computePhase() -> PodPhase {
        if let terminalPhase { return terminalPhase }
        guard startTime != nil else { return .pending }
        var pendingInit = false
        for i in 0..<initCount {
            let r = records[i]
            if r.isSidecar {
                if r.run != .idle && !(r.isUp && r.startupDone) && !mainIndices.contains(where: { records[$0].everStarted }) {
                    pendingInit = true
                }
                if !r.everStarted { pendingInit = true }
                continue
            }
            if r.run != .idle || !r.everStarted { pendingInit = true }
        }
        var running = 0
        var waiting = 0
        var stopped = 0
        var succeeded = 0
        // Each field read in place: a copy of every record (spec and states) on every event made
        // the status of a pod of a thousand containers cost a quadratic amount of copying.
        for i in mainIndices {
            switch records[i].run {
            case .running where !records[i].postStartRunning:
                running += 1
            case .spawning, .running:
                if records[i].lastState != nil { stopped += 1 } else { waiting += 1 }
            case .idle:
                guard let exitCode = records[i].lastExit?.exitCode else {
                    waiting += 1
                    continue
                }
                stopped += 1
                if exitCode == 0 { succeeded += 1 }
            }
        }
        if pendingInit || waiting > 0 { return .pending }
        if running > 0 { return .running }
        if stopped > 0 {
            switch pod.spec.restartPolicy {
            case .always: return .running
            case .onFailure: return succeeded == stopped ? .succeeded : .running
            case .never: return succeeded == stopped ? .succeeded : .failed
            }
        }
        return .pending
    }

    private mutating func computeConditions(phase: PodPhase, inits: [ContainerStatus], mains: [ContainerStatus],
                                            _ now: Instant) -> [PodCondition] {
        guard startTime != nil else { return [] }
        let sandboxUp = !finished && !sandboxDown
        // Initialized: every regular init exited 0 and every sidecar started, or a main container has run (lifecycle §4).
        let incomplete = (0..<initCount).filter { i in
            let r = records[i]
            return r.isSidecar ? !(r.isUp && r.startupDone) : !r.exitedSuccessfully
        }.map { records[$0].spec.name }
        let everRanMain = mainIndices.contains { records[$0].everStarted }
        let isInitialized = incomplete.isEmpty || (initialized && everRanMain)
        // In the order of the spec: sidecars (init containers) first, then the main containers.
        let unready = (0..<initCount).filter { records[$0].isSidecar && !inits[$0].ready }.map { inits[$0].name }
            + mains.compactMap { $0.ready ? nil : $0.name }

        var list: [PodCondition] = []
        func add(_ type: PodConditionType, _ status: Bool, _ reason: String? = nil, _ message: String? = nil) {
            // lastTransitionTime moves only when the status flips (lifecycle §4).
            let previous = conditions.first { $0.type == type }
            let since = previous.flatMap { $0.status == status ? $0.lastTransitionTime : nil } ?? now
            list.append(PodCondition(type: type, status: status, reason: reason, message: message,
                                     lastTransitionTime: since))
        }
        add(.podReadyToStartContainers, sandboxUp)
        if phase == .succeeded {
            add(.initialized, true, "PodCompleted")
        } else if isInitialized {
            add(.initialized, true)
        } else {
            add(.initialized, false, "ContainersNotInitialized",
                "containers with incomplete status: [\(incomplete.joined(separator: " "))]")
        }
        let ready: (status: Bool, reason: String?, message: String?)
        if phase == .succeeded {
            ready = (false, "PodCompleted", nil)
        } else if phase == .failed {
            ready = (false, "PodFailed", nil)
        } else if unready.isEmpty {
            ready = (true, nil, nil)
        } else {
            ready = (false, "ContainersNotReady", "containers with unready status: [\(unready.joined(separator: " "))]")
        }
        add(.ready, ready.status, ready.reason, ready.message)
        add(.containersReady, ready.status, ready.reason, ready.message)
        add(.podScheduled, true)
        let result = list
        conditions = result
        return result
    }
}

/// What every container's status depends on besides its own record.
struct ContainerStatusInputs: Equatable, Sendable {
    /// A stop is under way: a container that will not start again shows how it ended.
    var stopping: Bool
    /// The pod has ended: no container is ready.
    var finished: Bool
    /// The init containers are done: a waiting main container is ContainerCreating, not PodInitializing.
    var initialized: Bool
}
