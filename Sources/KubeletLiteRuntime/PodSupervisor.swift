// kubelet-lite — PodSupervisor.swift
// Runs one pod: wires the pod state machine to the processes, files and sockets that carry it out.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation

/// The supervisor of one pod. It owns no Kubernetes rule and little state of its own: it feeds what
/// the OS reports to the `PodMachine` and hands each action to the part that carries it out
/// (architecture §4.1).
public final class PodSupervisor {
    let context: SupervisorContext
    let driver: LifecycleDriver
    var incarnation: PodIncarnation
    let sandbox: Sandbox
    let processes: ContainerProcesses
    let checks: CheckRunner
    let files: PodFiles
    var control: ControlSocket?
    var progress = RunProgress()

    /// Claims the pod's state directory: no two supervisors ever run one pod.
    public init(pod: Pod, options: SupervisorOptions) throws(SupervisorStartError) {
        let directory: PodDirectory
        do throws(PodDirectory.Failure) {
            directory = try PodDirectory.claim(StateDirectory(root: options.stateRoot), key: pod.stateKey)
        } catch {
            throw SupervisorStartError(error, pod: pod, stateRoot: options.stateRoot)
        }
        do throws(SystemError) {
            context = try SupervisorContext(options: options)
        } catch {
            throw SupervisorStartError(outcome: .failed(error.description))
        }
        switch DescriptorBudget.prepare(for: pod) {
        case .success(let original): context.fileLimit = original
        case .failure(let refusal): throw refusal
        }
        let now = context.now
        incarnation = PodIncarnation.begin(pod, at: now, nodeName: Identity.hostName(), sandbox: options.sandbox,
                                           newUID: Identity.newUID)
        driver = LifecycleDriver(machine: incarnation.machine(backoff: options.backoff), loop: context.loop)
        files = PodFiles(directory, printer: EventPrinter(format: options.output, startedAt: now, output: context.terminal.stdout),
                         lost: context.lost, loop: context.loop, statusInterval: options.statusInterval)
        sandbox = Sandbox(program: context.pauseProgram, podDir: directory.dir, shape: SandboxShape(mode: options.sandbox, pod: pod))
        let echo = context.echoesOutput
        processes = ContainerProcesses(loop: context.loop, helper: context.execHelper,
                                       echo: (echo ? context.terminal.stdout : nil, echo ? context.terminal.stderr : nil),
                                       podDir: directory.dir, lost: context.lost, logs: options.logPolicy)
        checks = CheckRunner(loop: context.loop, helper: context.execHelper)
        processes.onStartAnswer = { [unowned self] answer in self.apply(self.driver.handle(answer)) }
        checks.onFinish = { [unowned self] id, observation in self.apply(self.driver.handle(.checkFinished(id, observation))) }
    }

    /// Runs the pod to its end and returns how it ended. Nothing it started outlives this call.
    public func run() -> SupervisorOutcome {
        defer { files.directory.release() }
        files.directory.cleanStaleState()
        sandbox.removeStaleCgroups()
        files.directory.writePid(getpid())
        do throws(SystemError) {
            try prepare()
            afterWakeup()
            if !progress.isOver { context.loop.run { [unowned self] in self.afterWakeup() } }
        } catch {
            progress.fail(error)
        }
        teardown()
        let outcome = progress.failure.map(SupervisorOutcome.failed)
            ?? progress.outcome ?? .failed("the event loop ended before the pod did")
        // The last line goes through the same non-blocking output as everything else: a reader
        // that never reads must not hold the supervisor (and its lock) at the very end.
        context.diagnostic(outcome.summary(pod: incarnation.pod, status: driver.machine.status))
        context.service.ended(outcome, pod: incarnation.pod, errno: progress.failureErrno)
        context.terminal.finish()
        return outcome
    }

    // MARK: Start-up and teardown

    private func prepare() throws(SystemError) {
        do throws(StateDirectoryError) {
            try files.journal.open()
        } catch {
            throw SystemError("cannot open events.jsonl: \(error)", nil, errno: 0)
        }
        // Orphaned grandchildren come to us, so none is left a zombie or escapes the final sweep.
        guard kl_set_child_subreaper() == 0 else { throw SystemError("prctl(PR_SET_CHILD_SUBREAPER)") }
        let signals = try SupervisorSignals.makeFD()
        try context.loop.register(signals, urgent: true) { [unowned self] _ in
            for signo in SupervisorSignals.drain(signals) { self.handleSignal(signo) }
        }
        do throws(SystemError) {
            control = try ControlSocket(in: files.directory.dir, loop: context.loop) { [unowned self] request in
                self.context.diagnostic("delete requested" + (request.gracePeriodSeconds.map { " (grace period \($0) s)" } ?? ""))
                self.apply(self.driver.handle(.terminate(gracePeriod: request.gracePeriodSeconds)))
                self.publishStatus(force: true)
            }
        } catch {
            context.diagnostic("no control socket, so no delete for this pod (SIGTERM still works): \(error)")
        }
        files.journal.printHeader()
        try startPod()
        publishStatus(force: true)
    }

