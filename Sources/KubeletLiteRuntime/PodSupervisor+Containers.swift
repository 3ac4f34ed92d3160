// kubelet-lite — PodSupervisor+Containers.swift
// Starting a container: its environment, user, logs and exec helper; its output streams.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

extension PodSupervisor {
    func spec(of ref: ContainerRef) -> Container {
        ref.isInit ? pod.spec.initContainers[ref.index] : pod.spec.containers[ref.index]
    }

    /// Exec checks run "in the container": its environment, working directory, user, the pod's group.
    func context(of ref: ContainerRef) -> ContainerContext {
        let spec = spec(of: ref)
        return ContainerContext(environment: environment(of: spec), workingDir: spec.workingDir ?? "/",
                                processGroup: pausePID, runAs: try? runAs(spec).get())
    }

    /// I.12: HOME is the run-as user's home, else ours.
    func environment(of spec: Container) -> [(name: String, value: String)] {
        let userHome = spec.runAsUser.map { Identity.account(uid: $0)?.home ?? "/" } ?? home
        return ContainerEnvironment.build(for: spec, in: pod, facts: facts, home: userHome)
    }

    /// The user and group of `securityContext`; switching to another needs root (design.md §2).
    func runAs(_ spec: Container) -> Result<RunAs?, SpawnError> {
        guard spec.runAsUser != nil || spec.runAsGroup != nil else { return .success(nil) }
        let uid = spec.runAsUser ?? Int64(geteuid())
        let gid = spec.runAsGroup ?? (spec.runAsUser.flatMap { Identity.account(uid: $0)?.gid } ?? 0)
        if geteuid() != 0 && (uid != Int64(geteuid()) || gid != Int64(getegid())) {
            return .failure(SpawnError(message: "runAsUser \(uid) / runAsGroup \(gid) needs kubelet-lite to run as root"))
        }
        return .success(RunAs(uid: uid, gid: gid))
    }

    func startContainer(_ ref: ContainerRef, restartCount: Int) -> PodInput {
        let spec = spec(of: ref)
        let environment = environment(of: spec)
        let argv = ContainerEnvironment.expandedArgv(for: spec, environment: environment)
        let logFile: LogFile
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        do throws(SystemError) {
            try StateDirectory.makeDirectories("\(podDir)/logs/\(ref.name)")
            logPaths[ref] = "\(podDir)/logs/\(ref.name)/\(restartCount).log"
            logFile = try LogFile(path: logPaths[ref]!)
            guard kl_pipe_cloexec(&out, 1) == 0 else { throw SystemError("pipe2") }
            guard kl_pipe_cloexec(&err, 1) == 0 else { throw SystemError("pipe2") }
        } catch {
            for fd in out + err where fd >= 0 { close(fd) }
            return .containerStartFailed(ref, message: "cannot set up the container's logs: \(error)")
        }
        logFile.retain()
        defer { logFile.release() }
        let workingDir = spec.workingDir ?? "/"
        TerminationMessage.prepare(spec.terminationMessagePath)
        // The command runs under the exec helper, which forwards signals to it and, like a
        // container's init, kills what it leaves behind the moment it exits (decision I.10).
        let result = runAs(spec).flatMap { user in
            Spawner.preflight(argv, environment: environment, workingDir: workingDir).map { (user, $0) }
        }.flatMap { user, path in
            Spawner.spawn(SpawnRequest(argv: [pausePath, "exec", String(getpid())] + (user?.helperOption ?? []) + [path] + argv,
                                       environment: environment, workingDir: workingDir,
                                       processGroup: pausePID, stdoutFD: out[1], stderrFD: err[1]))
        }
        close(out[1])
        close(err[1])
        switch result {
        case .success(let pid):
            live[ref] = LiveContainer(pid: pid)
            owners[pid] = ref
            let quiet = options.quiet || options.output == .json
            let prefix = Array("[\(ref.name)] ".utf8)
            attach(out[0], stream: "stdout", file: logFile, echo: EchoTarget(output: quiet ? nil : stdout, prefix: prefix), ref)
            attach(err[0], stream: "stderr", file: logFile, echo: EchoTarget(output: quiet ? nil : stderr, prefix: prefix), ref)
            return .containerStarted(ref, pid: pid)
        case .failure(let e):
            close(out[0])
            close(err[0])
            return .containerStartFailed(ref, message: e.message)
        }
    }

    func attach(_ fd: Int32, stream: String, file: LogFile, echo: EchoTarget, _ ref: ContainerRef) {
        let log = LogStream(fd: fd, stream: stream, file: file, echo: echo)
        do throws(SystemError) {
            try loop.register(fd, events: KL_EV_IN | KL_EV_HUP) { [unowned self] _ in
                if !log.drain(now: self.clock.now) { self.detach(fd, ref) }
            }
            streams[fd] = log
            streamsOf[ref, default: []].append(fd)
        } catch {
            log.close()
        }
    }

    func detach(_ fd: Int32, _ ref: ContainerRef) {
        guard let log = streams.removeValue(forKey: fd) else { return }
        loop.unregister(fd)
        log.close()
        streamsOf[ref]?.removeAll { $0 == fd }
    }

    /// Reads what a just-exited container wrote, so its last lines come before the events about its exit.
    func drainStreams(of ref: ContainerRef) {
        for fd in streamsOf[ref] ?? [] {
            if let log = streams[fd], !log.drain(now: clock.now, maxReads: 64) { detach(fd, ref) }
        }
    }
}
