// kubelet-lite — ContainerProcesses.swift
// The pod's container processes: start under the exec helper, signal, kill, reap, and their output.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// One container instance's processes: its exec helper and, once the helper says, its command.
private struct ContainerInstance {
    let ref: ContainerRef
    let helper: pid_t
    var report = StartReport()
    var reportFD: Int32?
    /// A pidfd of the command, so the stop signal reaches it without a hop and never a recycled pid.
    var command: Int32?
    /// The lifecycle has been told that the instance started, or that it could not.
    var answered = false
}

/// What a reaped child was to the pod's containers.
enum ReapedContainer {
    /// Not a container's exec helper.
    case none
    /// The helper of an instance whose start failed (already told): its exit means nothing more.
    case failedStart
    /// A container instance ended.
    case exited(ContainerRef)
}

/// Owns every container instance's process and output streams; knows nothing of Kubernetes rules.
final class ContainerProcesses {
    private let loop: EventLoop
    private let helper: ExecHelper
    private let echo: (stdout: TerminalOutput?, stderr: TerminalOutput?)
    private let podDir: SecureDirectory
    private let lost: LostRecords
    private let logPolicy: ContainerLogPolicy
    /// Every instance whose helper has not been reaped yet, by helper pid.
    private var instances: [pid_t: ContainerInstance] = [:]
    /// The helper of each container's newest instance.
    private var current: [ContainerRef: pid_t] = [:]
    private var streams: [Int32: (log: LogStream, ref: ContainerRef)] = [:]
    /// The open streams of each container, so an exit touches only its own.
    private var fdsOf: [ContainerRef: [Int32]] = [:]
    private var logPaths: [ContainerRef: String] = [:]
    private let readBuffer = ReadBuffer()
    /// Told `containerStarted` once a command has exec'd, or `containerStartFailed`.
    var onStartAnswer: (PodInput) -> Void = { _ in }

    /// - Parameter echo: where container output is echoed (`[name] line`), nil for quiet.
    init(loop: EventLoop, helper: ExecHelper, echo: (stdout: TerminalOutput?, stderr: TerminalOutput?),
         podDir: SecureDirectory, lost: LostRecords, logs: ContainerLogPolicy = ContainerLogPolicy()) {
        self.loop = loop
        self.helper = helper
        self.echo = echo
        self.podDir = podDir
        self.lost = lost
        self.logPolicy = logs
    }

    /// The exec helper of a container's newest instance.
    func helper(of ref: ContainerRef) -> pid_t? { current[ref] }

    /// Whether `pid` is a container's exec helper.
    func owns(_ pid: pid_t) -> Bool { instances[pid] != nil }

    /// The log file of the instance that runs or ran last.
    func logPath(of ref: ContainerRef) -> String? { logPaths[ref] }

    /// Starts instance `restartCount` of a container. A failure to launch is the answer at once; a
    /// launch is answered through `onStartAnswer` once the command has exec'd (architecture §5.3).
    func start(_ ref: ContainerRef, restartCount: Int, argv: [String],
               context: Result<ContainerContext, SpawnError>) -> PodInput? {
        let name = ContainerLogPolicy.file(instance: restartCount)
        let logFile: LogFile
        let path: String
        do throws(StateDirectoryError) {
            let (dir, created) = try podDir.directory("logs", create: true).subdirectory(ref.name)
            // Only this instance and the previous one stay on disk (architecture §6.7); a directory
            // just made holds nothing to remove.
            if !created {
                for old in ContainerLogPolicy.obsolete(in: dir.entries(), starting: restartCount) { dir.remove(old) }
            }
            let rotation = LogRotation(dir: dir, name: name, policy: logPolicy, now: loop.now)
            logFile = LogFile(fd: try dir.openFile(name, O_WRONLY | O_CREAT | O_APPEND, mode: 0o640), lost: lost,
                              rotation: rotation)
            path = dir.path + "/" + name
        } catch {
            return .containerStartFailed(ref, message: "cannot set up the container's logs: \(error)")
        }
        logPaths[ref] = path
        logFile.retain()
        defer { logFile.release() }
        switch context.flatMap({ helper.start(argv, in: $0, reporting: true) }) {
        case .success(let process):
            current[ref] = process.pid
            instances[process.pid] = ContainerInstance(ref: ref, helper: process.pid, reportFD: process.reportFD)
            let prefix = Array("[\(ref.name)] ".utf8)
            attach(process.stdoutFD, "stdout", logFile, EchoTarget(output: echo.stdout, prefix: prefix), ref)
            attach(process.stderrFD, "stderr", logFile, EchoTarget(output: echo.stderr, prefix: prefix), ref)
            if let fd = process.reportFD { listen(toReport: fd, of: process.pid) }
            return nil
        case .failure(let e):
            return .containerStartFailed(ref, message: e.message)
        }
    }