    /// The pod's cgroups (named by its UID, so no two pods ever share one) and the pause process;
    /// then the pod starts, told of any limit the host cannot enforce.
    func startPod() throws(SystemError) {
        let pod = incarnation.pod
        let warning = sandbox.createCgroups(for: pod, name: "kubelet-lite-\(incarnation.uid)",
                                            podPidsLimit: context.options.podPidsLimit)
        incarnation.placement.cgroup = sandbox.cgroups?.unified.path
        incarnation.placement.unenforcedLimits = warning?.message
        try sandbox.start(supervisor: getpid())
        let start = driver.handle(.start)
        // pod.json exists before any container runs, as the Pod exists before the kubelet starts
        // it: a supervisor killed from here on leaves a pod that get and describe know.
        publishStatus(force: true)
        apply(start)
        if let warning { apply(driver.handle(.resourcesNotEnforced(warning))) }
    }

    /// Kills whatever is left of the pod and, while it dies, writes the last status (it no longer
    /// changes) and removes the cgroups (the pause process is outside them); then reaps everything
    /// and drains the logs; a line that drain loses is news.
    private func teardown() {
        let pause = sandbox.pid
        sandbox.discard()
        sandbox.cgroups?.killAll()
        processes.killAll()
        publishStatus(force: true)
        sandbox.remove()
        Reaper.killAndReapEverything(known: [pause])
        processes.closeStreams(now: context.loop.now)
        if files.status.lossIsNews { publishStatus(force: true) }
        files.journal.close()
        control?.close()
    }

    // MARK: The loop's inputs

    private func afterWakeup() {
        apply(driver.advanceIfDue())
        // Over: the teardown writes the last status once; a write here only delayed the stop's end.
        if progress.isOver { return context.loop.stop() }
        publishStatus(force: false)
        driver.armTimer()
    }

    /// The iteration's events and status go to their files (each write coalesced, architecture §6).
    func publishStatus(force: Bool) {
        files.journal.flush(force: force)
        files.status.publish(driver.machine, incarnation, force: force)
        context.service.observe(driver.machine, pendingReplacement: progress.pendingPod != nil)
    }

    private func handleSignal(_ signal: SignalRecord) {
        switch signal.signo {
        case SIGCHLD:
            reap()
        case SIGTERM, SIGINT:
            stopRequested(by: signal.signo == SIGTERM ? "SIGTERM" : "SIGINT")
        case SIGHUP:
            // The terminal of a foreground apply hung up: the pod stops, as a foreground job would;
            // kill -HUP and systemctl reload re-read the manifest (architecture §9.3).
            if SupervisorSignals.isHangUp(signal) {
                stopRequested(by: "SIGHUP (the terminal hung up)")
            } else {
                context.service.reloading()
                reloadManifest()
            }
        case SIGUSR1:
            context.terminal.stderr.write(DescribeView.render(pod: incarnation.document(driver.machine.status),
                                                              events: files.journal.recentEvents, now: context.now))
        default:
            break
        }
    }

    private func stopRequested(by name: String) {
        if progress.pendingPod != nil {
            progress.pendingPod = nil
            context.diagnostic("the pending re-read manifest is dropped: the pod stops for good")
        }
        switch driver.stopRequests.received(at: context.now) {
        case .stopGracefully:
            apply(driver.handle(.terminate(gracePeriod: nil)))
            context.diagnostic("\(name) received: stopping the pod gracefully (send it again to kill at once)")
        case .forceNow:
            apply(driver.handle(.forceTerminate))
            context.diagnostic("\(name) received again: killing the pod now")
        case .repeatOfFirst:
            break  // sent together with the first (timeout(1), a group kill): the same request (lifecycle §D6)
        }
    }

    private static let reapBatch = 32

    /// Routes every reaped child to its owner (architecture §4.7), a batch at a time: after a
    /// batch, the next waits for the next iteration, so a storm of exits never keeps a stop
    /// request waiting (architecture §4.2).
    private func reap() {
        var strays = false, pauseDied = false
        var exits: [PodInput] = []
        let batch = Reaper.collect(limit: Self.reapBatch)
        if batch.count == Self.reapBatch { context.loop.soon { [unowned self] in self.reap() } }
        for child in batch {
            if sandbox.isPause(child.pid) {
                pauseDied = true
                continue
            }
            if checks.reaped(child.pid, child.exit) { continue }
            switch processes.reaped(child.pid, now: context.loop.now) {
            case .exited(let ref):
                // Hook and probe processes belong to the container and end with it (lifecycle §D4).
                checks.cancelAll(of: ref)
                let output = sandbox.exitOutput(incarnation.spec(of: ref), exitCode: child.exit.exitCode,
                                                logPath: { self.processes.logPath(of: ref) })
                exits.append(.containerExited(ref, exitCode: child.exit.exitCode, signal: child.exit.signal, output: output))
            case .failedStart: continue
            case .none:
                strays = true
            }
        }
        // The batch's exits were observed together: one input batch, one status (lifecycle §0.1).
        apply(driver.handle(exits))
        if pauseDied { sandboxLost() }
        if strays { Reaper.killStrays { $0 == sandbox.pid || processes.owns($0) || checks.owns($0) } }
    }

    /// The pause process died under the pod: the lifecycle decides what follows (lifecycle §D7).
    private func sandboxLost() {
        guard progress.outcome == nil else { return }
        context.diagnostic("the pod's pause process died; the pod's sandbox will be re-created")
        apply(driver.handle(.sandboxLost))
    }
}
