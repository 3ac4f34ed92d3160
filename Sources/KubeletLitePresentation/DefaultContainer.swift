// kubelet-lite — DefaultContainer.swift
// The container `logs` reads when none is named, as kubectl picks it.

import KubeletLiteModel

/// kubectl's choice (podcmd.FindOrDefaultContainerByName): the container the
/// `kubectl.kubernetes.io/default-container` annotation names, else the first container; a pod
/// with other containers to choose from gets a notice on stderr saying which one was taken.
public enum DefaultContainer {
    public static let annotation = "kubectl.kubernetes.io/default-container"

    /// The container's name, and kubectl's notice (`Defaulted container "app" out of: app, i (init)`)
    /// when the choice was not obvious; nil when the pod has no container at all.
    public static func pick(_ pod: PublishedPod) -> (name: String, notice: String?)? {
        let all = pod.spec.initContainers.map(\.name) + pod.spec.containers.map(\.name)
        if let named = pod.metadata.annotations[annotation], all.contains(named) { return (named, nil) }
        guard let first = pod.spec.containers.first?.name else { return nil }
        guard pod.spec.containers.count > 1 || !pod.spec.initContainers.isEmpty else { return (first, nil) }
        // AllContainerNames: the containers, then the init containers marked as such.
        let names = pod.spec.containers.map(\.name) + pod.spec.initContainers.map { "\($0.name) (init)" }
        return (first, "Defaulted container \"\(first)\" out of: \(names.joined(separator: ", "))")
    }
}
