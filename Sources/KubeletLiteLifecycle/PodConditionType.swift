// kubelet-lite — PodConditionType.swift
// The types of `status.conditions` (lifecycle §4), shared by the state machine and the readers.

/// A `v1.PodConditionType`: the five the kubelet sets, and any other name read back from a pod.json.
public enum PodConditionType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    case podScheduled
    case podReadyToStartContainers
    case initialized
    case containersReady
    case ready
    /// A type kubelet-lite does not set (a readiness gate, or one a later version adds); never one
    /// of the names above: `init(rawValue:)` maps those to their own case.
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "PodScheduled": self = .podScheduled
        case "PodReadyToStartContainers": self = .podReadyToStartContainers
        case "Initialized": self = .initialized
        case "ContainersReady": self = .containersReady
        case "Ready": self = .ready
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .podScheduled: "PodScheduled"
        case .podReadyToStartContainers: "PodReadyToStartContainers"
        case .initialized: "Initialized"
        case .containersReady: "ContainersReady"
        case .ready: "Ready"
        case .other(let name): name
        }
    }

    public var description: String { rawValue }
}
