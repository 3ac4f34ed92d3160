// kubelet-lite — PodValidation.swift
// Pod-level API validation (ValidateObjectMeta + ValidatePodSpec), in validation.go's order,
// plus kubelet-lite's own refusals of fields it cannot honour.

/// Validates a defaulted manifest tree and returns every error, as the API server would.
enum PodValidation {
    /// What container validation needs from the pod.
    struct Context {
        var grace: Int64?
        var osName: String?
        var volumeNames: Set<String>
        /// The names of `spec.resourceClaims`, which container `resources.claims` must name.
        var claimNames: Set<String> = []
    }

    static func validate(_ pod: JSONObject) -> [FieldError] {
        var errors = validateMetadata(pod.object("metadata") ?? JSONObject())
        errors += validateSpec(pod.object("spec") ?? JSONObject())
        return errors
    }

    // MARK: metadata

    static func validateMetadata(_ meta: JSONObject) -> [FieldError] {
        var errors: [FieldError] = []
        let name = meta.string("name") ?? ""
        if name.isEmpty {
            errors.append(.required("metadata.name", "name or generateName is required"))
        } else {
            errors += NameRules.dns1123Subdomain(name).map { .invalid("metadata.name", name, $0) }
        }
        let namespace = meta.string("namespace") ?? ""
        if namespace.isEmpty {
            errors.append(.required("metadata.namespace"))
        } else {
            errors += NameRules.dns1123Label(namespace).map { .invalid("metadata.namespace", namespace, $0) }
        }
        for (key, value) in meta.stringPairs("labels") {
            errors += NameRules.qualifiedName(key).map { .invalid("metadata.labels", key, $0) }
            errors += NameRules.labelValue(value).map { .invalid("metadata.labels", value, $0) }
        }
        var annotationBytes = 0
        for (key, value) in meta.stringPairs("annotations") {
            // ValidateAnnotations checks keys lower-cased, and reports the key as written.
            errors += NameRules.qualifiedName(key.lowercased()).map { .invalid("metadata.annotations", key, $0) }
            annotationBytes += key.utf8.count + value.utf8.count
        }
        if annotationBytes > 256 * 1024 {
            errors.append(FieldError(path: "metadata.annotations", kind: .tooLong,
                                     detail: "may not be more than \(256 * 1024) bytes"))
        }
        return errors
    }

    // MARK: spec

    static func validateSpec(_ spec: JSONObject) -> [FieldError] {
        var errors: [FieldError] = []
        let grace = spec.int("terminationGracePeriodSeconds")
        if let grace, grace < 0 { errors.append(.invalid("spec.terminationGracePeriodSeconds", grace, "must be greater than or equal to 0")) }
        let (volumeNames, volumeErrors) = validateVolumes(spec.objects("volumes"))
        errors += volumeErrors
        let context = Context(grace: grace, osName: spec.object("os")?.string("name"), volumeNames: volumeNames,
                              claimNames: Set(spec.objects("resourceClaims").compactMap { $0.string("name") }))
        errors += validateContainerLists(spec, context: context)
        let containers = spec.objects("containers")
        errors += validateHostNetworkPorts(spec, containers: containers)
        let policy = spec.string("restartPolicy") ?? ""
        if RestartPolicy(rawValue: policy) == nil {
            errors.append(.notSupported("spec.restartPolicy", policy, RestartPolicy.allCases.map(\.rawValue)))
        }
        errors += ContainerValidation.validateRunAs(spec.object("securityContext"), path: "spec.securityContext",
                                                    podLevel: true)
        if let sa = spec.string("serviceAccountName"), !sa.isEmpty {
            errors += NameRules.dns1123Subdomain(sa).map { .invalid("spec.serviceAccountName", sa, $0) }
        }
        if let node = spec.string("nodeName"), !node.isEmpty {
            errors += NameRules.dns1123Subdomain(node).map { .invalid("spec.nodeName", node, $0) }
        }
        if let deadline = spec.int("activeDeadlineSeconds"), !(1...Int64(Int32.max)).contains(deadline) {
            errors.append(.invalid("spec.activeDeadlineSeconds", deadline,
                                   NameRules.inclusiveRangeError(1, Int64(Int32.max))))
        }
        if let hostname = spec.string("hostname"), !hostname.isEmpty {
            errors += NameRules.dns1123Label(hostname).map { .invalid("spec.hostname", hostname, $0) }
        }
        if spec.has("resourceClaims") {
            errors.append(.forbidden("spec.resourceClaims",
                                     "not supported by kubelet-lite (dynamic resource allocation needs a cluster)"))
        }
        if spec.has("hostnameOverride") {
            errors.append(.forbidden("spec.hostnameOverride",
                                     "HostnameOverride is an alpha feature kubelet-lite does not support"))
        }
        if let os = spec.object("os") {
            let name = os.string("name") ?? ""
            if name.isEmpty {
                errors.append(.required("spec.os.name"))
            } else if name != "linux" && name != "windows" {
                errors.append(.notSupported("spec.os.name", name, ["linux", "windows"]))
            } else if name == "windows" {
                errors.append(.forbidden("spec.os.name", "kubelet-lite runs Linux pods only"))
            }
        }
        // validateContainersOnlyForPod: checked after the whole spec.
        for (key, list) in [("containers", containers), ("initContainers", spec.objects("initContainers"))] {
            for (i, c) in list.enumerated() {
                if let image = c.string("image"), image != trimmed(image) {
                    errors.append(.invalid("spec.\(key)[\(i)].image", image,
                                           "must not have leading or trailing whitespace"))
                }
            }
        }
        return errors
    }

