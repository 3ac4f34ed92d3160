// kubelet-lite — Harness.swift
// A fake clock and a fake runtime around PodMachine: starts succeed (or fail on demand), time is data.

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

/// Drives a PodMachine the way the runtime does, with time advanced by hand.
struct Harness {
    var machine: PodMachine
    var now = Instant.seconds(1_800_000_000)
    var log: [PodAction] = []
    var nextPID: Int32 = 100
    var pids: [ContainerRef: Int32] = [:]
    /// Containers whose starts fail, with the runtime's message.
    var failingStarts: [String: String] = [:]
    /// Checks asked for and not yet answered.
    var inFlight: [CheckID: CheckRequest] = [:]
    /// Starts are answered only by `answerStart()`, as the runtime does once a command has exec'd.
    var deferStarts = false
    /// Starts asked for and not yet answered (with `deferStarts`), oldest first.
    var awaitingStart: [ContainerRef] = []
    /// Answers checks at once when it returns an observation (a fake runtime's probe targets).
    var autoAnswer: ((CheckID, CheckRequest) -> CheckObservation?)?

    init(_ pod: Pod, backoff: BackoffPolicy = BackoffPolicy()) {
        machine = PodMachine(pod: pod, uid: "uid-1", nodeName: "node-1", backoff: backoff)
    }

    static func pod(_ containers: [Container], initContainers: [Container] = [], policy: RestartPolicy = .always,
                    grace: Int64 = 30, deadline: Int64? = nil) -> Pod {
        Pod(metadata: ObjectMeta(name: "p"),
            spec: PodSpec(initContainers: initContainers, containers: containers, restartPolicy: policy,
                          terminationGracePeriodSeconds: grace, activeDeadlineSeconds: deadline),
            manifest: JSONObject())
    }

    static func container(_ name: String) -> Container { Container(name: name, command: ["true"]) }

    mutating func start() { feed(.start) }

    /// Applies an input, answering start actions as the runtime would.
    mutating func feed(_ input: PodInput) {
        run(machine.handle(input, at: now))
    }

    /// Applies inputs observed together (a batch of reaped exits), as the runtime does.
    mutating func feed(_ inputs: [PodInput]) {
        run(machine.handle(inputs, at: now))
    }

    private mutating func run(_ actions: [PodAction]) {
        var queue = actions
        var i = 0
        while i < queue.count {
            let action = queue[i]
            i += 1
            log.append(action)
            if case .runCheck(let id, let request, _) = action {
                if let observation = autoAnswer?(id, request) {
                    queue += machine.handle(.checkFinished(id, observation), at: now)
                } else {
                    inFlight[id] = request
                }
            }
            if case .startContainer(let ref, _) = action {
                if deferStarts {
                    awaitingStart.append(ref)
                } else if let message = failingStarts[ref.name] {
                    queue += machine.handle(.containerStartFailed(ref, message: message), at: now)
                } else {
                    nextPID += 1
                    pids[ref] = nextPID
                    queue += machine.handle(.containerStarted(ref, pid: nextPID), at: now)
                }
            }
        }
    }

    /// Answers the oldest start still waiting, or the one of container `name`: its command runs,
    /// or the start fails with its `failingStarts` message.
    mutating func answerStart(_ name: String? = nil) {
        guard let at = awaitingStart.firstIndex(where: { name == nil || $0.name == name }) else {
            Issue.record("no start of \(name ?? "any container") is waiting for an answer")
            return
        }
        let ref = awaitingStart.remove(at: at)
        if let message = failingStarts[ref.name] { return feed(.containerStartFailed(ref, message: message)) }
        nextPID += 1
        pids[ref] = nextPID
        feed(.containerStarted(ref, pid: nextPID))
    }

    /// Moves the fake clock forward, firing every timer due on the way, in order.
    mutating func advance(by seconds: Double) {
        let target = now + Micros(Int64(seconds * 1_000_000))
        while let due = machine.nextDeadline, due <= target {
            now = due
            run(machine.advance(to: now))
        }
        now = target
    }

    /// Answers the in-flight check of `name` for `purpose`.
    mutating func answer(_ name: String, _ purpose: CheckID.Purpose, _ observation: CheckObservation) {
        guard let id = inFlight.keys.first(where: { $0.container.name == name && $0.purpose == purpose }) else {
            Issue.record("no \(purpose) check in flight for \(name)")
            return
        }
        inFlight[id] = nil
        feed(.checkFinished(id, observation))
    }

    func isInFlight(_ name: String, _ purpose: CheckID.Purpose) -> Bool {
        inFlight.keys.contains { $0.container.name == name && $0.purpose == purpose }
    }

    /// How many times a check of `name` for `purpose` was asked for.
    func checkCount(_ name: String, _ purpose: CheckID.Purpose) -> Int {
        log.filter { if case .runCheck(let id, _, _) = $0 { id.container.name == name && id.purpose == purpose } else { false } }.count
    }

    var signalsSent: [(String, Int32)] {
        log.compactMap { if case .signal(let r, let s) = $0 { (r.name, s.number) } else { nil } }
    }

    var kills: [String] { log.compactMap { if case .killContainer(let r) = $0 { r.name } else { nil } } }

    mutating func exit(_ name: String, code: Int32 = 0, signal: Int32? = nil) {
        feed(.containerExited(ref(name), exitCode: code, signal: signal))
    }

    func ref(_ name: String) -> ContainerRef {
        if let i = machine.pod.spec.initContainers.firstIndex(where: { $0.name == name }) {
            return ContainerRef(isInit: true, index: i, name: name)
        }
        let i = machine.pod.spec.containers.firstIndex { $0.name == name }!
        return ContainerRef(isInit: false, index: i, name: name)
    }

    func status(_ name: String) -> ContainerStatus {
        (machine.status.initContainerStatuses + machine.status.containerStatuses).first { $0.name == name }!
    }

    var phase: PodPhase { machine.status.phase }

    func condition(_ type: String) -> PodCondition? {
        machine.status.conditions.first { $0.type == PodConditionType(rawValue: type) }
    }

    /// Names of containers started, in order.
    var starts: [String] {
        log.compactMap { if case .startContainer(let r, _) = $0 { r.name } else { nil } }
    }

    var events: [RecordedEvent] {
        log.compactMap { if case .event(let e) = $0 { e } else { nil } }
    }

    func events(_ reason: String) -> [RecordedEvent] { events.filter { $0.reason == reason } }

    var finishedPhase: PodPhase? {
        log.lazy.compactMap { if case .finished(let p) = $0 { p } else { nil } }.first
    }

    /// Instants at which `name` was started.
    var startTimes: [String: [Instant]] {
        var out: [String: [Instant]] = [:]
        for e in events where e.reason == "Started" {
            out[e.container!.name, default: []].append(e.lastTimestamp)
        }
        return out
    }
}
