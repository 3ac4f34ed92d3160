// kubelet-lite — SupervisorOptions.swift
// What `apply` hands the runtime, and what the runtime hands back: options, outcome, exit status.

import KubeletLiteLifecycle

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

/// The exit statuses of the command line, defined once (architecture §1).
public enum ExitStatus {
    /// The pod Succeeded, it was stopped on request, or a read-only verb did what was asked.
    public static let success: Int32 = 0
    /// The pod Failed.
    public static let podFailed: Int32 = 1
    /// Refused before anything started: usage, invalid manifest, pod already running.
    public static let refused: Int32 = 2
    /// kubelet-lite itself failed, after cleaning up what it had started.
    public static let internalFailure: Int32 = 3
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

    public var exitStatus: Int32 {
        switch self {
        case .completed(let phase): phase == .succeeded ? ExitStatus.success : ExitStatus.podFailed
        case .stopped: ExitStatus.success
        case .refused: ExitStatus.refused
        case .failed: ExitStatus.internalFailure
        }
    }
}
