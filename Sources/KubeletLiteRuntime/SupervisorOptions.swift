// kubelet-lite — SupervisorOptions.swift
// What `apply` hands the runtime, and what the runtime hands back: options, outcome, exit status.

import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation

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
    /// `namespace/name` of the pod among the file's objects, for a supervisor of a pod host (architecture §4.11).
    public var manifestPod: String?
    public var sandbox: SandboxMode = .process
    /// `--pod-pids-limit`: `pids.max` of the pod's cgroup (the kubelet's podPidsLimit).
    public var podPidsLimit: Int64?
    /// `--status-interval`: the least time between two writes of pod.json while the status keeps
    /// changing (the last state is always written).
    public var statusInterval = Micros(50_000)
    /// `--container-log-max-size` and `--container-log-max-files` (architecture §6.7).
    public var logPolicy = ContainerLogPolicy()

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

/// The exit statuses of every verb (architecture §9.2); each verb's help says what they mean for it.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// apply: the pod Failed; the other verbs: what they were asked about is not there.
    case failure = 1
    /// Refused before anything started: a usage error, an invalid manifest, a pod already running.
    case refused = 2
    /// kubelet-lite itself failed (after cleaning up what it started).
    case internalFailure = 3
}

/// Why a supervisor could not take its pod: refused (already running) or failed, before anything
/// was started.
public struct SupervisorStartError: Error, Sendable {
    public var outcome: SupervisorOutcome

    init(outcome: SupervisorOutcome) { self.outcome = outcome }

    /// The pod directory could not be claimed: another supervisor runs the pod, or the state
    /// directory is unusable.
    init(_ failure: PodDirectory.Failure, pod: Pod, stateRoot: String) {
        switch failure {
        case .alreadyRunning(let pid):
            outcome = .refused("pod \(pod.metadata.namespace)/\(pod.metadata.name) is already running (supervisor pid \(pid), "
                + "state in \(StateDirectory(root: stateRoot).podDir(pod.stateKey))); stop it first with "
                + "`kubelet-lite delete \(pod.metadata.name)` or SIGTERM to that pid")
        case .state(let e):
            outcome = .failed("cannot use the state directory: \(e)")
        }
    }
}

/// How a supervised pod ended, which decides `apply`'s exit status.
public enum SupervisorOutcome: Sendable, Equatable {
    /// The pod reached a terminal phase by itself.
    case completed(PodPhase)
    /// It was stopped on request (signal or delete), ending in this phase.
    case stopped(PodPhase)
    /// Refused before anything started (the pod is already running).
    case refused(String)
    /// kubelet-lite itself failed; what it had started was cleaned up.
    case failed(String)

    /// The line that says how the pod ended.
    /// With the pod's last `status`, a Failed pod's line names each container that failed and how.
    public func summary(pod: Pod, status: PodStatusSnapshot? = nil) -> String {
        let name = "\(pod.metadata.namespace)/\(pod.metadata.name)"
        switch self {
        case .completed(let phase):
            guard let status else { return "pod \(name) \(phase.rawValue)" }
            let sidecars = Set(pod.spec.initContainers.filter(\.isSidecar).map(\.name))
            return PodEndLine.completed(name, phase: phase, status: status, sidecars: sidecars)
        case .stopped(let phase): return "pod \(name) stopped on request (\(phase.rawValue))"
        case .refused(let why), .failed(let why): return why
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .completed(let phase): phase == .succeeded ? .success : .failure
        case .stopped: .success
        case .refused: .refused
        case .failed: .internalFailure
        }
    }
}
