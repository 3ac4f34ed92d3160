// kubelet-lite — FieldSupport.swift
// Warnings for fields kubelet-lite accepts but does not act on (architecture §2.4, the middle class).

/// Finds the fields of a manifest, as the user wrote it, that are accepted but not applicable.
enum FieldSupport {
    /// PodSpec fields that mean something only to a cluster (scheduling, DNS, identity, admission).
    static let notApplicablePodFields: Set<String> = [
        "nodeName", "nodeSelector", "serviceAccountName", "serviceAccount", "automountServiceAccountToken",
        "tolerations", "affinity", "schedulerName", "priority", "priorityClassName", "preemptionPolicy",
        "dnsPolicy", "dnsConfig", "imagePullSecrets", "subdomain", "hostAliases", "readinessGates",
        "runtimeClassName", "enableServiceLinks", "overhead", "topologySpreadConstraints", "setHostnameAsFQDN",
        "hostUsers", "schedulingGates",
    ]

    /// Container fields that need an image, a runtime or a cgroup kubelet-lite does not manage (yet).
    static let notApplicableContainerFields: Set<String> = [
        "imagePullPolicy", "resizePolicy", "volumeMounts", "stdin", "stdinOnce", "tty",
    ]

    /// The only security-context fields kubelet-lite honours (as root).
    static let honouredSecurityFields: Set<String> = ["runAsUser", "runAsGroup"]

    static func notApplicable(_ path: String) -> String {
        "\(path): accepted but not applicable to kubelet-lite (ignored)"
    }

    /// Warnings in document order. Run on the input, before defaults add fields the user never wrote.
    static func warnings(for pod: JSONObject) -> [String] {
        guard let spec = pod.object("spec") else { return [] }
        var warnings: [String] = []
        for (key, value) in spec where value != .null {
            let path = "spec.\(key)"
            switch key {
            case _ where notApplicablePodFields.contains(key):
                warnings.append(notApplicable(path))
            case "securityContext":
                warnings += securityWarnings(spec.object(key), path: path)
            case "resources":
                warnings += resourceWarnings(spec.object(key), path: path)
            case "volumes":
                for (i, volume) in spec.objects(key).enumerated() {
                    for source in volume.keys where source == "emptyDir" || source == "hostPath" {
                        warnings.append(notApplicable("\(path)[\(i)].\(source)"))
                    }
                }
            case "containers", "initContainers":
                for (i, c) in spec.objects(key).enumerated() {
                    warnings += containerWarnings(c, path: "\(path)[\(i)]")
                }
            default:
                break
            }
        }
        return warnings
    }

    private static func securityWarnings(_ context: JSONObject?, path: String) -> [String] {
        guard let context else { return [] }
        return context.keys.filter { !honouredSecurityFields.contains($0) && context.has($0) }
            .map { notApplicable("\(path).\($0)") }
    }

    /// lifecycle §21: cpu and memory are enforced; other resource names and `claims` are not.
    private static func resourceWarnings(_ resources: JSONObject?, path: String) -> [String] {
        guard let resources else { return [] }
        var warnings: [String] = []
        for (key, value) in resources where value != .null {
            if key == "claims" {
                warnings.append(notApplicable("\(path).claims"))
            } else if let list = value.objectValue {
                warnings += list.keys.filter { $0 != "cpu" && $0 != "memory" }.map { notApplicable("\(path).\(key)[\($0)]") }
            }
        }
        return warnings
    }

    private static func containerWarnings(_ c: JSONObject, path: String) -> [String] {
        var warnings: [String] = []
        // lifecycle §D2: a real API server requires an image; kubelet-lite runs without one.
        if (c.string("image") ?? "").isEmpty {
            warnings.append("\(path).image: Required value (a real API server would reject this manifest)")
        }
        for (key, value) in c where value != .null {
            if notApplicableContainerFields.contains(key) {
                warnings.append(notApplicable("\(path).\(key)"))
            } else if key == "securityContext" {
                warnings += securityWarnings(c.object(key), path: "\(path).\(key)")
            } else if key == "resources" {
                warnings += resourceWarnings(c.object(key), path: "\(path).\(key)")
            }
        }
        return warnings
    }
}
