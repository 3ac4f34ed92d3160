// kubelet-lite — ResourceEnforcementWarning.swift
// The one Warning event that says which of a pod's limits no cgroup enforces, and why
// (lifecycle §21.5).

import KubeletLiteModel

/// A pod event: resource limits asked for but not enforced.
public struct ResourceEnforcementWarning: Sendable, Equatable {
    /// The cgroup controllers whose limits can be missing.
    public enum Controller: String, Sendable, CaseIterable {
        case cpu, memory, pids
    }

    /// The kubelet's reason when the pod cgroup cannot be made (`FailedToCreatePodContainer`).
    public static let reason = "FailedCreatePodContainer"

    public let type: EventType = .warning
    public let reason: String = ResourceEnforcementWarning.reason
    /// `resource limits not enforced: ITEMS (CAUSE)`.
    public let message: String

    /// The warning for `pod`, or nil when it asks for nothing the missing controllers would enforce.
    /// - Parameters:
    ///   - missing: the controllers that cannot be used (all of them when cgroups are unavailable).
    ///   - cause: the runtime's reason, e.g. `cgroups are not available: not root and no delegated cgroup`.
    public init?(pod: Pod, podPidsLimit: Int64? = nil,
                 missing: Set<Controller> = Set(Controller.allCases), cause: String) {
        let items = ResourceEnforcementWarning.unenforced(pod: pod, podPidsLimit: podPidsLimit, missing: missing)
        guard !items.isEmpty else { return nil }
        message = "resource limits not enforced: " + items.joined(separator: ", ") + " (\(cause))"
    }

    /// What the pod asks for of the missing controllers, in container order (init containers
    /// first), then the pod level: `limits.memory of app`, `limits.cpu of app`, `requests.cpu of app`,
    /// `limits.memory of the pod`, …, `pids limit of the pod`.
    public static func unenforced(pod: Pod, podPidsLimit: Int64?, missing: Set<Controller>) -> [String] {
        var items: [String] = []
        func add(_ r: ResourceRequirements, of owner: String) {
            let asked: [(Controller, String, Quantity?)] = [
                (.memory, "limits.memory", r.limits.memory), (.cpu, "limits.cpu", r.limits.cpu),
                (.cpu, "requests.cpu", r.requests.cpu),
            ]
            for (controller, field, q) in asked where missing.contains(controller) && (q?.sign ?? 0) > 0 {
                items.append("\(field) of \(owner)")
            }
        }
        for c in pod.spec.initContainers + pod.spec.containers { add(c.resources, of: c.name) }
        if let podLevel = pod.spec.resources { add(podLevel, of: "the pod") }
        if missing.contains(.pids), let podPidsLimit, podPidsLimit > 0 { items.append("pids limit of the pod") }
        return items
    }
}
