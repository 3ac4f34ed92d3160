// kubelet-lite — ContainerEnvironment.swift
// A container's environment and argv (lifecycle §D12, §13.1, §13.2).

/// Facts about the running pod that only the runtime knows, for `fieldRef` values and HOSTNAME.
public struct PodFacts: Sendable, Equatable {
    public var podIP: String
    public var hostIP: String
    public var hostname: String
    public var nodeName: String
    public var uid: String

    public init(podIP: String = "127.0.0.1", hostIP: String = "127.0.0.1", hostname: String, nodeName: String,
                uid: String) {
        self.podIP = podIP
        self.hostIP = hostIP
        self.hostname = hostname
        self.nodeName = nodeName
        self.uid = uid
    }
}

/// Builds the environment and the expanded argv of a container, as the kubelet would.
public enum ContainerEnvironment {
    /// What container images set; a container inherits nothing from kubelet-lite (lifecycle §D12).
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// lifecycle §D12: PATH, HOSTNAME, HOME, then spec env in order with $(VAR) expansion and fieldRefs.
    /// A later definition of a name wins (as in the kubelet's map) and keeps the first one's position.
    /// `$(VAR)` sees only spec env entries defined earlier, as on a node: the image's PATH, HOSTNAME
    /// and HOME are not in the kubelet's expansion map.
    public static func build(for container: Container, in pod: Pod, facts: PodFacts, home: String)
        -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = [
            ("PATH", defaultPath), ("HOSTNAME", facts.hostname), ("HOME", home),
        ]
        var index: [String: Int] = ["PATH": 0, "HOSTNAME": 1, "HOME": 2]
        var defined: [String: String] = [:]
        for variable in container.env {
            var value = variable.value ?? ""
            if !value.isEmpty {
                value = Expansion.expand(value) { defined[$0] }
            } else if let fieldPath = variable.fieldPath {
                // Values from the downward API are not expanded.
                value = fieldValue(fieldPath, pod: pod, facts: facts)
            }
            defined[variable.name] = value
            if let i = index[variable.name] {
                result[i].value = value
            } else {
                index[variable.name] = result.count
                result.append((variable.name, value))
            }
        }
        return result
    }

    /// command and args with $(VAR) expanded against the final environment (lifecycle §13.2).
    /// Only names the spec's `env` defines take part, as in the kubelet, whose map holds no image env.
    public static func expandedArgv(for container: Container, environment: [(name: String, value: String)])
        -> [String] {
        let specNames = Set(container.env.map(\.name))
        var map: [String: String] = [:]
        for (name, value) in environment where specNames.contains(name) { map[name] = value }
        return container.argv.map { Expansion.expand($0) { map[$0] } }
    }

    /// The value of a downward-API `fieldRef` (podFieldSelectorRuntimeValue).
    static func fieldValue(_ fieldPath: String, pod: Pod, facts: PodFacts) -> String {
        if let (base, key) = EnvValidation.splitSubscript(fieldPath) {
            let pairs = base == "metadata.labels" ? pod.metadata.labels : pod.metadata.annotations
            return pairs.last { $0.0 == key }?.1 ?? ""
        }
        switch fieldPath {
        case "metadata.name": return pod.metadata.name
        case "metadata.namespace": return pod.metadata.namespace
        case "metadata.uid": return facts.uid.isEmpty ? (pod.metadata.uid ?? "") : facts.uid
        case "spec.nodeName": return pod.spec.nodeName ?? facts.nodeName
        // The ServiceAccount admission plugin sets "default" when the manifest names none.
        case "spec.serviceAccountName": return pod.spec.serviceAccountName ?? "default"
        case "status.podIP", "status.podIPs": return facts.podIP
        case "status.hostIP", "status.hostIPs": return facts.hostIP
        default: return ""
        }
    }
}
