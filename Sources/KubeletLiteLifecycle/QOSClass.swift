// kubelet-lite — QOSClass.swift
// status.qosClass as ComputePodQOS computes it (lifecycle §21.3): cpu and memory only, pod-level
// resources first when they name either, zero quantities counting as absent.

import KubeletLiteModel

/// A pod's quality-of-service class.
public enum QOSClass: String, Sendable, Equatable, CaseIterable {
    case guaranteed = "Guaranteed"
    case burstable = "Burstable"
    case bestEffort = "BestEffort"

    /// The class of `pod`, as the API server computes it on create.
    public init(pod: Pod) {
        var requests = ResourceList()
        var limits = ResourceList()
        var guaranteed = true
        if let podLevel = pod.spec.resources {
            requests.add(QOSClass.positive(podLevel.requests))
            limits.add(QOSClass.positive(podLevel.limits))
            // Pod-level limits, when given, must name both cpu and memory.
            if !podLevel.limits.isEmpty && QOSClass.positive(podLevel.limits).names.count < 2 { guaranteed = false }
        } else {
            for c in pod.spec.containers + pod.spec.initContainers {
                requests.add(QOSClass.positive(c.resources.requests))
                let own = QOSClass.positive(c.resources.limits)
                limits.add(own)
                if own.names.count < 2 { guaranteed = false }
            }
        }
        if requests.isEmpty && limits.isEmpty {
            self = .bestEffort
            return
        }
        // Every request needs an equal limit, and the two lists must name the same resources.
        for (name, request) in requests.entries where limits[name] != request { guaranteed = false }
        self = guaranteed && requests.names.count == limits.names.count ? .guaranteed : .burstable
    }

    /// The cpu and memory entries above zero.
    private static func positive(_ r: ComputeResources) -> ResourceList {
        ResourceList(r.list.entries.filter { $0.quantity.sign > 0 }.map { ($0.name, $0.quantity) })
    }
}
