// kubelet-lite — DescribeView.swift
// `kubectl describe pod` as text, from the published pod and events (lifecycle §15.3, §16.1).

import KubeletLiteLifecycle
import KubeletLiteModel

/// Renders the `kubectl describe pod` view of a published pod, so the same view serves a live
/// supervisor (SIGUSR1) and the files of its state directory.
public enum DescribeView {
    public static func render(published pod: PublishedPod, events: [PublishedEvent], now: Instant) -> String {
        var out: [String] = []
        func field(_ key: String, _ value: String) { out.append((key + ":").padded(to: 18) + value) }
        let status = pod.status
        field("Name", pod.metadata.name)
        field("Namespace", pod.metadata.namespace)
        field("Node", (pod.spec.nodeName ?? "<none>") + "/" + (status.hostIP ?? ""))
        field("Start Time", status.startTime.map(PublishedTime.rfc1123) ?? "<unset>")
        field("Labels", keyValues(pod.metadata.labels))
        field("Annotations", keyValues(pod.metadata.annotations))
        field("Status", status.phase.rawValue)
        if let reason = status.reason { field("Reason", reason) }
        if let message = status.message { field("Message", message) }
        field("IP", status.podIP ?? "")
        // kubelet-lite's own lines: how the pod is held, and where its limits are (lifecycle §D3, §21).
        let annotations = pod.metadata.annotations
        field("Sandbox", annotations["kubelet-lite.io/sandbox"] ?? "process")
        if let cgroup = annotations["kubelet-lite.io/cgroup"] { field("Cgroup", cgroup) }
        if let unenforced = annotations["kubelet-lite.io/unenforced-limits"] { field("Limits", unenforced) }
        if let lost = annotations["kubelet-lite.io/lost-records"] { field("Lost Records", lost + " (the state directory refused them: disk full?)") }
        for (title, list) in [("Init Containers", pod.spec.initContainers), ("Containers", pod.spec.containers)] {
            guard !list.isEmpty else { continue }
            out.append(title + ":")
            for c in list {
                out.append("  \(c.name):")
                DescribeContainer.lines(c, pod.containerStatus(c.name), into: &out)
            }
        }
        out.append("Conditions:")
        let typeWidth = max(4, status.conditions.map(\.type.rawValue.count).max() ?? 0) + 2
        out.append("  " + "Type".padded(to: typeWidth) + "Status")
        for c in status.conditions {
            out.append("  " + c.type.rawValue.padded(to: typeWidth) + c.status.rawValue + " ")
        }
        out.append("QoS Class:".padded(to: 18) + (status.qosClass ?? "BestEffort"))
        out.append(EventTable.render(events, now: now))
        return out.joined(separator: "\n") + "\n"
    }

    /// The view of a document a supervisor is about to publish and of the events it holds, for
    /// SIGUSR1. Events that do not read are left out; a pod that does not read is said so.
    public static func render(pod: JSONValue, events: [JSONValue], now: Instant) -> String {
        let published: PublishedPod
        do {
            published = try PublishedPod.decode(pod, file: "the pod")
        } catch {
            return "kubelet-lite: cannot describe \(error)\n"
        }
        let decoded = events.compactMap { try? PublishedEvent.decode($0, file: "an event") }
        return render(published: published, events: decoded, now: now)
    }

    /// `a=1` lines, sorted, aligned under the first; `<none>` when there are none.
    private static func keyValues(_ map: [String: String]) -> String {
        guard !map.isEmpty else { return "<none>" }
        return map.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n" + String(repeating: " ", count: 18))
    }
}
