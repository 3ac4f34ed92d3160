// kubelet-lite — PodMachine+Sync.swift
// The level-triggered "sync": from the current state, decide what to start (lifecycle §0, §5, §10.3).

import KubeletLiteModel

extension PodMachine {
    /// Re-evaluates the whole pod, as the kubelet's pod worker does after anything happens.
    mutating func sync(_ now: Instant) {
        guard !finished, startTime != nil else { return }
        if stopCause != nil {
            releaseSidecarsInTurn(now)
            finishIfStopped(now)
            return
        }
        if sandboxDown {
            askForSandboxWhenEmpty()
            return
        }
        guard syncInitContainers(now) else { return }
        syncMainContainers(now)
    }

    /// Runs init containers one at a time (lifecycle §5) and keeps sidecars going (§6).
    /// Returns true once initialisation is complete and main containers may run.
    private mutating func syncInitContainers(_ now: Instant) -> Bool {
        if initialized {
            // Sidecars restart whatever the pod's policy (lifecycle §6.2), before and after the main containers start.
            for i in 0..<initCount where records[i].isSidecar && records[i].run == .idle && records[i].everStarted {
                restartWithBackoff(i, now)
            }
            return true
        }
        for i in 0..<initCount {
            let record = records[i]
            switch record.run {
            case .spawning:
                return false
            case .running:
                // A sidecar lets the next container start once it has started (lifecycle §6.1); a regular one must exit 0.
                if record.isSidecar && record.isUp && record.startupDone { continue }
                return false
            case .idle:
                if !record.everStarted {
                    startInstance(i, now)
                    return false
                }
                if record.isSidecar {
                    restartWithBackoff(i, now)
                    return false
                }
                if record.initDone(in: sandboxGeneration) { continue }
                if record.exitedSuccessfully {
                    // Completed in an earlier sandbox: initialisation runs again, in order (lifecycle §5).
                    startInstance(i, now)
                    return false
                }
                if pod.spec.restartPolicy == .never {
                    // lifecycle §5: an init failure under Never fails the pod; nothing else starts.
                    terminalPhase = .failed
                    beginPodStop(.completion, now)
                    return false
                }
                restartWithBackoff(i, now)
                return false
            }
        }
        initialized = true
        return true
    }

    /// Main container starts that may be under way at once (lifecycle §0.2): enough that one
    /// command's exec overlaps the next spawn, few enough to bound what one loop iteration does.
    public static let mainStartWindow = 8

    /// Starts main containers in spec order and restarts them per policy (lifecycle §10.3, §11). A
    /// scan goes on from the container after the last one it started, as the kubelet's next sync
    /// pass would, and wraps around (lifecycle §11.4).
    private mutating func syncMainContainers(_ now: Instant) {
        // A postStart hook holds back every later start until it returns (lifecycle §8.1); a start
        // without one only needs a free place in the window (lifecycle §0.2). The main containers
        // spawning are exactly those queued to be told.
        if startQueue.contains(where: { records[$0].hasPostStart }) { return }
        if mainIndices.contains(where: { records[$0].postStartRunning }) { return }
        var underWay = startQueue.count
        guard underWay < Self.mainStartWindow else { return }
        let count = records.count - initCount
        let first = min(max(mainCursor - initCount, 0), count)
        var startedAny = false
        for offset in 0..<count {
            let i = initCount + (first + offset) % count
            guard records[i].run == .idle else { continue }
            if !records[i].everStarted {
                startInstance(i, now)
            } else if shouldRestart(records[i]) {
                restartWithBackoff(i, now)
            }
            guard records[i].run == .spawning else { continue }
            mainCursor = i + 1
            startedAny = true
            underWay += 1
            if records[i].hasPostStart || underWay == Self.mainStartWindow { return }
        }
        if startedAny { return }
        // A scan that started nothing: the next pass begins at the first container again.
        mainCursor = initCount
        completeIfDone(now)
    }

    /// `ShouldContainerBeRestarted` for a main container's last exit.
    func shouldRestart(_ record: ContainerRecord) -> Bool {
        guard stopCause == nil, terminalPhase == nil, let exit = record.lastExit else { return false }
        if record.restartAfterKill { return pod.spec.restartPolicy != .never }
        switch pod.spec.restartPolicy {
        case .always: return true
        case .onFailure: return exit.exitCode != 0
        case .never: return false
        }
    }

    /// When no main container runs or will run again, the pod is complete: stop the sidecars and end.
    private mutating func completeIfDone(_ now: Instant) {
        for i in mainIndices {
            let r = records[i]
            if r.isLive || !r.everStarted || shouldRestart(r) { return }
        }
        let allSucceeded = mainIndices.allSatisfy { records[$0].exitedSuccessfully }
        terminalPhase = allSucceeded ? .succeeded : .failed
        beginPodStop(.completion, now)
    }
}