    /// The containers, the init containers, then the pod-level resources (ValidatePodSpec's order).
    private static func validateContainerLists(_ spec: JSONObject, context: Context) -> [FieldError] {
        var errors: [FieldError] = []
        let containers = spec.objects("containers")
        if containers.isEmpty {
            errors.append(.required("spec.containers"))
        }
        var names = Set<String>()
        for (i, c) in containers.enumerated() {
            errors += ContainerValidation.validateRegular(c, path: "spec.containers[\(i)]", names: &names, context: context)
        }
        for (i, c) in spec.objects("initContainers").enumerated() {
            errors += ContainerValidation.validateInit(c, path: "spec.initContainers[\(i)]", names: &names, context: context)
        }
        if spec.has("ephemeralContainers") {
            errors.append(.forbidden("spec.ephemeralContainers", "cannot be set on create"))
        }
        // lifecycle §21.2: pod-level resources come after every container list.
        errors += ResourceValidation.validatePod(spec, claimNames: context.claimNames)
        return errors
    }

    private static func trimmed(_ s: String) -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = s.firstIndex(where: { !isSpace($0) }), let end = s.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(s[start...end])
    }

    /// validatePodHostNetworkDeps: with hostNetwork, a pod's hostPort must equal its containerPort.
    static func validateHostNetworkPorts(_ spec: JSONObject, containers: [JSONObject]) -> [FieldError] {
        guard spec.bool("hostNetwork") == true else { return [] }
        var errors: [FieldError] = []
        for (i, c) in containers.enumerated() {
            for (j, port) in c.objects("ports").enumerated() {
                let host = port.int("hostPort") ?? 0
                if host != (port.int("containerPort") ?? 0) {
                    errors.append(.invalid("spec.containers[\(i)].ports[\(j)].hostPort", host,
                                           "must match `containerPort` when `hostNetwork` is true"))
                }
            }
        }
        return errors
    }

    /// Volume names and sources; only emptyDir and hostPath can be honoured.
    static func validateVolumes(_ volumes: [JSONObject]) -> (Set<String>, [FieldError]) {
        var errors: [FieldError] = []
        var names = Set<String>()
        for (i, volume) in volumes.enumerated() {
            let path = "spec.volumes[\(i)]"
            let name = volume.string("name") ?? ""
            if name.isEmpty {
                errors.append(.required("\(path).name"))
            } else {
                errors += NameRules.dns1123Label(name).map { .invalid("\(path).name", name, $0) }
            }
            if names.contains(name) {
                errors.append(.duplicate("\(path).name", name))
            } else {
                names.insert(name)
            }
            let sources = volume.keys.filter { $0 != "name" && volume.has($0) }
            if sources.isEmpty {
                errors.append(.required(path, "must specify a volume type"))
            } else if sources.count > 1 {
                errors += sources.dropFirst().map { .forbidden("\(path).\($0)", "may not specify more than 1 volume type") }
            } else if sources[0] != "emptyDir" && sources[0] != "hostPath" {
                errors.append(.forbidden("\(path).\(sources[0])",
                                         "not supported by kubelet-lite (only emptyDir and hostPath volumes are)"))
            }
        }
        return (names, errors)
    }
}
