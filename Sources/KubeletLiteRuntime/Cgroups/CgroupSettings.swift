// kubelet-lite — CgroupSettings.swift
// Limits written into a cgroup, in the file names of each cgroup version (lifecycle §21).

import Glibc

/// The limits of one cgroup, already converted by the lifecycle's rules (shares, quota, bytes).
struct CgroupSettings: Equatable {
    var memoryMax: Int64?
    /// CFS quota and period in microseconds (`cpu.max` / `cpu.cfs_quota_us` + `cpu.cfs_period_us`).
    var cpuQuota: (quota: Int64, period: Int64)?
    var cpuShares: Int64?
    /// cgroup v2's weight for the same shares.
    var cpuWeight: Int64?
    var pidsMax: Int64?

    static func == (a: CgroupSettings, b: CgroupSettings) -> Bool {
        a.memoryMax == b.memoryMax && a.cpuQuota?.quota == b.cpuQuota?.quota && a.cpuQuota?.period == b.cpuQuota?.period
            && a.cpuShares == b.cpuShares && a.cpuWeight == b.cpuWeight && a.pidsMax == b.pidsMax
    }

    /// The controllers these settings need.
    var controllers: Set<String> {
        var out: Set<String> = []
        if memoryMax != nil { out.insert("memory") }
        if cpuQuota != nil || cpuShares != nil { out.insert("cpu") }
        if pidsMax != nil { out.insert("pids") }
        return out
    }

    /// Writes the memory limit into `dir` (no swap, and the whole cgroup killed on OOM, as the kubelet
    /// asks the runtime for).
    func writeMemory(_ dir: CgroupDirectory) throws(SystemError) {
        guard let memoryMax else { return }
        if dir.unified {
            try dir.write("memory.max", String(memoryMax))
            if dir.has("memory.swap.max") { try dir.write("memory.swap.max", "0") }
            if dir.has("memory.oom.group") { try dir.write("memory.oom.group", "1") }
        } else {
            try dir.write("memory.limit_in_bytes", String(memoryMax))
            if dir.has("memory.memsw.limit_in_bytes") { try dir.write("memory.memsw.limit_in_bytes", String(memoryMax)) }
        }
    }

    func writeCPU(_ dir: CgroupDirectory) throws(SystemError) {
        if dir.unified {
            if let weight = cpuWeight { try dir.write("cpu.weight", String(weight)) }
            if let q = cpuQuota { try dir.write("cpu.max", "\(q.quota) \(q.period)") }
        } else {
            if let shares = cpuShares { try dir.write("cpu.shares", String(shares)) }
            if let q = cpuQuota {
                try dir.write("cpu.cfs_period_us", String(q.period))
                try dir.write("cpu.cfs_quota_us", String(q.quota))
            }
        }
    }

    func writePids(_ dir: CgroupDirectory) throws(SystemError) {
        if let pidsMax { try dir.write("pids.max", String(pidsMax)) }
    }
}
