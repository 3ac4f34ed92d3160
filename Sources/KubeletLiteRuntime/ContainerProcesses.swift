// kubelet-lite — ContainerProcesses.swift
// The pod's container processes: start under the exec helper, signal, kill, reap, and their output.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// Owns every container instance's process and output streams; knows nothing of Kubernetes rules.
final class ContainerProcesses {
    private let loop: EventLoop
    private let helper: ExecHelper
    private let echo: (stdout: TerminalOutput?, stderr: TerminalOutput?)
    private let podDir: SecureDirectory
    private let lost: LostRecords
    private var live: [ContainerRef: pid_t] = [:]
    private var owners: [pid_t: ContainerRef] = [:]
    private var streams: [Int32: (log: LogStream, ref: ContainerRef)] = [:]
    /// The open streams of each container, so an exit touches only its own.
    private var fdsOf: [ContainerRef: [Int32]] = [:]
    private var logPaths: [ContainerRef: String] = [:]

    /// - Parameter echo: where container output is echoed (`[name] line`), nil for quiet.
    init(loop: EventLoop, helper: ExecHelper, echo: (stdout: TerminalOutput?, stderr: TerminalOutput?),
         podDir: SecureDirectory, lost: LostRecords) {
        self.loop = loop
        self.helper = helper
        self.echo = echo
        self.podDir = podDir
        self.lost = lost
    }

    /// The exec helper of a container's running instance.
    func helper(of ref: ContainerRef) -> pid_t? { live[ref] }

    /// Whether `pid` is a container's main process (its exec helper).
    func owns(_ pid: pid_t) -> Bool { owners[pid] != nil }

    /// The log file of the instance that runs or ran last.
    func logPath(of ref: ContainerRef) -> String? { logPaths[ref] }

    /// Starts instance `restartCount` of a container; the answer is the lifecycle's next input.
    func start(_ ref: ContainerRef, restartCount: Int, argv: [String],
               context: Result<ContainerContext, SpawnError>) -> PodInput {
        let name = "\(restartCount).log"
        let logFile: LogFile
        let path: String
        do throws(StateDirectoryError) {
            let dir = try podDir.directory("logs", create: true).directory(ref.name, create: true)
            logFile = LogFile(fd: try dir.openFile(name, O_WRONLY | O_CREAT | O_APPEND, mode: 0o640), lost: lost)
            path = dir.path + "/" + name
        } catch {
            return .containerStartFailed(ref, message: "cannot set up the container's logs: \(error)")
        }
        logPaths[ref] = path
        logFile.retain()
        defer { logFile.release() }
        switch context.flatMap({ helper.start(argv, in: $0) }) {
        case .success(let process):
            live[ref] = process.pid
            owners[process.pid] = ref
            let prefix = Array("[\(ref.name)] ".utf8)
            attach(process.stdoutFD, "stdout", logFile, EchoTarget(output: echo.stdout, prefix: prefix), ref)
            attach(process.stderrFD, "stderr", logFile, EchoTarget(output: echo.stderr, prefix: prefix), ref)
            return .containerStarted(ref, pid: process.pid)
        case .failure(let e):
            return .containerStartFailed(ref, message: e.message)
        }
    }

    /// The stop signal goes to the main process only (lifecycle §D4); the helper passes it on.
    func signal(_ ref: ContainerRef, _ signal: Signal) {
        if let pid = live[ref] { Glibc.kill(pid, signal.number) }
    }

    /// SIGKILL to everything the container started.
    func kill(_ ref: ContainerRef) {
        if let pid = live[ref] { ProcessTree.killTree(pid) }
    }

    /// If `pid` was a container's main process: which container, with its output read to the end.
    func reaped(_ pid: pid_t, now: () -> Instant) -> ContainerRef? {
        guard let ref = owners.removeValue(forKey: pid) else { return nil }
        live[ref] = nil
        drain(ref, now: now)
        return ref
    }

    /// Reads what a just-exited container wrote, so its last lines come before the events about its exit.
    private func drain(_ ref: ContainerRef, now: () -> Instant) {
        for fd in fdsOf[ref] ?? [] {
            if let entry = streams[fd], !entry.log.drain(now: now, maxReads: 64) { detach(fd) }
        }
    }

    /// Kills every live container's tree (the pod's end; the reaper collects them).
    func killAll() {
        for pid in live.values { ProcessTree.killTree(pid) }
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
        let log = LogStream(fd: fd, stream: stream, file: file, echo: echo)
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
