// kubelet-lite — ResourceRequirements.swift
// The honoured part of `resources` (lifecycle §21): cpu and memory of a container or of the pod.
// Other names (ephemeral-storage, hugepages-*, extended resources) are validated and then only
// warned about (FieldSupport), so they have no typed form.

/// The cpu and memory entries of one resource list; nil where the list has no entry.
public struct ComputeResources: Sendable, Hashable {
    public var cpu: Quantity?
    public var memory: Quantity?

    public init(cpu: Quantity? = nil, memory: Quantity? = nil) {
        self.cpu = cpu
        self.memory = memory
    }

    public var isEmpty: Bool { cpu == nil && memory == nil }

    /// The entries as a resource list (`cpu` first), for the kubelet's sums.
    public var list: ResourceList {
        var list = ResourceList()
        list["cpu"] = cpu
        list["memory"] = memory
        return list
    }

    init(_ list: ResourceList) {
        self.init(cpu: list["cpu"], memory: list["memory"])
    }
}

/// `v1.ResourceRequirements` as far as kubelet-lite enforces it: limits and requests of cpu and
/// memory, after the API server's defaulting (a limit without a request makes the request).
public struct ResourceRequirements: Sendable, Hashable {
    public var limits: ComputeResources
    public var requests: ComputeResources

    public init(limits: ComputeResources = ComputeResources(), requests: ComputeResources = ComputeResources()) {
        self.limits = limits
        self.requests = requests
    }

    public var isEmpty: Bool { limits.isEmpty && requests.isEmpty }

    /// Reads a defaulted `resources` object (nil or null: nothing asked for).
    init(json: JSONObject?) {
        self.init(limits: ComputeResources(ResourceList(json: json?.object("limits"))),
                  requests: ComputeResources(ResourceList(json: json?.object("requests"))))
    }
}