    /// The stop signal goes to the main process only (lifecycle §D4): straight to the command once
    /// the helper has named it, else through the helper, which passes it on.
    func signal(_ ref: ContainerRef, _ signal: Signal) {
        guard let pid = current[ref], let instance = instances[pid] else { return }
        if let command = instance.command, kl_pidfd_send_signal(command, signal.number) == 0 { return }
        Glibc.kill(pid, signal.number)
    }

    /// SIGKILL to everything the container started.
    func kill(_ ref: ContainerRef) {
        if let pid = current[ref] { ProcessTree.killTree(pid) }
    }

    /// What `pid` was to the containers. A container's exit comes with its output read to the end,
    /// and after its start has been answered.
    func reaped(_ pid: pid_t, now: () -> Instant) -> ReapedContainer {
        guard var instance = instances.removeValue(forKey: pid) else { return .none }
        if current[instance.ref] == pid { current[instance.ref] = nil }
        if let fd = instance.reportFD {
            // The helper is gone: its report is whole, unless the command it forked lingers unexec'd.
            _ = instance.report.read(from: fd)
            closeReport(&instance)
        }
        if let command = instance.command { close(command) }
        drain(instance.ref, now: now)
        if !instance.answered {
            instance.answered = true
            onStartAnswer(startAnswer(instance))
        }
        return instance.report.failure != nil ? .failedStart : .exited(instance.ref)
    }

    private func listen(toReport fd: Int32, of pid: pid_t) {
        do throws(SystemError) {
            try loop.register(fd, events: KL_EV_IN | KL_EV_HUP) { [unowned self] _ in self.reportReadable(pid) }
        } catch {
            // Unwatched, the report is read when the helper exits; the container counts as started then.
            return
        }
    }

    private func reportReadable(_ pid: pid_t) {
        guard var instance = instances[pid], let fd = instance.reportFD else { return }
        let more = instance.report.read(from: fd)
        if instance.command == nil, let command = instance.report.commandPID {
            // The pid stays the command's until its helper reaps it; to name another process by now,
            // the kernel would have had to hand out every other pid up to pid_max in between.
            let pidfd = kl_pidfd_open(command)
            instance.command = pidfd >= 0 ? pidfd : nil
        }
        if !more {
            closeReport(&instance)
            instance.answered = true
        }
        instances[pid] = instance
        if !more { onStartAnswer(startAnswer(instance)) }
    }

    /// The lifecycle's input for a settled start: a helper that ended without a report started
    /// nothing it could name, and counts as started (its exit follows).
    private func startAnswer(_ instance: ContainerInstance) -> PodInput {
        if let failure = instance.report.failure { return .containerStartFailed(instance.ref, message: failure) }
        return .containerStarted(instance.ref, pid: instance.report.commandPID ?? instance.helper)
    }

    private func closeReport(_ instance: inout ContainerInstance) {
        guard let fd = instance.reportFD else { return }
        loop.unregister(fd)
        close(fd)
        instance.reportFD = nil
    }

    /// Reads what a just-exited container wrote, so its last lines come before the events about its exit.
    private func drain(_ ref: ContainerRef, now: () -> Instant) {
        for fd in fdsOf[ref] ?? [] {
            if let entry = streams[fd], !entry.log.drain(now: now, maxReads: 64) { detach(fd) }
        }
    }

    /// Kills every live container's tree (the pod's end; the reaper collects them).
    func killAll() {
        guard !instances.isEmpty else { return }
        let tree = ProcessTree()
        for pid in instances.keys { tree.killTree(pid) }
    }

    /// Reads every stream to its end and closes it: the last step, once every process is gone.
    func closeStreams(now: () -> Instant) {
        for (fd, entry) in streams {
            _ = entry.log.drain(now: now, maxReads: Int.max)
            loop.unregister(fd)
            entry.log.close()
        }
        streams.removeAll()
        fdsOf.removeAll()
    }

    /// A new incarnation of the pod starts with fresh logs.
    func removeLogs() {
        podDir.remove("logs")
        logPaths.removeAll()
    }

    private func attach(_ fd: Int32, _ stream: String, _ file: LogFile, _ echo: EchoTarget, _ ref: ContainerRef) {
        let log = LogStream(fd: fd, stream: stream, file: file, echo: echo, buffer: readBuffer)
        let now = loop.now
        do throws(SystemError) {
            try loop.register(fd, events: KL_EV_IN | KL_EV_HUP) { [unowned self] _ in
                if !log.drain(now: now) { self.detach(fd) }
            }
            streams[fd] = (log, ref)
            fdsOf[ref, default: []].append(fd)
        } catch {
            log.close()
        }
    }

    private func detach(_ fd: Int32) {
        guard let entry = streams.removeValue(forKey: fd) else { return }
        loop.unregister(fd)
        entry.log.close()
        fdsOf[entry.ref]?.removeAll { $0 == fd }
    }
}
