// kubelet-lite — PodMachine.swift
// The pod's brain: every Kubernetes lifecycle rule, as a pure reducer over inputs at instants.

import KubeletLiteModel

/// Why the pod is being stopped for good.
enum PodStopCause: Sendable, Equatable {
    /// A stop on request (signal or `delete`): the API's deletion.
    case deletion
    /// `activeDeadlineSeconds` passed.
    case deadline
    /// Nothing is left to run (all main containers done, or an init container failed under Never).
    case completion
}

/// The lifecycle state machine of one pod.
///
/// Feed it `handle(_:at:)` for what happened and `advance(to:)` when `nextDeadline` is due;
/// it answers with the actions to carry out. It never reads a clock and never touches a process,
/// so every rule is testable with a fake clock.
public struct PodMachine: Sendable {
    public let pod: Pod
    public let uid: String
    public let nodeName: String
    let backoffPolicy: BackoffPolicy

    var records: ContainerRecords
    let initCount: Int
    var timers = TimerTable()
    var recorder: EventRecorder
    var pending: [PodAction] = []

    var startTime: Instant?
    /// Sticky once set: a terminal phase never changes (lifecycle §2).
    var terminalPhase: PodPhase?
    var statusReason: String?
    var statusMessage: String?
    var stopCause: PodStopCause?
    var deletionGrace: Int64?
    var deletionRequestedAt: Instant?
    var finished = false
    var initialized = false
    /// Where the next scan of the main containers for a start begins: just after the last one
    /// started, so one container in a crash loop cannot starve the others (lifecycle §11.4).
    var mainCursor = 0
    /// Main container instances launched and not yet told started, in launch order (lifecycle §0.2).
    var startQueue: [Int] = []
    var conditions: [PodCondition] = []
    /// The sandbox died; containers are being killed before a new one is made (lifecycle §D7).
    var sandboxDown = false
    var recreateAsked = false
    var sandboxGeneration = 0

    /// What every container's status also depends on, as of the last refresh: a change
    /// recomputes them all, where a changed record recomputes only its own.
    var statusInputs: ContainerStatusInputs?
    /// Bumped whenever the published status changes, so the runtime writes pod.json only then.
    public internal(set) var statusVersion = 0
    public internal(set) var status: PodStatusSnapshot

    /// The pod IP: the default host of HTTP and TCP probes and hooks.
    public let podIP: String

    public init(pod: Pod, uid: String, nodeName: String, podIP: String = "127.0.0.1",
                backoff: BackoffPolicy = BackoffPolicy()) {
        self.pod = pod
        self.uid = uid
        self.nodeName = nodeName
        self.podIP = podIP
        self.backoffPolicy = backoff
        var records: [ContainerRecord] = []
        for (i, c) in pod.spec.initContainers.enumerated() {
            records.append(ContainerRecord(spec: c, ref: ContainerRef(isInit: true, index: i, name: c.name)))
        }
        for (i, c) in pod.spec.containers.enumerated() {
            records.append(ContainerRecord(spec: c, ref: ContainerRef(isInit: false, index: i, name: c.name)))
        }
        self.records = ContainerRecords(records)
        self.initCount = pod.spec.initContainers.count
        self.initialized = pod.spec.initContainers.isEmpty
        self.recorder = EventRecorder(podName: pod.metadata.name)
        self.status = PodStatusSnapshot(phase: .pending, reason: nil, message: nil, conditions: [], startTime: nil,
                                        initContainerStatuses: [], containerStatuses: [], terminating: false,
                                        deletion: nil)
    }

    /// The earliest instant at which `advance(to:)` has something to do.
    public var nextDeadline: Instant? { timers.earliest?.deadline }

    /// Whether the pod has ended (the `finished` action was given).
    public var isFinished: Bool { finished }

    /// Whether a stop on request is under way.
    public var isStopRequested: Bool { stopCause == .deletion }

    /// `<pod>_<namespace>(<uid>)`, as the kubelet names a pod in messages.
    var podDescriptor: String { "\(pod.metadata.name)_\(pod.metadata.namespace)(\(uid))" }

    func index(of ref: ContainerRef) -> Int { ref.isInit ? ref.index : initCount + ref.index }

    var mainIndices: Range<Int> { initCount..<records.count }

    // MARK: Inputs

    /// Applies one input at `now` and returns what to do.
    public mutating func handle(_ input: PodInput, at now: Instant) -> [PodAction] {
        guard !finished else { return [] }
        take(input, now)
        return takeActions(now)
    }

    /// Applies inputs observed together at `now` (a batch of reaped exits), each followed by its
    /// sync as `handle` does, and computes the status once at the end: refreshing it after each
    /// of a thousand exits made a large pod's stop quadratic. Order within the batch does not
    /// change the outcome (lifecycle §0.1).
    public mutating func handle(_ inputs: [PodInput], at now: Instant) -> [PodAction] {
        for input in inputs where !finished { take(input, now) }
        return takeActions(now)
    }

