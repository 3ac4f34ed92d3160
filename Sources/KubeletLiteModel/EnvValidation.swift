// kubelet-lite — EnvValidation.swift
// `env` validation (ValidateEnv, validateEnvVarValueFrom, validateObjectFieldSelector).

/// Validates a container's `env` list; only literal values and `fieldRef` can be honoured.
enum EnvValidation {
    /// Downward-API field paths an env var may reference (validEnvDownwardAPIFieldPathExpressions), sorted.
    static let envFieldPaths = [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ]

    /// Every label ConvertDownwardAPIFieldLabel knows for a v1 Pod (some are not allowed in env).
    static let knownFieldLabels: Set<String> = [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ]

    static func validateEnv(_ vars: [JSONObject], path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (i, v) in vars.enumerated() {
            let p = "\(path)[\(i)]"
            let name = v.string("name") ?? ""
            if name.isEmpty {
                errors.append(.required("\(p).name"))
            } else {
                errors += NameRules.relaxedEnvVarName(name).map { .invalid("\(p).name", name, $0) }
            }
            if let from = v.object("valueFrom") {
                errors += validateValueFrom(from, value: v.string("value") ?? "", path: "\(p).valueFrom")
            }
        }
        return errors
    }

    private static func validateValueFrom(_ from: JSONObject, value: String, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var sources = 0
        if let ref = from.object("fieldRef") {
            sources += 1
            errors += validateFieldRef(ref, path: "\(path).fieldRef")
        }
        // The other sources need an API server (or an alpha feature) that kubelet-lite does not have.
        let refusals = [
            ("resourceFieldRef", "not supported by kubelet-lite (only fieldRef is)"),
            ("configMapKeyRef", ContainerValidation.needsAPIServer),
            ("secretKeyRef", ContainerValidation.needsAPIServer),
            ("fileKeyRef", "EnvFiles is an alpha feature kubelet-lite does not support"),
        ]
        for (key, why) in refusals where from.has(key) {
            sources += 1
            errors.append(.forbidden("\(path).\(key)", why))
        }
        if sources == 0 {
            errors.append(.invalid(path, "",
                                   "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
        } else if !value.isEmpty {
            errors.append(.invalid(path, "", "may not be specified when `value` is not empty"))
        } else if sources > 1 {
            errors.append(.invalid(path, "", "may not have more than one field specified at a time"))
        }
        return errors
    }

    private static func validateFieldRef(_ ref: JSONObject, path: String) -> [FieldError] {
        let version = ref.string("apiVersion") ?? ""
        if version.isEmpty { return [.required("\(path).apiVersion")] }
        let fieldPath = ref.string("fieldPath") ?? ""
        if fieldPath.isEmpty { return [.required("\(path).fieldPath")] }
        let invalidPath = { (why: String) in
            [FieldError.invalid("\(path).fieldPath", fieldPath, "error converting fieldPath: \(why)")]
        }
        if version != "v1" { return invalidPath("unsupported pod version: \(version)") }
        if let (base, key) = splitSubscript(fieldPath) {
            switch base {
            case "metadata.annotations":
                let lowered = key.lowercased()
                return NameRules.qualifiedName(lowered).map { .invalid(path, lowered, $0) }
            case "metadata.labels":
                return NameRules.qualifiedName(key).map { .invalid(path, key, $0) }
            default:
                return invalidPath("field label does not support subscript: \(fieldPath)")
            }
        }
        if !knownFieldLabels.contains(fieldPath) { return invalidPath("field label not supported: \(fieldPath)") }
        if !envFieldPaths.contains(fieldPath) { return [.notSupported("\(path).fieldPath", fieldPath, envFieldPaths)] }
        return []
    }

    /// `metadata.labels['k']` → ("metadata.labels", "k") (fieldpath.SplitMaybeSubscriptedPath).
    static func splitSubscript(_ fieldPath: String) -> (String, String)? {
        guard fieldPath.hasSuffix("']") else { return nil }
        let inner = fieldPath.dropLast(2)
        guard let open = inner.firstRange(of: "['") else { return nil }
        let base = String(inner[..<open.lowerBound])
        guard !base.isEmpty else { return nil }
        return (base, String(inner[open.upperBound...]))
    }
}
