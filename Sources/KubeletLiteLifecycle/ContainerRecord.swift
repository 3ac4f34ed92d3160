// kubelet-lite — ContainerRecord.swift
// What the lifecycle remembers about one container between inputs.

import KubeletLiteModel

/// Where a container's current instance is in its life.
enum InstanceRun: Sendable, Equatable {
    /// No live process: never started, or its last instance ended.
    case idle
    /// A start was asked of the runtime and not yet answered.
    case spawning
    /// The process runs.
    case running
}

/// What the runtime said of a start (lifecycle §0.2).
enum StartAnswer: Sendable, Equatable {
    case started(pid: Int32)
    case failed(message: String)
}

/// An instance's exit, as the runtime reported it.
struct HeldExit: Sendable, Equatable {
    var exitCode: Int32
    var signal: Int32?
    var output: ExitOutput
}

/// How far a kill of the current instance has got (lifecycle §9.2).
enum StopProgress: Sendable, Equatable {
    /// The preStop hook runs, bounded by the grace period; no stop signal yet (lifecycle §9.2 step 2).
    case preStop(startedAt: Instant, grace: Int64)
    /// A sidecar, its preStop done, waits for the main containers and the sidecars declared after it
    /// to exit before its stop signal, within the same grace (lifecycle §6.4).
    case awaitingTurn(killedAt: Instant, grace: Int64)
    /// The stop signal was sent; SIGKILL follows at the deadline.
    case signalled(deadline: Instant)
    /// SIGKILL was sent; the exit is awaited.
    case killed
}

/// The lifecycle's memory of one container.
struct ContainerRecord: Sendable {
    let spec: Container
    let ref: ContainerRef
    var run: InstanceRun = .idle
    /// The published state once the container has been started at least once.
    var state: ContainerState?
    var lastState: TerminatedState?
    var restartCount = 0
    var everStarted = false
    var startedAt: Instant?
    var containerID: String?
    var stop: StopProgress?
    /// Set by a liveness/startup kill: restart unless the pod policy is Never, whatever the exit code.
    var restartAfterKill = false
    /// For that restart, the finish of the instance before the killed one: the kubelet decides the
    /// start in the same sync as the kill, so the back-off looks at that older exit (lifecycle §11.2).
    var killGate: Instant?
    /// This kill waits its turn: a sidecar in a pod-level stop (lifecycle §6.4).
    var orderedStop = false
    /// The sandbox generation the last instance ran in: an init container's success counts only
    /// in the sandbox it ran in, since a new sandbox re-runs initialisation (lifecycle §5).
    var sandbox = 0
    var backoff: BackoffEntry?
    /// The startup probe has succeeded (or there is none) for the current instance.
    var startupDone = false
    /// The readiness probe's current result for the current instance (true when there is none).
    var readinessOK = false
    /// The postStart hook of the current instance has not returned: the status still says ContainerCreating.
    var postStartRunning = false
    /// `Created` has been told for the current instance (lifecycle §0.2: a launch ahead of its turn waits).
    var announced = false
    /// The runtime's answer to this instance's start, kept until the starts launched before it are told.
    var heldAnswer: StartAnswer?
    /// An exit that came while the answer was held: it follows the answer once that is told.
    var heldExit: HeldExit?
    /// A postStart failure's detail, shown as `Waiting/PostStartHookError` until the restart (lifecycle §8.3).
    var hookError: String?
    /// The probe workers of the current instance.
    var probes: [ProbeKind: ProbeWorker] = [:]

    init(spec: Container, ref: ContainerRef) {
        self.spec = spec
        self.ref = ref
    }

    var isSidecar: Bool { ref.isInit && spec.isSidecar }
    var isRegularInit: Bool { ref.isInit && !spec.isSidecar }
    var isLive: Bool { run != .idle }
    var hasPostStart: Bool { spec.lifecycle?.postStart != nil }

    /// Running, postStart done: what probes, readiness and `started` count as running (lifecycle §8.1).
    var isUp: Bool { run == .running && !postStartRunning }

    /// The instance number checks are tagged with.
    var instance: Int { restartCount }

    /// The terminated state of the last instance, while no instance is live.
    var lastExit: TerminatedState? {
        guard run == .idle else { return nil }
        if let t = state?.terminated { return t }
        if state?.waitingReason != nil { return lastState }
        return nil
    }

    var exitedSuccessfully: Bool { lastExit?.exitCode == 0 }

    /// An init container that completed in the current sandbox.
    func initDone(in generation: Int) -> Bool { exitedSuccessfully && sandbox == generation }

    var stopSignal: Signal {
        spec.lifecycle?.stopSignal.flatMap(Signal.init(name:)) ?? .terminate
    }
}
