// kubelet-lite — ContainerStatus.swift
// The API-shaped state of one container (lifecycle §3), as the kubelet reports it.

/// `state.terminated` / `lastState.terminated` of a container status.
public struct TerminatedState: Sendable, Equatable {
    public var exitCode: Int32
    public var signal: Int32
    public var reason: String
    public var message: String?
    public var startedAt: Instant?
    public var finishedAt: Instant
    public var containerID: String?

    public init(exitCode: Int32, signal: Int32 = 0, reason: String, message: String? = nil,
                startedAt: Instant?, finishedAt: Instant, containerID: String?) {
        self.exitCode = exitCode
        self.signal = signal
        self.reason = reason
        self.message = message
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.containerID = containerID
    }
}

/// Exactly one of waiting, running or terminated, as in `v1.ContainerState`.
public enum ContainerState: Sendable, Equatable {
    case waiting(reason: String, message: String?)
    case running(startedAt: Instant)
    case terminated(TerminatedState)

    public var isRunning: Bool { if case .running = self { true } else { false } }
    public var waitingReason: String? { if case .waiting(let r, _) = self { r } else { nil } }
    public var terminated: TerminatedState? { if case .terminated(let t) = self { t } else { nil } }
}

/// One `v1.ContainerStatus`.
public struct ContainerStatus: Sendable, Equatable {
    public var name: String
    public var state: ContainerState
    public var lastState: TerminatedState?
    public var ready: Bool
    public var started: Bool
    public var restartCount: Int
    public var image: String
    public var containerID: String?
}

/// `v1.PodCondition` without the always-null `lastProbeTime`.
public struct PodCondition: Sendable, Equatable {
    public var type: PodConditionType
    public var status: Bool
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: Instant
}

/// The pod phase (lifecycle §2).
public enum PodPhase: String, Sendable, Equatable {
    case pending = "Pending"
    case running = "Running"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case unknown = "Unknown"

    public var isTerminal: Bool { self == .succeeded || self == .failed }
}

/// A snapshot of `v1.PodStatus`.
public struct PodStatusSnapshot: Sendable, Equatable {
    public var phase: PodPhase
    public var reason: String?
    public var message: String?
    public var conditions: [PodCondition]
    public var startTime: Instant?
    public var initContainerStatuses: [ContainerStatus]
    public var containerStatuses: [ContainerStatus]
    /// True while a deletion (stop on request) is under way, for `get`'s `Terminating`.
    public var terminating: Bool
    /// When the deletion was asked for, and its grace: `metadata.deletionTimestamp` and
    /// `metadata.deletionGracePeriodSeconds` of the published Pod.
    public var deletion: (at: Instant, grace: Int64)?

    public static func == (a: PodStatusSnapshot, b: PodStatusSnapshot) -> Bool {
        a.phase == b.phase && a.reason == b.reason && a.message == b.message && a.conditions == b.conditions
            && a.startTime == b.startTime && a.initContainerStatuses == b.initContainerStatuses
            && a.containerStatuses == b.containerStatuses && a.terminating == b.terminating
            && a.deletion?.at == b.deletion?.at && a.deletion?.grace == b.deletion?.grace
    }
}
