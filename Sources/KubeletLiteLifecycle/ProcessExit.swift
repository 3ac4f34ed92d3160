// kubelet-lite — ProcessExit.swift
// How a process ended, and the one rule that turns a signal death into an exit code.

/// A process's end as the reaper saw it: an exit code, or the signal that killed it.
public enum ProcessExit: Sendable, Equatable {
    case exited(code: Int32)
    case killed(signal: Int32)

    /// The reaper's pair of facts: an exit code, or (when `signal` is set) a death by that signal.
    public init(exitCode: Int32, signal: Int32?) {
        self = signal.map { .killed(signal: $0) } ?? .exited(code: exitCode)
    }

    /// The exit code Kubernetes reports: the code itself, or 128 + the signal number, as a container
    /// runtime reports a process killed by a signal (lifecycle §3.2).
    public var exitCode: Int32 {
        switch self {
        case .exited(let code): code
        case .killed(let signal): 128 + signal
        }
    }

    public var signal: Int32? {
        if case .killed(let signal) = self { signal } else { nil }
    }
}