    private mutating func take(_ input: PodInput, _ now: Instant) {
        switch input {
        case .start:
            guard startTime == nil else { break }
            startTime = now
            emit(.normal, "Scheduled", "Successfully assigned \(pod.metadata.namespace)/\(pod.metadata.name) to \(nodeName)",
                 nil, now)
            if let deadline = pod.spec.activeDeadlineSeconds {
                timers[.activeDeadline] = now + .seconds(deadline)
            }
        case .containerStarted(let ref, let pid):
            answerStart(index(of: ref), .started(pid: pid), now)
        case .containerStartFailed(let ref, let message):
            answerStart(index(of: ref), .failed(message: message), now)
        case .containerExited(let ref, let exitCode, let signal, let output):
            exitReported(index(of: ref), HeldExit(exitCode: exitCode, signal: signal, output: output), now)
        case .terminate(let grace):
            requestDeletion(grace: grace, now)
        case .forceTerminate:
            forceKill(now)
        case .checkFinished(let id, let observation):
            checkFinished(id, observation, now)
        case .sandboxLost:
            sandboxLost(now)
        case .sandboxRecreated:
            sandboxRecreated(now)
        case .resourcesNotEnforced(let warning):
            emit(warning.type, warning.reason, warning.message, nil, now)
        }
        sync(now)
        // Work an input made due at once (a probe with no initial delay) runs now, not at the next wake-up.
        fireDueTimers(now)
    }

    /// Fires every timer due at or before `now`.
    public mutating func advance(to now: Instant) -> [PodAction] {
        guard !finished else { return [] }
        fireDueTimers(now)
        return takeActions(now)
    }

    private mutating func fireDueTimers(_ now: Instant) {
        while !finished, let (key, due) = timers.earliest, due <= now {
            timers[key] = nil
            fire(key, now)
            sync(now)
        }
    }

    private mutating func fire(_ key: TimerKey, _ now: Instant) {
        switch key {
        case .backoff:
            break  // sync starts it: the deferral has passed
        case .killDeadline(let ref):
            let i = index(of: ref)
            if records[i].isLive {
                records[i].stop = .killed
                pending.append(.killContainer(ref))
            }
        case .probe(let ref, let kind):
            probeTick(index(of: ref), kind, now)
        case .hookSleep(let ref, let kind):
            let i = index(of: ref)
            hookFinished(i, kind, instance: records[i].instance, failure: nil, now)
        case .preStopBound(let ref):
            preStopOver(index(of: ref), now)
        case .turnDeadline(let ref):
            let i = index(of: ref)
            if case .awaitingTurn = records[i].stop { sendStopSignal(i, grace: 0, now) }
        case .activeDeadline:
            guard stopCause == nil, terminalPhase == nil else { return }
            // lifecycle §2: the pod fails at once; its containers are then killed with the normal grace.
            terminalPhase = .failed
            statusReason = "DeadlineExceeded"
            statusMessage = "Pod was active on the node longer than the specified deadline"
            emit(.normal, "DeadlineExceeded", "Pod was active on the node longer than the specified deadline", nil, now)
            beginPodStop(.deadline, now)
        }
    }

