// kubelet-lite — CgroupLimits.swift
// The cgroup values the kubelet derives for a container (calculateLinuxResources) and for the
// pod (ResourceConfigForPod plus podPidsLimit), lifecycle §21.4. The runtime writes them.

import KubeletLiteModel

/// A CFS bandwidth limit: `quota` µs of CPU time per `period` µs.
public struct CPUQuota: Sendable, Equatable {
    public var quota: Int64
    public var period: Int64

    public init(quota: Int64, period: Int64 = CgroupConversion.quotaPeriod) {
        self.quota = quota
        self.period = period
    }
}

/// The limits of one cgroup; nil fields are left at the cgroup's default (unlimited, or the
/// default weight).
public struct CgroupLimits: Sendable, Equatable {
    /// `memory.max` (v2) / `memory.limit_in_bytes` (v1), in bytes.
    public var memoryMax: Int64?
    /// `cpu.max` (v2) / `cpu.cfs_quota_us` and `cpu.cfs_period_us` (v1).
    public var cpuQuota: CPUQuota?
    /// `cpu.shares` (v1); `cpuWeight` is its cgroup v2 form.
    public var cpuShares: Int64?
    /// `pids.max`.
    public var pidsMax: Int64?
    /// A container's OOM kill takes every process of its cgroup (`memory.oom.group`, v2), as the
    /// kubelet asks of the runtime.
    public var oomGroupKill = false

    public init(memoryMax: Int64? = nil, cpuQuota: CPUQuota? = nil, cpuShares: Int64? = nil, pidsMax: Int64? = nil,
                oomGroupKill: Bool = false) {
        self.memoryMax = memoryMax
        self.cpuQuota = cpuQuota
        self.cpuShares = cpuShares
        self.pidsMax = pidsMax
        self.oomGroupKill = oomGroupKill
    }

    /// `cpu.weight` (v2), converted from the shares as the kubelet does.
    public var cpuWeight: Int64? { cpuShares.map { CgroupConversion.cpuWeight(shares: $0) } }

    /// The controllers these limits need a cgroup of (shares alone do not: every cgroup has a
    /// default weight).
    public var controllers: Set<ResourceEnforcementWarning.Controller> {
        var out: Set<ResourceEnforcementWarning.Controller> = []
        if memoryMax != nil { out.insert(.memory) }
        if cpuQuota != nil || (cpuShares ?? CgroupConversion.minShares) > CgroupConversion.minShares { out.insert(.cpu) }
        if pidsMax != nil { out.insert(.pids) }
        return out
    }

    /// A container's cgroup: memory limit, CFS quota from `limits.cpu`, shares from `requests.cpu`
    /// (from `limits.cpu` when no request is given).
    public static func container(_ c: Container) -> CgroupLimits {
        let r = c.resources
        let limitMilli = r.limits.cpu?.milliValue ?? 0
        let shares = CgroupConversion.milliCPUToShares(r.requests.cpu?.milliValue ?? limitMilli)
        return CgroupLimits(memoryMax: positive(r.limits.memory?.value ?? 0), cpuQuota: quota(limitMilli),
                            cpuShares: shares, oomGroupKill: true)
    }

    /// The pod's cgroup: the QoS class decides which of the aggregate values apply, and
    /// `podPidsLimit` (the kubelet's `--pod-max-pids`, kubelet-lite's `--pod-pids-limit`) above 0
    /// sets `pids.max`.
    public static func pod(_ pod: Pod, podPidsLimit: Int64? = nil) -> CgroupLimits {
        let totals = PodTotals(pod)
        let shares = CgroupConversion.milliCPUToShares(totals.requests["cpu"]?.milliValue ?? 0)
        let quota = quota(totals.limits["cpu"]?.milliValue ?? 0)
        let memory = positive(totals.limits["memory"]?.value ?? 0)
        var limits: CgroupLimits
        switch QOSClass(pod: pod) {
        case .guaranteed:
            limits = CgroupLimits(memoryMax: memory, cpuQuota: quota, cpuShares: shares)
        case .burstable:
            limits = CgroupLimits(memoryMax: totals.memoryLimited ? memory : nil,
                                  cpuQuota: totals.cpuLimited ? quota : nil, cpuShares: shares)
        case .bestEffort:
            limits = CgroupLimits(cpuShares: CgroupConversion.minShares)
        }
        if let podPidsLimit, podPidsLimit > 0 { limits.pidsMax = podPidsLimit }
        return limits
    }

    private static func quota(_ milliCPU: Int64) -> CPUQuota? {
        let quota = CgroupConversion.milliCPUToQuota(milliCPU)
        return quota > 0 ? CPUQuota(quota: quota) : nil
    }

    /// libcontainer reads 0 as "not set".
    private static func positive(_ value: Int64) -> Int64? { value > 0 ? value : nil }
}

/// The pod's aggregate requests and limits (PodRequests, PodLimits) and whether every container
/// limits cpu and memory (the kubelet's ContainerFn in ResourceConfigForPod).
struct PodTotals {
    var requests: ResourceList
    var limits: ResourceList
    var cpuLimited = true
    var memoryLimited = true

    init(_ pod: Pod) {
        // Closures, not key paths: a key path object is built at run time on first use, and that
        // was a visible part of every apply's start.
        let inits = { (pick: (ResourceRequirements) -> ComputeResources) in
            pod.spec.initContainers.map { AggregatedContainer(pick($0.resources).list, isSidecar: $0.isSidecar) }
        }
        requests = ResourceAggregation.aggregate(containers: pod.spec.containers.map { $0.resources.requests.list },
                                                 initContainers: inits { $0.requests })
        var cpu = true, memory = true
        limits = ResourceAggregation.aggregate(containers: pod.spec.containers.map { $0.resources.limits.list },
                                               initContainers: inits { $0.limits }) { list in
            if (list["cpu"] ?? .zero).isZero { cpu = false }
            if (list["memory"] ?? .zero).isZero { memory = false }
        }
        cpuLimited = cpu
        memoryLimited = memory
        guard let podLevel = pod.spec.resources else { return }
        // Pod-level cpu and memory replace the containers' aggregates where given.
        for (name, q) in podLevel.requests.list.entries { requests[name] = q }
        for (name, q) in podLevel.limits.list.entries { limits[name] = q }
        if !(podLevel.limits.cpu ?? .zero).isZero { cpuLimited = true }
        if !(podLevel.limits.memory ?? .zero).isZero { memoryLimited = true }
    }
}
