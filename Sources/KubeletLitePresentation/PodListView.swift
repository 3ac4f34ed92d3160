// kubelet-lite — PodListView.swift
// `kubectl get pods` rows from a published pod (lifecycle §16, printers.go).

import KubeletLiteLifecycle
import KubeletLiteModel

/// The NAME, READY, STATUS, RESTARTS and AGE columns of `kubectl get pods` (IP and NODE with wide).
public enum PodListView {
    /// The header; `namespaces` (`-A`) puts kubectl's NAMESPACE column first.
    public static func header(wide: Bool, namespaces: Bool = false) -> [String] {
        (namespaces ? ["NAMESPACE"] : []) + ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
            + (wide ? ["IP", "NODE", "SANDBOX"] : [])
    }

    /// One row. `alive`: the pod's supervisor is running; a pod it left non-terminal by dying
    /// without a clean stop is `Unknown`, its containers lost (architecture §6.4).
    public static func row(_ pod: PublishedPod, alive: Bool, now: Instant, wide: Bool, namespaces: Bool = false) -> [String] {
        (namespaces ? [pod.metadata.namespace] : []) + columns(pod.shown(alive: alive), alive: alive, now: now, wide: wide)
    }

    private static func columns(_ pod: PublishedPod, alive: Bool, now: Instant, wide: Bool) -> [String] {
        let sidecars = Set(pod.spec.initContainers.filter(\.isSidecar).map(\.name))
        // READY counts the main containers and the sidecars (lifecycle §6.3).
        let counted = pod.status.containerStatuses + pod.status.initContainerStatuses.filter { sidecars.contains($0.name) }
        let ready = counted.filter(\.ready).count
        var row = [pod.metadata.name, "\(ready)/\(counted.count)",
                   PodStatusColumn.text(pod, alive: alive, sidecars: sidecars), restarts(pod, now: now),
                   pod.metadata.creationTimestamp.map { HumanDuration.format(now - $0) } ?? "<unknown>"]
        if wide {
            let sandbox = pod.metadata.annotations["kubelet-lite.io/sandbox"] ?? "process"
            row += [pod.status.podIP ?? "<none>", pod.spec.nodeName ?? "<none>", sandbox]
        }
        return row
    }

    /// RESTARTS: the sum over every container, with how long ago the latest one ended: `3 (15s ago)`.
    static func restarts(_ pod: PublishedPod, now: Instant) -> String {
        let statuses = pod.allContainerStatuses
        let count = statuses.reduce(0) { $0 + $1.restartCount }
        let last = statuses.compactMap { $0.lastState?.terminated?.finishedAt }.max()
        guard count > 0, let last else { return String(count) }
        return "\(count) (\(HumanDuration.format(now - last)) ago)"
    }

    /// Aligns rows as kubectl's tabwriter does (three spaces between columns).
    public static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = (0..<first.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padded(to: widths[i] + 3) }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
