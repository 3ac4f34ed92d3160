// kubelet-lite — ApplyCommand.swift
// `kubelet-lite apply`: run a pod in the foreground until it ends.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLiteRuntime

/// Runs a pod manifest as processes, with the kubelet's lifecycle, until the pod ends.
enum ApplyCommand: Command {
    /// The flags of apply (architecture §9.1).
    enum Flags: FlagSet {
        case filename, stateDir, output, quiet, detach, backoffInitial, backoffMax, sandbox, podPidsLimit, statusInterval,
             containerLogMaxSize, containerLogMaxFiles, dryRun
        case podKey, hostPid

        var flag: Flag {
            switch self {
            case .filename: .filename
            case .stateDir: .stateDir
            case .output:
                Flag("--output", short: "-o", value: "text|json", help: "events as aligned text, or one v1 Event "
                        + "JSON object per line (then no container output)", default: "text")
            case .quiet: Flag("--quiet", short: "-q", help: "do not echo container output (logs are still kept)")
            case .detach:
                Flag("--detach", short: "-d", help: "run the supervisor in the background, in its own session: "
                        + "return once it has taken the pod (pod/NAME created), exit 2 on the same refusals; "
                        + "then use wait, logs, describe and delete")
            case .backoffInitial:
                Flag("--backoff-initial", value: "SECONDS",
                     help: "first crash-loop back-off delay; 0 restarts at once, every time",
                     default: ApplyCommand.seconds(BackoffPolicy().initial))
            case .backoffMax:
                Flag("--backoff-max", value: "SECONDS", help: "back-off cap", default: ApplyCommand.seconds(BackoffPolicy().max))
            case .sandbox:
                Flag("--sandbox", value: "process|namespaces", help: "process: a process group on the host; "
                        + "namespaces (root): the pod's own IPC, UTS and PID namespaces, each container PID 1 "
                        + "of its own", default: "process")
            case .podPidsLimit:
                Flag("--pod-pids-limit", value: "N", help: "pids.max of the pod's cgroup: at most N processes and "
                        + "threads in the pod (the kubelet's podPidsLimit; needs cgroups)")
            case .statusInterval:
                Flag("--status-interval", value: "SECONDS", help: "least time between two writes of pod.json "
                        + "while the status keeps changing: what `get` shows is at most this old (0: every change)",
                     default: ApplyCommand.seconds(SupervisorOptions(stateRoot: "").statusInterval))
            case .containerLogMaxSize:
                Flag("--container-log-max-size", value: "QUANTITY", help: "a container's log file is rotated "
                        + "(renamed N.log.TIMESTAMP) before it grows past this size: a Kubernetes quantity, "
                        + "as the kubelet's containerLogMaxSize", default: "10Mi")
            case .containerLogMaxFiles:
                Flag("--container-log-max-files", value: "N", help: "most log files of one container instance, "
                        + "the current one included; the oldest rotated ones are removed (at least 2, as the "
                        + "kubelet's containerLogMaxFiles)", default: String(ContainerLogPolicy.defaultMaxFiles))
            case .dryRun, .podKey, .hostPid: ApplyTargets.flag(self)
            }
        }
    }

    static let name = "apply"
    static let operands = "[-f] FILE"
    static let summary = "run the pod in the foreground until it ends"
    static let description = "Run a Pod manifest in the foreground until the pod ends."
    static let details = """
        FILE is a v1 Pod in JSON or YAML, or - for standard input. The pod runs as host processes:
        init containers one after another, then the containers in spec order (each after
        the previous one's postStart hook), with liveness, readiness and startup probes
        (exec, httpGet over HTTP or HTTPS, tcpSocket, grpc), restarted per restartPolicy with the kubelet's
        crash-loop back-off. Events are printed as they happen; container output is
        echoed as "[container] line".

        FILE may hold several Pods (YAML documents, a v1 List), and may be a directory
        (every *.yaml, *.yml and *.json in it, once): then each pod runs under a supervisor
        of its own, every line they print starts with "[pod] ", signals go to all of them,
        and apply ends when all have ended, with the highest of their exit statuses. An
        object that is not a valid Pod is reported by its place in the file and makes the
        status 2; the others run. --dry-run runs nothing and prints the pods as they would
        run, defaults filled in (-o json|yaml: the Pod, or a v1 List of several).
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "the pod Succeeded, or it was stopped on request"),
        (.failure, "the pod Failed (activeDeadlineSeconds included)"),
        (.refused, "refused before anything started: usage, invalid manifest, pod already running"),
        (.internalFailure, "kubelet-lite itself failed (after cleaning up what it started)"),
    ]
    static let epilogue = """
        Signals:
          SIGTERM, SIGINT              stop the pod gracefully (preStop, stop signal, grace
                                       period, then SIGKILL); several within 0.5 s are one
                                       request; one sent later kills at once
          SIGHUP (kill -HUP)           re-read FILE: if the pod changed, stop it gracefully
                                       and start the new one; if invalid, report and go on
          SIGHUP (terminal hang-up)    the terminal of a foreground apply closed: stop the
                                       pod gracefully, as SIGTERM
          SIGUSR1                      print the kubectl-describe view of the pod to stderr

