// kubelet-lite — PodHost.swift
// Several pods at once: one ordinary `apply` supervisor child per pod, started, signalled, reaped
// and heard by one event loop (architecture §4.11).

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// Runs the pods of several manifests (a multi-pod file, a directory, static pods), each under a
/// supervisor child of its own: a supervisor owns process-wide things (the reaper, the subreaper
/// role, the signal mask), so one process runs one pod (architecture §4.11).
public final class PodHost {
    /// What the host hands each supervisor, and how it shows their output.
    public struct Options: Sendable {
        /// apply's flags for each child (state dir, output, back-off...), without FILE.
        public var childArguments: [String]
        public var output: OutputFormat
        /// The state directory the children use: a pod stopped because its file no longer holds
        /// it is marked deleted there, as the kubelet removes a static pod whose file is gone.
        public var stateRoot: String?

        public init(childArguments: [String], output: OutputFormat, stateRoot: String? = nil) {
            self.childArguments = childArguments
            self.output = output
            self.stateRoot = stateRoot
        }
    }

    let options: Options
    let loop: EventLoop
    let stdout: TerminalOutput
    let stderr: TerminalOutput
    var pods: [pid_t: HostedPod] = [:]
    /// The highest exit status so far: of the children, or 2 for an object that was refused.
    var worst = ExitStatus.success
    /// Every pod is being stopped (a signal): nothing new starts.
    var stopping = false
    /// Static pods: the directory watched; the host runs until it is told to stop.
    var directory: ManifestDirectory?
    /// Standard input's manifest, kept in an anonymous file each child reads from the start.
    private var stdinFile: Int32 = -1

    public init(options: Options) throws(SystemError) {
        self.options = options
        loop = try EventLoop(clock: RuntimeClock())
        stdout = TerminalOutput(fd: 1, loop: loop)
        stderr = TerminalOutput(fd: 2, loop: loop)
        let signals = try SupervisorSignals.makeFD()
        try loop.register(signals, urgent: true) { [unowned self] _ in
            for record in SupervisorSignals.drain(signals) { self.handle(record) }
        }
    }

    func diagnostic(_ text: String) { stderr.write("kubelet-lite: \(text)\n") }

    // MARK: Starting pods

    /// Starts a supervisor for each pod of `bytes` (read from `source`); every object that is not a
    /// valid Pod is reported by its place in the file and makes the exit status 2. Returns the
    /// results, for a caller that reconciles.
    @discardableResult
    public func start(source: String, bytes: [UInt8]) -> [ManifestResult] {
        if source == "-" && stdinFile < 0 { keepStandardInput(bytes) }
        let results = ManifestLoader.loadAll(bytes, source: source)
        for result in results {
            if let pod = result.pod {
                start(pod, file: source)
            } else {
                refused(result, file: source)
            }
        }
        return results
    }

    /// Reports an object that does not run, with its place in the file.
    func refused(_ result: ManifestResult, file: String) {
        if directory == nil { worst = max(worst, .refused) }
        let place = result.origin.map { " (\($0))" } ?? ""
        let warnings = result.warnings.map { "Warning: \($0)\n" }.joined()
        stderr.write(warnings + "kubelet-lite: \(file)\(place) is not run:\n" + (result.failure?.message ?? "no pod") + "\n")
    }

    /// One supervisor child for `pod`, unless a child already runs a pod of that name.
    func start(_ pod: Pod, file: String) {
        let key = "\(pod.metadata.namespace)/\(pod.metadata.name)"
        guard !stopping else { return }
        if let other = pods.values.first(where: { $0.key == key }) {
            if other.file != file {
                if directory == nil { worst = max(worst, .refused) }
                diagnostic("pod \(key) of \(file) is not run: \(other.file) already runs a pod of that name")
            }
            return
        }
        let arguments = options.childArguments + ["--pod-key", key, "--host-pid", String(getpid()), "--", file]
        let stdinPath = file == "-" ? "/proc/self/fd/\(stdinFile)" : nil
        switch HostedPod.spawn(arguments: arguments, stdinPath: stdinPath) {
        case .failure(let e):
            worst = max(worst, .internalFailure)
            diagnostic("cannot start the supervisor of pod \(key): \(e.message)")
        case .success(let (pid, out, err)):
            let label = HostedPod.label(namespace: pod.metadata.namespace, name: pod.metadata.name)
            let child = HostedPod(pid: pid, key: key, file: file, manifest: pod.manifest,
                                  stdout: ChildLines(fd: out, prefix: options.output == .json ? nil : label, sink: stdout),
                                  stderr: ChildLines(fd: err, prefix: label, sink: stderr))
            pods[pid] = child
            watch(child.stdout)
            watch(child.stderr)
        }
    }

