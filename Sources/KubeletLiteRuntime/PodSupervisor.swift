// kubelet-lite — PodSupervisor.swift
// Runs one pod: executes what the lifecycle decides, and turns the OS's news into lifecycle inputs.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// Options of `apply` that reach the runtime.
public struct SupervisorOptions: Sendable {
    public var stateRoot: String
    public var output: OutputFormat
    public var quiet: Bool
    public var backoff: BackoffPolicy
    /// The pause program; nil means "next to this executable".
    public var pauseExecutable: String?
    /// The manifest file, re-read on SIGHUP; nil when it came from standard input.
    public var manifestPath: String?

    public init(stateRoot: String, output: OutputFormat = .text, quiet: Bool = false,
                backoff: BackoffPolicy = BackoffPolicy(), pauseExecutable: String? = nil,
                manifestPath: String? = nil) {
        self.stateRoot = stateRoot
        self.output = output
        self.quiet = quiet
        self.backoff = backoff
        self.pauseExecutable = pauseExecutable
        self.manifestPath = manifestPath
    }
}

/// How a supervised pod ended, which decides `apply`'s exit status (design.md §1).
public enum SupervisorOutcome: Sendable, Equatable {
    /// The pod reached a terminal phase by itself.
    case completed(PodPhase)
    /// It was stopped on request (signal or delete), ending in this phase.
    case stopped(PodPhase)
    /// Refused before anything started (the pod is already running).
    case refused(String)
    /// kubelet-lite itself failed; what it had started was cleaned up.
    case failed(String)

    public var exitStatus: Int32 {
        switch self {
        case .completed(let phase): phase == .succeeded ? 0 : 1
        case .stopped: 0
        case .refused: 2
        case .failed: 3
        }
    }
}

/// One running container instance as the runtime knows it.
struct LiveContainer {
    var pid: pid_t
}

/// The supervisor of one pod: owns the event loop, the pause process, the children and the state dir.
public final class PodSupervisor {
    var pod: Pod
    let options: SupervisorOptions
    let clock = RuntimeClock()
    let loop: EventLoop
    var machine: PodMachine
    var uid: String
    var placement: PodPlacement
    var facts: PodFacts
    /// A changed manifest read on SIGHUP: it starts once the current pod has stopped.
    var pendingPod: Pod?
    let home: String
    let podDir: String
    var lock: PodDirectoryLock?
    var printer: EventPrinter
    var eventsFD: Int32 = -1
    var pausePID: pid_t = 0
    var live: [ContainerRef: LiveContainer] = [:]
    var owners: [pid_t: ContainerRef] = [:]
    var streams: [Int32: LogStream] = [:]
    var streamsOf: [ContainerRef: [Int32]] = [:]
    var logPaths: [ContainerRef: String] = [:]
    /// The latest state of each event, for the describe view (bounded: the oldest go first).
    var recentEvents: [String: JSONValue] = [:]
    var recentOrder: [String] = []
    var writtenVersion = -1
    var machineTimer: (deadline: Instant, token: EventLoop.TimerToken)?
    var stopSignals = 0
    var outcome: SupervisorOutcome?
    var failure: String?
    let pausePath: String
    let checks: CheckRunner
    let stdout: TerminalOutput
    let stderr: TerminalOutput
    var control: ControlSocket?

    public init(pod: Pod, options: SupervisorOptions) throws(SystemError) {
        self.pod = pod
        self.options = options
        self.loop = try EventLoop(clock: clock)
        let now = clock.now()
        uid = pod.metadata.uid ?? Identity.newUID()
        let node = Identity.hostName()
        placement = PodPlacement(nodeName: pod.spec.nodeName ?? node, podIP: "127.0.0.1", hostIP: "127.0.0.1",
                                 createdAt: now)
        facts = PodFacts(podIP: placement.podIP, hostIP: placement.hostIP,
                         hostname: pod.spec.hostname ?? pod.metadata.name, nodeName: placement.nodeName, uid: uid)
        home = Identity.homeDirectory()
        podDir = StateDirectory(root: options.stateRoot).podDir(pod.stateKey)
        machine = PodMachine(pod: pod, uid: uid, nodeName: placement.nodeName, podIP: placement.podIP,
                             backoff: options.backoff)
        stdout = TerminalOutput(fd: 1, loop: loop)
        stderr = TerminalOutput(fd: 2, loop: loop)
        printer = EventPrinter(format: options.output, startedAt: now, output: stdout)
        pausePath = options.pauseExecutable ?? Identity.siblingExecutable("kubelet-lite-pause")
        checks = CheckRunner(loop: loop, helper: pausePath)
        checks.onFinish = { [unowned self] id, observation in
            self.apply(self.machine.handle(.checkFinished(id, observation), at: self.clock.now()))
        }
    }

