// kubelet-lite — PodEndLine.swift
// The last line of apply: how the pod ended, and for a Failed pod which containers failed and how.

import KubeletLiteLifecycle

/// `pod default/web Failed: container app exited with code 1 (Error)`: the line that ends
/// `apply`, naming each container that failed with its exit code and reason, so that nobody
/// needs `describe` to learn why.
public enum PodEndLine {
    /// The line for a pod that reached `phase` by itself; `key` is `NAMESPACE/NAME`, `sidecars`
    /// the names of its restartable init containers.
    public static func completed(_ key: String, phase: PodPhase, status: PodStatusSnapshot,
                                 sidecars: Set<String>) -> String {
        let line = "pod \(key) \(phase.rawValue)" + (status.reason.map { " (\($0))" } ?? "")
        guard phase == .failed else { return line }
        let failures = failed(status, sidecars: sidecars)
        return failures.isEmpty ? line : line + ": " + failures.joined(separator: ", ")
    }

    /// `container app exited with code 1 (Error)` for each init or main container whose last
    /// instance failed, in spec order (init containers first); sidecars never count (lifecycle §2).
    static func failed(_ status: PodStatusSnapshot, sidecars: Set<String>) -> [String] {
        (status.initContainerStatuses + status.containerStatuses).compactMap { s in
            guard !sidecars.contains(s.name), let t = s.state.terminated, t.exitCode != 0 else { return nil }
            let kind = status.initContainerStatuses.contains { $0.name == s.name } ? "init container" : "container"
            return "\(kind) \(s.name) exited with code \(t.exitCode)" + (t.reason.isEmpty ? "" : " (\(t.reason))")
        }
    }
}
