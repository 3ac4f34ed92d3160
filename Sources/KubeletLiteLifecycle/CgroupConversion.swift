// kubelet-lite — CgroupConversion.swift
// The kubelet's conversions from milli-CPU to CFS shares and quota and from shares to the cgroup v2
// weight (lifecycle §21.4), with saturating arithmetic: a huge limit never traps.

/// `pkg/kubelet/cm` conversions, as pure functions.
public enum CgroupConversion {
    /// `MinShares` and `MaxShares`: the kernel's bounds for `cpu.shares`.
    public static let minShares: Int64 = 2
    public static let maxShares: Int64 = 262_144
    public static let sharesPerCPU: Int64 = 1024
    public static let milliCPUToCPU: Int64 = 1000
    /// `QuotaPeriod`: 100 ms in µs (the CPUCFSQuotaPeriod gate is off by default).
    public static let quotaPeriod: Int64 = 100_000
    /// `MinQuotaPeriod`: the smallest quota, 1 ms in µs.
    public static let minQuota: Int64 = 1000
    /// cgroup v2 `cpu.weight` bounds.
    public static let minWeight: Int64 = 1
    public static let maxWeight: Int64 = 10_000

    /// `MilliCPUToShares`: 0 (no request) is the minimum; otherwise milliCPU × 1024 / 1000, clamped.
    public static func milliCPUToShares(_ milliCPU: Int64) -> Int64 {
        if milliCPU == 0 { return minShares }
        let shares = saturatingProduct(milliCPU, sharesPerCPU) / milliCPUToCPU
        return min(max(shares, minShares), maxShares)
    }

    /// `MilliCPUToQuota`: 0 (no limit) is no quota; otherwise milliCPU × period / 1000, at least 1 ms.
    public static func milliCPUToQuota(_ milliCPU: Int64, period: Int64 = quotaPeriod) -> Int64 {
        if milliCPU == 0 { return 0 }
        return max(saturatingProduct(milliCPU, period) / milliCPUToCPU, minQuota)
    }

    /// `getCPUWeight`: shares mapped linearly from [2, 262144] onto [1, 10000].
    public static func cpuWeight(shares: Int64) -> Int64 {
        if shares >= maxShares { return maxWeight }
        if shares <= minShares { return minWeight }
        return 1 + ((shares - 2) * 9999) / 262_142
    }

    private static func saturatingProduct(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow { return product }
        return (a < 0) != (b < 0) ? .min : .max
    }
}
