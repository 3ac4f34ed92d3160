// kubelet-lite — CgroupFiles.swift
// CgroupLimits as the interface files of cgroup v2 and v1 (lifecycle §21.4), so the runtime only
// opens and writes.

/// One cgroup interface file and the value to write into it.
public struct CgroupFile: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name)=\(value)" }
}

extension CgroupLimits {
    /// cgroup v2 (unified): `cpu.weight`, `cpu.max`, `memory.max`, `pids.max`, for the fields set.
    public var unifiedFiles: [CgroupFile] {
        var files: [CgroupFile] = []
        if let cpuWeight { files.append(CgroupFile("cpu.weight", String(cpuWeight))) }
        if let cpuQuota { files.append(CgroupFile("cpu.max", "\(cpuQuota.quota) \(cpuQuota.period)")) }
        if let memoryMax {
            files.append(CgroupFile("memory.max", String(memoryMax)))
            // The kubelet's default swap behaviour (NoSwap): a limit is a limit, not a reason to swap.
            files.append(CgroupFile("memory.swap.max", "0"))
        }
        if oomGroupKill { files.append(CgroupFile("memory.oom.group", "1")) }
        if let pidsMax { files.append(CgroupFile("pids.max", String(pidsMax))) }
        return files
    }

    /// cgroup v1: `cpu.shares`, `cpu.cfs_period_us` before `cpu.cfs_quota_us` (as runc writes them),
    /// `memory.limit_in_bytes`, `pids.max`, for the fields set.
    public var legacyFiles: [CgroupFile] {
        var files: [CgroupFile] = []
        if let cpuShares { files.append(CgroupFile("cpu.shares", String(cpuShares))) }
        if let cpuQuota {
            files.append(CgroupFile("cpu.cfs_period_us", String(cpuQuota.period)))
            files.append(CgroupFile("cpu.cfs_quota_us", String(cpuQuota.quota)))
        }
        if let memoryMax {
            files.append(CgroupFile("memory.limit_in_bytes", String(memoryMax)))
            // memory+swap at the same value: no swap (where the host accounts swap at all).
            files.append(CgroupFile("memory.memsw.limit_in_bytes", String(memoryMax)))
        }
        if let pidsMax { files.append(CgroupFile("pids.max", String(pidsMax))) }
        return files
    }
}
