// kubelet-lite — ContainerValidation.swift
// Container validation (validateContainerCommon, validateContainers, validateInitContainers),
// with kubelet-lite's refusals of container fields it cannot honour.

/// Validates one container of a defaulted manifest.
enum ContainerValidation {
    static let alphaRestartRules = "ContainerRestartRules is an alpha feature kubelet-lite does not support"
    static let needsAPIServer = "not supported by kubelet-lite (ConfigMaps and Secrets need an API server)"

    /// A regular container: common checks, unique name, hooks and probes, no container restartPolicy.
    static func validateRegular(_ c: JSONObject, path: String, names: inout Set<String>,
                                context: PodValidation.Context) -> [FieldError] {
        var errors = validateCommon(c, path: path, context: context)
        let name = c.string("name") ?? ""
        if names.contains(name) {
            errors.append(.duplicate("\(path).name", name))
        } else {
            names.insert(name)
        }
        if let lifecycle = c.object("lifecycle") {
            errors += HandlerValidation.validateLifecycle(lifecycle, path: "\(path).lifecycle", context: context)
        }
        errors += HandlerValidation.validateProbes(c, path: path, context: context)
        if c.has("restartPolicy") {
            errors.append(.forbidden("\(path).restartPolicy", "may not be set for non-init containers"))
        }
        if c.has("restartPolicyRules") {
            errors.append(.forbidden("\(path).restartPolicyRules", alphaRestartRules))
        }
        return errors
    }

