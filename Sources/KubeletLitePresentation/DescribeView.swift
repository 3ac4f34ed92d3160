// kubelet-lite — DescribeView.swift
// `kubectl describe pod` as text, from the published pod and events (lifecycle §15.3, §16.1).

import KubeletLiteLifecycle
import KubeletLiteModel

/// Renders the `kubectl describe pod` view of a published pod, so the same view serves a live
/// supervisor (SIGUSR1) and the files of its state directory.
public enum DescribeView {
    public static func render(published pod: PublishedPod, events: [PublishedEvent], now: Instant) -> String {
        var out = header(pod, now: now)
        let status = pod.status
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

    /// The lines above the containers, aligned as kubectl's tabwriter aligns them: the values start
    /// two columns after the longest key (18 columns, or 27 while `Termination Grace Period:` is shown).
    static func header(_ pod: PublishedPod, now: Instant) -> [String] {
        let status = pod.status
        var fields: [(String, String)] = [
            ("Name", pod.metadata.name), ("Namespace", pod.metadata.namespace),
            ("Node", (pod.spec.nodeName ?? "<none>") + "/" + (status.hostIP ?? "")),
            ("Start Time", status.startTime.map(PublishedTime.rfc1123) ?? "<unset>"),
            ("Labels", keyValues(pod.metadata.labels)), ("Annotations", keyValues(pod.metadata.annotations)),
        ]
        // describe.go: a pod being deleted, not yet in a final phase, says how long its grace lasts;
        // an Unknown one is not being stopped by anyone any more (its supervisor is gone).
        if let deletion = pod.metadata.deletionTimestamp, !status.phase.isTerminal, status.phase != .unknown {
            fields.append(("Status", "Terminating (lasts \(HumanDuration.format(deletion - now)))"))
            fields.append(("Termination Grace Period", "\(pod.metadata.deletionGracePeriodSeconds ?? 0)s"))
        } else {
            fields.append(("Status", status.phase.rawValue))
        }
        if let reason = status.reason { fields.append(("Reason", reason)) }
        if let message = status.message { fields.append(("Message", message)) }
        fields.append(("IP", status.podIP ?? ""))
        // kubelet-lite's own lines: how the pod is held, and where its limits are (lifecycle §D3, §21).
        let annotations = pod.metadata.annotations
        fields.append(("Sandbox", annotations["kubelet-lite.io/sandbox"] ?? "process"))
        if let cgroup = annotations["kubelet-lite.io/cgroup"] { fields.append(("Cgroup", cgroup)) }
        if let unenforced = annotations["kubelet-lite.io/unenforced-limits"] { fields.append(("Limits", unenforced)) }
        if let lost = annotations["kubelet-lite.io/lost-records"] {
            fields.append(("Lost Records", lost + " (the state directory refused them: disk full?)"))
        }
        let width = max(18, (fields.map(\.0.count).max() ?? 0) + 3)
        return fields.map { key, value in
            (key + ":").padded(to: width) + indented(value, by: width)
        }
    }

    /// `a=1` lines, sorted; `<none>` when there are none. Later lines are aligned by `header`.
    private static func keyValues(_ map: [String: String]) -> String {
        guard !map.isEmpty else { return "<none>" }
        return map.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n")
    }

    /// A value of several lines with every line after the first indented by `width` columns, as a
    /// tabwriter cell under its column (describe.go writes each line of a multi-line value so).
    static func indented(_ value: String, by width: Int) -> String {
        value.split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n" + String(repeating: " ", count: width))
    }
}
