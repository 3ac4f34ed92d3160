// kubelet-lite — DescriptorBudget.swift
// Enough file descriptors for the pod: the soft limit raised to the hard one, the pod's need checked.

import Glibc
import KubeletLiteModel

/// Each container costs descriptors for as long as it runs (its two output pipes, its log file),
/// and each exec check for as long as it runs; the supervisor itself needs a few dozen. The soft
/// limit (often 1024) is raised to the hard limit at start; containers get back the limit
/// kubelet-lite was started with.
enum DescriptorBudget {
    static let base = 64
    static let perContainer = 3
    static let perCheck = 2

    /// Descriptors the pod may hold at once: every container running, with every probe running.
    static func needed(for pod: Pod) -> Int {
        let containers = pod.spec.initContainers + pod.spec.containers
        let checks = containers.reduce(0) { n, c in
            n + [c.livenessProbe, c.readinessProbe, c.startupProbe].compactMap { $0 }.count + (c.lifecycle == nil ? 0 : 1)
        }
        return base + perContainer * containers.count + perCheck * checks
    }

    /// Raises the soft limit to the hard one. Returns the soft limit kubelet-lite started with
    /// (containers get it back), or why the pod cannot fit even so.
    static func prepare(for pod: Pod) -> Result<rlim_t, SupervisorStartError> {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 else { return .success(rlim_t(1024)) }
        let original = limit.rlim_cur
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(RLIMIT_NOFILE_VALUE, &raised) == 0 { limit = raised }
        }
        let need = needed(for: pod)
        guard rlim_t(need) > limit.rlim_cur else { return .success(original) }
        return .failure(SupervisorStartError(outcome: .refused(
            "pod \(pod.metadata.namespace)/\(pod.metadata.name) needs about \(need) file descriptors "
            + "(\(perContainer) per container, \(perCheck) per probe or hook, \(base) for kubelet-lite), but the "
            + "limit is \(limit.rlim_cur); raise it (ulimit -n, or LimitNOFILE= in a systemd unit)")))
    }
}

/// `RLIMIT_NOFILE`, which Swift imports as an enum case on glibc.
private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
