// kubelet-lite — PublishedPod.swift
// pod.json read back once into typed values: what get, describe and logs show (architecture §6.6).

import KubeletLiteLifecycle
import KubeletLiteModel

/// A published v1 Pod (a pod.json), decoded: metadata, the typed spec, and the status.
public struct PublishedPod: Sendable, Equatable {
    public var metadata: PublishedMetadata
    /// The spec as apply ran it: the defaulted manifest's spec, rebuilt as the model's `PodSpec`.
    public var spec: PodSpec
    public var status: PublishedStatus
    /// The document as read, for `get -o json`.
    public var document: JSONValue

    public init(metadata: PublishedMetadata, spec: PodSpec, status: PublishedStatus, document: JSONValue) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
        self.document = document
    }

    /// The statuses of the init containers, then of the main containers.
    public var allContainerStatuses: [PublishedContainerStatus] {
        status.initContainerStatuses + status.containerStatuses
    }

    /// The status of the container called `name`.
    public func containerStatus(_ name: String) -> PublishedContainerStatus? {
        allContainerStatuses.first { $0.name == name }
    }
}

/// The published `metadata`: identity, labels, and when the pod was created and asked to stop.
public struct PublishedMetadata: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var uid: String?
    public var labels: [String: String]
    public var annotations: [String: String]
    public var creationTimestamp: Instant?
    /// Set while a deletion (a stop on request) is under way: the instant SIGKILL may come.
    public var deletionTimestamp: Instant?
    public var deletionGracePeriodSeconds: Int64?

    public init(name: String, namespace: String, uid: String? = nil, labels: [String: String] = [:],
                annotations: [String: String] = [:], creationTimestamp: Instant? = nil,
                deletionTimestamp: Instant? = nil, deletionGracePeriodSeconds: Int64? = nil) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.labels = labels
        self.annotations = annotations
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.deletionGracePeriodSeconds = deletionGracePeriodSeconds
    }
}

/// The published `status` (lifecycle §2, §3, §4); absent fields are nil or empty, as in the API.
public struct PublishedStatus: Sendable, Equatable {
    /// `Unknown` when the status has no phase.
    public var phase: PodPhase = .unknown
    public var reason: String?
    public var message: String?
    public var hostIP: String?
    public var podIP: String?
    public var startTime: Instant?
    public var qosClass: String?
    public var conditions: [PublishedCondition] = []
    public var initContainerStatuses: [PublishedContainerStatus] = []
    public var containerStatuses: [PublishedContainerStatus] = []

    public init() {}

    /// The condition of type `type`.
    public func condition(_ type: PodConditionType) -> PublishedCondition? {
        conditions.first { $0.type == type }
    }
}

/// `True`, `False` or `Unknown`, as a condition's status is written.
public enum ConditionStatus: String, Sendable, Equatable {
    case `true` = "True"
    case `false` = "False"
    case unknown = "Unknown"
}

/// One published `v1.PodCondition`.
public struct PublishedCondition: Sendable, Equatable {
    public var type: PodConditionType
    public var status: ConditionStatus
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: Instant?

    public init(type: PodConditionType, status: ConditionStatus, reason: String? = nil, message: String? = nil,
                lastTransitionTime: Instant? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}

/// One published `v1.ContainerStatus`, its states typed as the lifecycle's `ContainerState`.
public struct PublishedContainerStatus: Sendable, Equatable {
    public var name: String
    /// nil when the state is empty (`{}`).
    public var state: ContainerState?
    /// The previous instance's end; nil when there was none (`{}`).
    public var lastState: ContainerState?
    public var ready: Bool
    public var started: Bool
    public var restartCount: Int
    public var image: String?
    public var containerID: String?

    public init(name: String, state: ContainerState? = nil, lastState: ContainerState? = nil, ready: Bool = false,
                started: Bool = false, restartCount: Int = 0, image: String? = nil, containerID: String? = nil) {
        self.name = name
        self.state = state
        self.lastState = lastState
        self.ready = ready
        self.started = started
        self.restartCount = restartCount
        self.image = image
        self.containerID = containerID
    }
}