    /// Runs the pod to its end and returns how it ended. Nothing it started outlives this call.
    public func run() -> SupervisorOutcome {
        do throws(PodDirectoryLock.Failure) {
            lock = try PodDirectoryLock(dir: podDir)
        } catch {
            switch error {
            case .alreadyRunning(let pid):
                return .refused("pod \(pod.metadata.namespace)/\(pod.metadata.name) is already running "
                    + "(supervisor pid \(pid), state in \(podDir)); stop it first with SIGTERM to that pid")
            case .system(let e):
                return .failed("cannot create the state directory: \(e)")
            }
        }
        defer { lock?.release() }
        lock?.cleanStaleState()
        lock?.writePid(getpid())

        do throws(SystemError) {
            try prepare()
        } catch {
            teardown()
            return .failed(error.description)
        }
        printer.header()
        apply(machine.handle(.start, at: clock.now()))
        afterWakeup()
        if outcome == nil && failure == nil {
            loop.run { [unowned self] in self.afterWakeup() }
        }
        teardown()
        if let failure { return .failed(failure) }
        return outcome ?? .failed("the event loop ended before the pod did")
    }

    // MARK: Start-up and teardown

    func prepare() throws(SystemError) {
        try StateDirectory.makeDirectories(podDir + "/logs")
        eventsFD = open(podDir + "/events.jsonl", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard eventsFD >= 0 else { throw SystemError("open", podDir + "/events.jsonl") }
        // Orphaned grandchildren come to us, so none is left a zombie or escapes the final sweep.
        guard kl_set_child_subreaper() == 0 else { throw SystemError("prctl(PR_SET_CHILD_SUBREAPER)") }
        let sfd = try SupervisorSignals.makeFD()
        try loop.register(sfd) { [unowned self] _ in
            for signo in SupervisorSignals.drain(sfd) { self.handleSignal(signo) }
        }
        try startPause()
        do throws(SystemError) {
            control = try ControlSocket(path: podDir + "/control.sock", loop: loop) { [unowned self] request in
                self.diagnostic("delete requested" + (request.gracePeriodSeconds.map { " (grace period \($0) s)" } ?? ""))
                self.apply(self.machine.handle(.terminate(gracePeriod: request.gracePeriodSeconds), at: self.clock.now()))
            }
        } catch {
            diagnostic("no control socket, so no delete for this pod (SIGTERM still works): \(error)")
        }
        writeStatus(force: true)
    }

    func startPause() throws(SystemError) {
        let path = pausePath
        guard access(path, X_OK) == 0 else { throw SystemError("cannot run the pause program (kubelet-lite-pause, installed next to kubelet-lite):", path) }
        let request = SpawnRequest(argv: [path, String(getpid())], environment: [], workingDir: "/",
                                   processGroup: 0, stdoutFD: nil, stderrFD: nil)
        switch Spawner.spawn(request) {
        case .success(let pid):
            pausePID = pid
            try StateDirectory.writeAtomically(podDir + "/sandbox.pid", "\(pid)\n")
        case .failure(let e):
            throw SystemError("spawn of the pause process failed: \(e.message)", nil, errno: 0)
        }
    }

    /// Kills whatever is left of the pod, reaps everything, drains the logs, writes the last status.
    func teardown() {
        if pausePID > 0 { kill(-pausePID, SIGKILL) }
        for (_, c) in live { ProcessTree.killTree(c.pid) }
        // Everything still descending from us (daemons that left the group, adopted orphans), again
        // after every death, since a process may fork between our look and our kill.
        var status: Int32 = 0
        while true {
            for pid in ProcessTree().descendants(of: getpid()) { kill(pid, SIGKILL) }
            let pid = waitpid(-1, &status, 0)
            if pid > 0 || (pid < 0 && errno == EINTR) { continue }
            break
        }
        for (fd, stream) in streams {
            _ = stream.drain(now: clock.now, maxReads: Int.max)
            loop.unregister(fd)
            stream.close()
        }
        streams.removeAll()
        writeStatus(force: true)
        unlink(podDir + "/sandbox.pid")
        if eventsFD >= 0 { close(eventsFD) }
        stdout.finish()
        stderr.finish()
        control?.close()
    }

    // MARK: The loop's inputs

    func afterWakeup() {
        let now = clock.now()
        if let due = machine.nextDeadline, due <= now { apply(machine.advance(to: now)) }
        writeStatus(force: false)
        armMachineTimer()
        if outcome != nil || failure != nil { loop.stop() }
    }

    func armMachineTimer() {
        let next = machine.nextDeadline
        if machineTimer?.deadline == next { return }
        if let t = machineTimer { loop.cancel(t.token) }
        machineTimer = nil
        if let next {
            // The wake-up itself is handled in afterWakeup; the timer only bounds the epoll wait.
            machineTimer = (next, loop.schedule(at: next) {})
        }
    }

    func handleSignal(_ signo: Int32) {
        switch signo {
        case SIGCHLD:
            reap()
        case SIGTERM, SIGINT:
            if pendingPod != nil {
                pendingPod = nil
                diagnostic("the pending re-read manifest is dropped: the pod stops for good")
            }
            stopSignals += 1
            let name = signo == SIGTERM ? "SIGTERM" : "SIGINT"
            if stopSignals == 1 {
                diagnostic("\(name) received: stopping the pod gracefully (send it again to kill at once)")
                apply(machine.handle(.terminate(gracePeriod: nil), at: clock.now()))
            } else {
                diagnostic("\(name) received again: killing the pod now")
                apply(machine.handle(.forceTerminate, at: clock.now()))
            }
        case SIGHUP:
            reloadManifest()
        case SIGUSR1:
            let doc = PodDocument.pod(pod, uid: uid, placement: placement, status: machine.status)
            stderr.write(DescribeView.render(pod: doc, events: recentOrder.compactMap { recentEvents[$0] },
                                             now: clock.now()))
        default:
            break
        }
    }

    /// The one reaper: every child, adopted orphans included, is reaped here (notes §3.1, §4).
    func reap() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            if pid < 0 && errno == EINTR { continue }
            guard pid > 0 else { break }
            if pid == pausePID {
                pausePID = 0
                sandboxLost()
                continue
            }
            if checks.reaped(pid, status: status) { continue }
            guard let ref = owners.removeValue(forKey: pid) else { continue }  // an adopted orphan
            live[ref] = nil
            // Hook and probe processes belong to the container and end with it (decision I.4).
            checks.cancelAll(of: ref)
            drainStreams(of: ref)
            let signal: Int32? = kl_wifsignaled(status) != 0 ? kl_wtermsig(status) : nil
            let code = kl_wifexited(status) != 0 ? kl_wexitstatus(status) : 0
            let output = TerminationMessage.read(messagePath: spec(of: ref).terminationMessagePath,
                                                 logPath: logPaths[ref] ?? "")
            apply(machine.handle(.containerExited(ref, exitCode: code, signal: signal, output: output), at: clock.now()))
        }
    }

    /// The pause process died under the pod: the lifecycle kills the containers and asks for a new
    /// sandbox (decision I.7), unless the pod is already ending.
    func sandboxLost() {
        guard outcome == nil else { return }
        diagnostic("the pod's pause process died; the pod's sandbox will be re-created")
        apply(machine.handle(.sandboxLost, at: clock.now()))
    }

    // MARK: Carrying out actions

    /// Executes actions in order; a start is answered at once, and the answer may bring more actions.
    func apply(_ first: [PodAction]) {
        var queue = first
        var next = 0
        while next < queue.count {
            let action = queue[next]
            next += 1
            switch action {
            case .startContainer(let ref, let restartCount):
                let answer = startContainer(ref, restartCount: restartCount)
                queue.append(contentsOf: machine.handle(answer, at: clock.now()))
            case .signal(let ref, let signal):
                if let c = live[ref] { kill(c.pid, signal.number) }
            case .killContainer(let ref):
                if let c = live[ref] { ProcessTree.killTree(c.pid) }
                checks.cancelAll(of: ref)
            case .runCheck(let id, let request, let timeout):
                checks.run(id, request, timeout: timeout, context: context(of: id.container))
            case .recreateSandbox:
                do throws(SystemError) {
                    try startPause()
                    queue.append(contentsOf: machine.handle(.sandboxRecreated, at: clock.now()))
                } catch {
                    failure = "cannot re-create the pod's sandbox: \(error)"
                    diagnostic(failure!)
                    queue.append(contentsOf: machine.handle(.forceTerminate, at: clock.now()))
                }
            case .event(let event):
                publish(event)
            case .finished(let phase):
                if let next = pendingPod {
                    pendingPod = nil
                    replacePod(with: next)
                } else {
                    outcome = machine.isStopRequested ? .stopped(phase) : .completed(phase)
                    loop.stop()
                }
            }
        }
    }
}