    private mutating func takeActions(_ now: Instant) -> [PodAction] {
        refreshStatus(now)
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    mutating func emit(_ type: EventType, _ reason: String, _ message: String, _ ref: ContainerRef?, _ now: Instant) {
        pending.append(.event(recorder.record(type, reason, message, container: ref, at: now)))
    }

    // MARK: Container instance transitions

    mutating func containerStarted(_ i: Int, pid: Int32, _ now: Instant) {
        guard records[i].run == .spawning else { return }
        records[i].run = .running
        records[i].startedAt = now
        records[i].containerID = "kubelet-lite://\(pid)"
        records[i].startupDone = records[i].spec.startupProbe == nil
        records[i].readinessOK = records[i].spec.readinessProbe == nil
        emit(.normal, "Started", "Started container \(records[i].spec.name)", records[i].ref, now)
        if let postStart = records[i].spec.lifecycle?.postStart {
            // lifecycle §8.1: the container is not Running, and nothing after it starts, until the hook returns.
            records[i].postStartRunning = true
            runHook(i, .postStart, postStart, now)
        } else {
            becomeRunning(i, now)
        }
    }

    /// The container counts as running: its status says so and its probes begin (lifecycle §7 step 6).
    mutating func becomeRunning(_ i: Int, _ now: Instant) {
        records[i].postStartRunning = false
        records[i].state = .running(startedAt: records[i].startedAt ?? now)
        startProbes(i, now)
    }

    mutating func containerStartFailed(_ i: Int, message: String, _ now: Instant) {
        guard records[i].run == .spawning else { return }
        // lifecycle §17.7: containerd's mapping of a start failure.
        emit(.warning, "Failed", "Error: \(message)", records[i].ref, now)
        records[i].run = .idle
        records[i].state = .terminated(TerminatedState(exitCode: 128, reason: "StartError", message: message,
                                                       startedAt: nil, finishedAt: now, containerID: nil))
        records[i].stop = nil
    }

    mutating func containerExited(_ i: Int, exitCode: Int32, signal: Int32?, output: ExitOutput,
                                          _ now: Instant) {
        guard records[i].run == .running else { return }
        let code = ProcessExit(exitCode: exitCode, signal: signal).exitCode
        records[i].run = .idle
        records[i].stop = nil
        records[i].orderedStop = false
        records[i].startupDone = false
        records[i].readinessOK = false
        records[i].postStartRunning = false
        clearInstanceTimers(records[i].ref)
        records[i].probes.removeAll()
        let exit = TerminatedState(
            exitCode: code, reason: Self.terminationReason(exitCode: code, oomKilled: output.oomKilled),
            message: terminationMessage(records[i].spec, exitCode: code, output),
            startedAt: records[i].startedAt, finishedAt: now, containerID: records[i].containerID)
        records[i].state = .terminated(exit)
        if let detail = records[i].hookError, records[i].isSidecar || shouldRestart(records[i]) {
            // lifecycle §8.3: after a postStart failure the container waits with the hook's error until restarted.
            records[i].lastState = exit
            records[i].state = .waiting(reason: "PostStartHookError", message: detail)
        }
    }

    /// lifecycle §3.4: the file's text wins; with FallbackToLogsOnError a failed container's log tail
    /// stands in for an empty file; an exit 0 never falls back.
    func terminationMessage(_ spec: Container, exitCode: Int32, _ output: ExitOutput) -> String? {
        if let file = output.messageFile, !file.isEmpty { return file }
        if TerminationMessageRule.needsLogTail(spec, exitCode: exitCode), let tail = output.logTail, !tail.isEmpty {
            return tail
        }
        return nil
    }

    /// The reason a container runtime gives a terminated container (lifecycle §3.2): an OOM kill wins
    /// over the exit code, which is then the 137 of the SIGKILL.
    static func terminationReason(exitCode: Int32, oomKilled: Bool) -> String {
        if oomKilled { return "OOMKilled" }
        return exitCode == 0 ? "Completed" : "Error"
    }

    /// Timers that belong to one container instance.
    mutating func clearInstanceTimers(_ ref: ContainerRef) {
        timers[.killDeadline(ref)] = nil
        timers[.preStopBound(ref)] = nil
        timers[.turnDeadline(ref)] = nil
        timers[.hookSleep(ref, .postStart)] = nil
        timers[.hookSleep(ref, .preStop)] = nil
        for kind in ProbeKind.allCases { timers[.probe(ref, kind)] = nil }
    }

    /// Asks the runtime for a new instance of container `i` (lifecycle §7).
    mutating func startInstance(_ i: Int, _ now: Instant) {
        if records[i].everStarted {
            records[i].restartCount += 1
            records[i].lastState = records[i].lastExit ?? records[i].lastState
        }
        records[i].everStarted = true
        records[i].sandbox = sandboxGeneration
        records[i].restartAfterKill = false
        records[i].killGate = nil
        records[i].hookError = nil
        records[i].run = .spawning
        records[i].state = .waiting(reason: "ContainerCreating", message: nil)
        timers[.backoff(records[i].ref)] = nil
        records[i].announced = false
        records[i].heldAnswer = nil
        records[i].heldExit = nil
        pending.append(.startContainer(records[i].ref, restartCount: records[i].restartCount))
        if records[i].ref.isInit {
            announce(i, now)
        } else {
            startQueue.append(i)
            tellStartsInOrder(now)
        }
    }

    /// Starts container `i` again after an exit, unless the crash-loop back-off defers it (lifecycle §11.2).
    mutating func restartWithBackoff(_ i: Int, _ now: Instant) {
        guard let exit = records[i].lastExit else { return }
        let gate = records[i].restartAfterKill ? records[i].killGate : exit.finishedAt
        guard let gate else {
            // A probe kill of the first instance: no earlier exit, so no back-off at all (doBackOff).
            startInstance(i, now)
            return
        }
        if let until = BackoffEntry.deferral(records[i].backoff, finishedAt: gate, now: now,
                                             policy: backoffPolicy) {
            let ref = records[i].ref
            guard timers[.backoff(ref)] == nil else { return }
            timers[.backoff(ref)] = until
            let delay = GoDuration.format(records[i].backoff?.delay ?? backoffPolicy.initial)
            records[i].lastState = exit
            records[i].state = .waiting(
                reason: "CrashLoopBackOff",
                message: "back-off \(delay) restarting failed container=\(ref.name) pod=\(podDescriptor)")
            emit(.warning, "BackOff", "Back-off restarting failed container \(ref.name) in pod \(podDescriptor)", ref, now)
            return
        }
        records[i].backoff = BackoffEntry.next(records[i].backoff, finishedAt: gate, now: now,
                                               policy: backoffPolicy)
        startInstance(i, now)
    }
}