        State: STATE/pods/NAMESPACE_NAME/{pod.json,events.jsonl,supervisor.pid,logs/C/N.log[.TIMESTAMP]}
        """

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var request = Request()
        while let found = try scanner.next() {
            try take(found, into: &request, scanner: scanner)
        }
        let file = try singleFile(explicit: request.explicitFile, positionals: scanner.positionals)
        let output = try request.targets.output(request.outputName, scanner: scanner)
        let backoff = request.backoff
        guard backoff.max >= backoff.initial else {
            throw scanner.error("--backoff-max must not be less than --backoff-initial")
        }
        var options = SupervisorOptions(stateRoot: StateDirectory.defaultRoot(flag: request.stateFlag),
                                        output: output, quiet: request.quiet, backoff: backoff)
        options.sandbox = request.sandbox
        options.podPidsLimit = request.pidsLimit
        options.statusInterval = request.statusInterval
        options.logPolicy = request.logPolicy
        return request.targets.run(file, options: options)
    }

    /// What the flags of one apply asked for.
    struct Request {
        var explicitFile: String?
        var stateFlag: String?
        var outputName = "text"
        var targets = ApplyTargets()
        var quiet = false
        var backoff = BackoffPolicy()
        var sandbox = SandboxMode.process
        var pidsLimit: Int64?
        var statusInterval = SupervisorOptions(stateRoot: "").statusInterval
        var logPolicy = ContainerLogPolicy()
    }

    /// Takes one flag into the request, or says what is wrong with its value.
    static func take(_ found: ScannedFlag<Flags>, into request: inout Request,
                     scanner: ArgumentScanner<Flags>) throws(UsageError) {
        let value = found.value
        switch found.flag {
        case .filename: request.explicitFile = value
        case .stateDir: request.stateFlag = value
        case .output: request.outputName = value
        case .quiet: request.quiet = true
        case .detach: request.targets.detach = try found.isOn()
        case .dryRun, .podKey, .hostPid: try request.targets.take(found, scanner: scanner)
        case .backoffInitial: request.backoff.initial = Micros(Int64(try scanner.seconds(value, flag: found.spelled) * 1e6))
        case .backoffMax: request.backoff.max = Micros(Int64(try scanner.seconds(value, flag: found.spelled) * 1e6))
        case .sandbox:
            guard let mode = SandboxMode(rawValue: value) else {
                throw scanner.error("--sandbox takes process or namespaces, not \"\(value)\"")
            }
            // Creating namespaces, mounting /proc and /dev need root (CAP_SYS_ADMIN).
            guard mode == .process || geteuid() == 0 else {
                throw scanner.error("--sandbox namespaces needs root (it creates namespaces and mounts /proc and /dev)")
            }
            request.sandbox = mode
        case .podPidsLimit:
            guard let n = Int64(value), n > 0 else {
                throw scanner.error("--pod-pids-limit takes a number of processes greater than 0, not \"\(value)\"")
            }
            request.pidsLimit = n
        case .statusInterval:
            let seconds = try scanner.seconds(value, flag: found.spelled)
            guard seconds <= 60 else { throw scanner.error("--status-interval is at most 60 seconds, not \(value)") }
            request.statusInterval = Micros(Int64(seconds * 1e6))
        case .containerLogMaxSize, .containerLogMaxFiles: try takeLogFlag(found, into: &request, scanner: scanner)
        }
    }

    /// `--container-log-max-size` and `--container-log-max-files` (architecture §6.7).
    static func takeLogFlag(_ found: ScannedFlag<Flags>, into request: inout Request,
                            scanner: ArgumentScanner<Flags>) throws(UsageError) {
        let value = found.value
        if found.flag == .containerLogMaxSize {
            guard let bytes = ContainerLogPolicy.size(value) else {
                throw scanner.error("--container-log-max-size takes a quantity of bytes greater than 0 "
                                    + "(10Mi, 500Ki, 1G), not \"\(value)\"")
            }
            request.logPolicy.maxSize = bytes
        } else {
            guard let n = Int(value), n >= ContainerLogPolicy.leastMaxFiles else {
                throw scanner.error("--container-log-max-files takes a number of files of at least "
                                    + "\(ContainerLogPolicy.leastMaxFiles), not \"\(value)\"")
            }
            request.logPolicy.maxFiles = n
        }
    }

    /// Runs the supervisor and reports how the pod ended.
    static func supervise(_ pod: Pod, options: SupervisorOptions) -> ExitStatus {
        do throws(SupervisorStartError) {
            // The supervisor says how the pod ended itself, through its non-blocking output.
            return try PodSupervisor(pod: pod, options: options).run().exitStatus
        } catch {
            printErr("kubelet-lite: \(error.outcome.summary(pod: pod))")
            return error.outcome.exitStatus
        }
    }

    /// `apply -d`: the supervisor goes on in the background once it has taken the pod (architecture §6.8).
    static func detached(_ pod: Pod, options: SupervisorOptions) -> ExitStatus {
        switch DetachedSupervisor.launch(pod: pod, options: options) {
        case .success:
            printOut("pod/\(pod.metadata.name) created")
            return .success
        case .failure(let error):
            printErr("kubelet-lite: \(error.outcome.summary(pod: pod))")
            return error.outcome.exitStatus
        }
    }

    /// FILE given once, as `-f FILE` or alone.
    static func singleFile(explicit: String?, positionals: [String]) throws(UsageError) -> String {
        let all = (explicit.map { [$0] } ?? []) + positionals
        guard let first = all.first else {
            throw UsageError(message: "missing FILE (a Pod manifest, or - for stdin)", usage: usage)
        }
        guard all.count == 1 else {
            throw UsageError(message: "one FILE at a time, got \(all.count): \(all.joined(separator: " "))", usage: usage)
        }
        return first
    }

    /// `10`: a default of whole seconds as the flags take it.
    static func seconds(_ d: Micros) -> String {
        d.value % 1_000_000 == 0 ? String(d.value / 1_000_000) : String(Double(d.value) / 1e6)
    }
}
