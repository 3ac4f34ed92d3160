// kubelet-lite — PodStatusColumn.swift
// The STATUS column of `kubectl get pods` (lifecycle §16, printers.go's printPod).

import KubeletLiteLifecycle

/// STATUS: the phase or the pod's reason, `Init:…` while initialising, the reason of the last
/// waiting or terminated container, `Terminating` during a deletion, `Unknown` for a dead supervisor.
enum PodStatusColumn {
    static func text(_ pod: PublishedPod, alive: Bool, sidecars: Set<String>) -> String {
        let phase = pod.shownPhase(alive: alive)
        if phase == .unknown { return "Unknown" }
        let reason = initReason(pod.status.initContainerStatuses, sidecars: sidecars)
            ?? containerReason(pod.status, initial: pod.status.reason ?? phase.rawValue)
        if pod.metadata.deletionTimestamp != nil && !phase.isTerminal { return "Terminating" }
        return reason
    }

    /// `Init:REASON`, `Init:Signal:N`, `Init:ExitCode:N` or `Init:I/N` while the pod initialises:
    /// while an init container has neither exited 0 nor, for a sidecar, started. nil after.
    static func initReason(_ inits: [PublishedContainerStatus], sidecars: Set<String>) -> String? {
        for (i, s) in inits.enumerated() {
            if let t = s.state?.terminated, t.exitCode == 0 { continue }
            if sidecars.contains(s.name), s.started { continue }
            if let t = s.state?.terminated {
                if !t.reason.isEmpty { return "Init:" + t.reason }
                return t.signal != 0 ? "Init:Signal:\(t.signal)" : "Init:ExitCode:\(t.exitCode)"
            }
            if let r = s.state?.waitingReason, !r.isEmpty, r != "PodInitializing" { return "Init:" + r }
            return "Init:\(i)/\(inits.count)"
        }
        return nil
    }

    /// After initialisation: the reason of the last main container (scanning from the end) that
    /// is waiting or terminated; `Completed` while another runs ready reads `Running` or `NotReady`.
    static func containerReason(_ status: PublishedStatus, initial: String) -> String {
        var reason = initial
        var hasRunning = false
        for s in status.containerStatuses.reversed() {
            if let r = s.state?.waitingReason, !r.isEmpty {
                reason = r
            } else if let t = s.state?.terminated {
                reason = !t.reason.isEmpty ? t.reason : "ExitCode:\(t.exitCode)"
            } else if s.state?.isRunning == true && s.ready {
                hasRunning = true
            }
        }
        if reason == "Completed" && hasRunning {
            return status.condition(.ready)?.status == .true ? "Running" : "NotReady"
        }
        return reason
    }
}