    private func watch(_ lines: ChildLines) {
        do throws(SystemError) {
            try loop.register(lines.fd, events: KL_EV_IN) { [unowned self] _ in
                if !lines.readAvailable() { self.closeStream(lines) }
            }
        } catch {
            diagnostic("cannot read a supervisor's output: \(error)")
        }
    }

    private func closeStream(_ lines: ChildLines) {
        guard lines.fd >= 0 else { return }
        lines.flush()
        loop.unregister(lines.fd)
        close(lines.fd)
        lines.fd = -1
    }

    /// A copy of standard input's bytes in an anonymous file: each child opens it anew, so each
    /// reads it from the start.
    private func keepStandardInput(_ bytes: [UInt8]) {
        stdinFile = kl_memfd("kubelet-lite-manifest")
        guard stdinFile >= 0 else { return diagnostic("cannot keep standard input: \(SystemError.text(errno))") }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { raw in retryingOnInterrupt { write(stdinFile, raw.baseAddress, raw.count) } }
            if n <= 0 { break }
            offset += n
        }
    }

    // MARK: Running

    /// Runs until every child has ended (static pods: until a stop signal, and then every child
    /// has ended); returns the highest exit status of the children and of the refused objects.
    public func run() -> ExitStatus {
        if !isDone { loop.run { [unowned self] in if self.isDone { self.loop.stop() } } }
        stdout.finish()
        stderr.finish()
        if stdinFile >= 0 { close(stdinFile) }
        return worst
    }

    private var isDone: Bool { pods.isEmpty && (directory == nil || stopping) }

    private func handle(_ record: SignalRecord) {
        switch record.signo {
        case SIGCHLD:
            reap()
        case SIGTERM, SIGINT:
            stopAll(forwarding: record.signo)
        case SIGHUP:
            if SupervisorSignals.isHangUp(record) {
                stopAll(forwarding: SIGTERM)  // the children's output is not the terminal: say it as a stop
            } else if let directory {
                directory.rescan()
            } else {
                forward(SIGHUP)
            }
        case SIGUSR1:
            forward(SIGUSR1)
        default:
            break
        }
    }

    /// Every pod stops with its own grace; a second signal forwarded is each supervisor's force.
    private func stopAll(forwarding signo: Int32) {
        if !stopping {
            stopping = true
            directory?.close()
        }
        forward(signo)
    }

    private func forward(_ signo: Int32) {
        for pid in pods.keys { kill(pid, signo) }
    }

    /// Asks the supervisor of `key` to stop (its file no longer holds it).
    func stop(_ child: HostedPod) {
        child.stopRequested = true
        kill(child.pid, SIGTERM)
    }

    /// Asks the supervisor of `child` to re-read its manifest (architecture §2.8).
    func reload(_ child: HostedPod, manifest: JSONObject) {
        child.manifest = manifest
        kill(child.pid, SIGHUP)
    }

    /// A pod whose file no longer holds it leaves `get`, as `delete` would have it; its records
    /// stay for describe and logs (architecture §4.11).
    private func forget(_ child: HostedPod) {
        guard let root = options.stateRoot else { return }
        let key = String(child.key.map { $0 == "/" ? "_" : $0 })
        if let record = (try? StateReader.pod(key: key, in: root)) ?? nil {
            _ = StateReader.markDeleted(record, force: false)
        }
    }

    private func reap() {
        for ended in Reaper.collect() {
            guard let child = pods.removeValue(forKey: ended.pid) else { continue }
            // The child wrote everything before it exited: what is in the pipes now is all there is.
            for lines in [child.stdout, child.stderr] {
                _ = lines.readAvailable()
                closeStream(lines)
            }
            let status = HostedPod.exitStatus(ended.exit)
            if case .killed(let signal) = ended.exit {
                diagnostic("the supervisor of pod \(child.key) (pid \(ended.pid)) was killed by signal \(signal)")
            }
            if directory == nil || !child.stopRequested { worst = max(worst, status) }
            if child.stopRequested { forget(child) }
            if child.stopRequested, !stopping { directory?.changed(child.file) }
        }
    }
}

extension ExitStatus: Comparable {
    /// Worse is higher: 0 < 1 < 2 < 3 (architecture §9.2).
    public static func < (a: ExitStatus, b: ExitStatus) -> Bool { a.rawValue < b.rawValue }
}