    /// An init container: a sidecar (`restartPolicy: Always`) may have hooks and probes, a regular one not.
    static func validateInit(_ c: JSONObject, path: String, names: inout Set<String>,
                             context: PodValidation.Context) -> [FieldError] {
        var errors = validateCommon(c, path: path, context: context)
        var restartAlways = false
        if let policy = c.string("restartPolicy") {
            if policy != "Always" { errors.append(.notSupported("\(path).restartPolicy", policy, ["Always"])) }
            restartAlways = policy == "Always"
        }
        let name = c.string("name") ?? ""
        if names.contains(name) {
            errors.append(.duplicate("\(path).name", name))
        } else if !name.isEmpty {
            names.insert(name)
        }
        if restartAlways {
            if let lifecycle = c.object("lifecycle") {
                errors += HandlerValidation.validateLifecycle(lifecycle, path: "\(path).lifecycle", context: context)
            }
            errors += HandlerValidation.validateProbes(c, path: path, context: context)
        } else {
            for key in ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] where c.has(key) {
                errors.append(.forbidden("\(path).\(key)", "may not be set for init containers without restartPolicy=Always"))
            }
        }
        if c.has("restartPolicyRules") {
            errors.append(.forbidden("\(path).restartPolicyRules", alphaRestartRules))
        }
        return errors
    }

    /// validateContainerCommon, in its order; a missing `image` is only a warning (lifecycle §D2).
    static func validateCommon(_ c: JSONObject, path: String, context: PodValidation.Context) -> [FieldError] {
        var errors: [FieldError] = []
        let name = c.string("name") ?? ""
        if name.isEmpty {
            errors.append(.required("\(path).name"))
        } else {
            errors += NameRules.dns1123Label(name).map { .invalid("\(path).name", name, $0) }
        }
        // lifecycle §D2: no image means no entrypoint, so the argv must come from the manifest.
        if (c.strings("command") ?? []).isEmpty && (c.strings("args") ?? []).isEmpty {
            errors.append(.required("\(path).command",
                                    "there is no image entrypoint, so command or args must name the executable"))
        }
        let policy = c.string("terminationMessagePolicy") ?? ""
        if policy.isEmpty {
            errors.append(.required("\(path).terminationMessagePolicy"))
        } else if TerminationMessagePolicy(rawValue: policy) == nil {
            errors.append(.notSupported("\(path).terminationMessagePolicy", policy, ["File", "FallbackToLogsOnError"]))
        }
        errors += validatePorts(c.objects("ports"), path: "\(path).ports")
        errors += EnvValidation.validateEnv(c.objects("env"), path: "\(path).env")
        if !(c.array("envFrom") ?? []).isEmpty || c.object("envFrom") != nil {
            errors.append(.forbidden("\(path).envFrom", needsAPIServer))
        }
        errors += validateVolumeMounts(c.objects("volumeMounts"), path: "\(path).volumeMounts", context: context)
        if c.has("volumeDevices") {
            errors.append(.forbidden("\(path).volumeDevices",
                                     "not supported by kubelet-lite (block devices need a PersistentVolumeClaim)"))
        }
        let pull = c.string("imagePullPolicy") ?? ""
        if pull.isEmpty {
            errors.append(.required("\(path).imagePullPolicy"))
        } else if !["Always", "IfNotPresent", "Never"].contains(pull) {
            errors.append(.notSupported("\(path).imagePullPolicy", pull, ["Always", "IfNotPresent", "Never"]))
        }
        errors += ResourceValidation.validateContainer(c, path: path, claimNames: context.claimNames)
        errors += validateRunAs(c.object("securityContext"), path: "\(path).securityContext")
        return errors
    }

    /// User and group ids the API server accepts: 0 through 2147483647 (apimachinery's IsValidUserID
    /// and IsValidGroupID); at the pod level also fsGroup and each supplementalGroups entry.
    static func validateRunAs(_ context: JSONObject?, path: String, podLevel: Bool = false) -> [FieldError] {
        guard let context else { return [] }
        let range: ClosedRange<Int64> = 0...2_147_483_647
        var errors: [FieldError] = []
        for key in ["runAsUser", "runAsGroup"] + (podLevel ? ["fsGroup"] : []) {
            if let id = context.int(key), !range.contains(id) {
                errors.append(.invalid("\(path).\(key)", id, NameRules.inclusiveRangeError(range.lowerBound, range.upperBound)))
            }
        }
        guard podLevel, case .array(let groups)? = context["supplementalGroups"] else { return errors }
        for (i, group) in groups.enumerated() {
            if let id = group.int64Value, !range.contains(id) {
                errors.append(.invalid("\(path).supplementalGroups[\(i)]", id,
                                       NameRules.inclusiveRangeError(range.lowerBound, range.upperBound)))
            }
        }
        return errors
    }

    static func validatePorts(_ ports: [JSONObject], path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var names = Set<String>()
        for (i, port) in ports.enumerated() {
            let p = "\(path)[\(i)]"
            if let name = port.string("name"), !name.isEmpty {
                let messages = NameRules.portName(name)
                if !messages.isEmpty {
                    errors += messages.map { .invalid("\(p).name", name, $0) }
                } else if names.contains(name) {
                    errors.append(.duplicate("\(p).name", name))
                } else {
                    names.insert(name)
                }
            }
            let number = port.int("containerPort") ?? 0
            if number == 0 {
                errors.append(.required("\(p).containerPort"))
            } else {
                errors += NameRules.portNumber(number).map { .invalid("\(p).containerPort", number, $0) }
            }
            if let host = port.int("hostPort"), host != 0 {
                errors += NameRules.portNumber(host).map { .invalid("\(p).hostPort", host, $0) }
            }
            let proto = port.string("protocol") ?? ""
            if proto.isEmpty {
                errors.append(.required("\(p).protocol"))
            } else if !["TCP", "UDP", "SCTP"].contains(proto) {
                errors.append(.notSupported("\(p).protocol", proto, ["SCTP", "TCP", "UDP"]))
            }
        }
        return errors
    }

    static func validateVolumeMounts(_ mounts: [JSONObject], path: String,
                                     context: PodValidation.Context) -> [FieldError] {
        var errors: [FieldError] = []
        var mountPoints = Set<String>()
        for (i, mount) in mounts.enumerated() {
            let p = "\(path)[\(i)]"
            let name = mount.string("name") ?? ""
            if name.isEmpty { errors.append(.required("\(p).name")) }
            if !context.volumeNames.contains(name) { errors.append(.notFound("\(p).name", name)) }
            let mountPath = mount.string("mountPath") ?? ""
            if mountPath.isEmpty { errors.append(.required("\(p).mountPath")) }
            if mountPoints.contains(mountPath) {
                errors.append(.invalid("\(p).mountPath", mountPath, "must be unique"))
            }
            mountPoints.insert(mountPath)
        }
        return errors
    }
}
