// kubelet-lite — ResourceValidation.swift
// validateResourceRequirements and friends (validation.go), for a container's `resources` and the
// pod's `spec.resources`, with the API server's texts and `[name]` key paths (lifecycle §21.2).

/// Validates resource requirements of a defaulted manifest.
enum ResourceValidation {
    /// `ValidateContainerResourceRequirements`, at `PATH.resources`.
    static func validateContainer(_ c: JSONObject, path: String, claimNames: Set<String>) -> [FieldError] {
        guard let resources = c.object("resources") else { return [] }
        return validate(resources, path: "\(path).resources", claimNames: claimNames, names: containerName)
    }

    /// `validatePodResources`: pod-level `spec.resources`, then its consistency with the containers.
    static func validatePod(_ spec: JSONObject, claimNames: Set<String>) -> [FieldError] {
        guard let resources = spec.object("resources") else { return [] }
        var errors: [FieldError] = []
        if resources.array("claims") != nil {
            errors.append(.forbidden("spec.resources.claims", "claims cannot be set for Resources at pod-level"))
        }
        errors += validate(resources, path: "spec.resources", claimNames: claimNames, names: podName)
        errors += consistency(spec, resources)
        return errors
    }

    /// `validateResourceRequirements`: names, quantities, request <= limit, huge pages, claims.
    private static func validate(_ r: JSONObject, path: String, claimNames: Set<String>,
                                 names: (String, String) -> [FieldError]) -> [FieldError] {
        let limits = ResourceList(json: r.object("limits"))
        let requests = ResourceList(json: r.object("requests"))
        let limPath = "\(path).limits", reqPath = "\(path).requests"
        var errors: [FieldError] = []
        var cpuOrMemory = false, hugePages = false
        for (name, q) in limits.entries {
            errors += names(name, "\(limPath)[\(name)]") + quantity(name, q, path: "\(limPath)[\(name)]")
            errors += hugePageValue(name, q, path: "\(limPath)[\(name)]")
            hugePages = hugePages || ResourceNames.isHugePages(name)
            cpuOrMemory = cpuOrMemory || name == "cpu" || name == "memory"
        }
        for (name, q) in requests.entries {
            errors += names(name, "\(reqPath)[\(name)]") + quantity(name, q, path: "\(reqPath)[\(name)]")
            let overcommit = ResourceNames.isOvercommitAllowed(name)
            if let limit = limits[name] {
                // Requests of resources that cannot be overcommitted must equal their limits.
                if q != limit && !overcommit {
                    errors.append(.invalid(reqPath, q.description, "must be equal to \(name) limit of \(limit)"))
                } else if q > limit {
                    errors.append(.invalid(reqPath, q.description, "must be less than or equal to \(name) limit of \(limit)"))
                }
            } else if !overcommit {
                errors.append(.required(limPath, "Limit must be set for non overcommitable resources"))
            }
            errors += hugePageValue(name, q, path: "\(reqPath)[\(name)]")
            hugePages = hugePages || ResourceNames.isHugePages(name)
            cpuOrMemory = cpuOrMemory || name == "cpu" || name == "memory"
        }
        if hugePages && !cpuOrMemory { errors.append(.forbidden(path, "HugePages require cpu or memory")) }
        return errors + claims(r.objects("claims"), path: "\(path).claims", claimNames: claimNames)
    }

    /// `ValidateResourceQuantityValue`: non-negative, and whole for counted and extended resources.
    ///
    /// Upstream prints the bad value of "must be an integer" as Go's `%#v` of the struct; kubelet-lite
    /// prints the quantity, quoted, as everywhere else (lifecycle §21.2).
    private static func quantity(_ name: String, _ q: Quantity, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        if q.sign < 0 { errors.append(.invalid(path, q.description, "must be greater than or equal to 0")) }
        if ResourceNames.isInteger(name) && q.milliValue % 1000 != 0 {
            errors.append(.invalid(path, q.description, "must be an integer"))
        }
        return errors
    }

    /// `validateResourceQuantityHugePageValue` (on create: indivisible values are refused).
    private static func hugePageValue(_ name: String, _ q: Quantity, path: String) -> [FieldError] {
        guard ResourceNames.isHugePages(name), !ResourceNames.isHugePageValueDivisible(name, q) else { return [] }
        return [.invalid(path, q.description, "\(q) is not positive integer multiple of \(name)")]
    }

    /// `validateResourceName`: a qualified name, and a known one when it has no domain.
    private static func resourceName(_ name: String, _ path: String) -> [FieldError] {
        let messages = NameRules.qualifiedName(name)
        if !messages.isEmpty { return messages.map { .invalid(path, name, $0) } }
        if !name.contains("/") && !ResourceNames.isStandard(name) {
            return [.invalid(path, name, "must be a standard resource type or fully qualified")]
        }
        return []
    }

    /// `validateContainerResourceName`.
    private static func containerName(_ name: String, _ path: String) -> [FieldError] {
        var errors = resourceName(name, path)
        if !name.contains("/") {
            if !ResourceNames.isStandardContainer(name) {
                errors.append(.invalid(path, name, "must be a standard resource for containers"))
            }
        } else if !ResourceNames.isNative(name) && !ResourceNames.isExtended(name) {
            errors.append(.invalid(path, name, "doesn't follow extended resource name standard"))
        }
        return errors
    }

    /// `validatePodResourceName`: cpu, memory and huge pages only.
    private static func podName(_ name: String, _ path: String) -> [FieldError] {
        let errors = resourceName(name, path)
        if !errors.isEmpty { return errors }
        if !ResourceNames.isSupportedPodLevel(name) {
            return [.notSupported(path, name, ResourceNames.supportedPodLevel)]
        }
        return []
    }

    /// `validateResourceClaimNames`: each claim names an entry of `spec.resourceClaims`, once.
    private static func claims(_ claims: [JSONObject], path: String, claimNames: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        var seen: Set<String> = []
        for (i, claim) in claims.enumerated() {
            let p = "\(path)[\(i)]"
            let name = claim.string("name") ?? "", request = claim.string("request") ?? ""
            if name.isEmpty {
                errors.append(.required(p))
                continue
            }
            if seen.contains(name) {
                errors.append(.duplicate(p, name))
            } else {
                let key = request.isEmpty ? name : "\(name)/\(request)"
                if !request.isEmpty { errors += NameRules.dns1123Label(request).map { .invalid("\(p).request", request, $0) } }
                if seen.contains(key) {
                    errors.append(.duplicate(p, key))
                } else if request.isEmpty {
                    // A whole claim overlaps every request of it named before.
                    errors += seen.filter { $0.hasPrefix(name + "/") }.sorted().map { _ in .duplicate(p, name) }
                }
                seen.insert(key)
            }
            if !claimNames.contains(name) {
                let list = claimNames.isEmpty ? " which is empty" : ": " + claimNames.sorted().joined(separator: ", ")
                errors.append(FieldError(path: p, kind: .notFound(.string(name)),
                                         detail: "must be one of the names in pod.spec.resourceClaims" + list))
            }
        }
        return errors
    }
}

extension ResourceValidation {
    /// `validatePodResourceConsistency`: each pod-level request covers the containers' aggregate
    /// request of that resource (resources the pod level does not request are skipped since
    /// kubernetes#130131 and #132551, 1.33–1.34), and no regular container's limit exceeds the
    /// pod's limit of the same resource.
    static func consistency(_ spec: JSONObject, _ resources: JSONObject) -> [FieldError] {
        let podRequests = ResourceList(json: resources.object("requests"))
        let podLimits = ResourceList(json: resources.object("limits"))
        let containers = spec.objects("containers")
        let aggregate = ResourceAggregation.aggregate(
            containers: containers.map { list($0, "requests") },
            initContainers: spec.objects("initContainers").map {
                AggregatedContainer(list($0, "requests"), isSidecar: $0.string("restartPolicy") == "Always")
            })
        var errors: [FieldError] = []
        for (name, need) in aggregate.entries where ResourceNames.isSupportedPodLevel(name) {
            guard let have = podRequests[name] else { continue }
            if need > have {
                errors.append(.invalid("spec.resources.requests[\(name)]", have.description,
                                       "must be greater than or equal to aggregate container requests of \(need)"))
            }
        }
        for (i, c) in containers.enumerated() {
            for (name, limit) in list(c, "limits").entries {
                guard let podLimit = podLimits[name], limit > podLimit else { continue }
                // validation.go builds this path as containers[i] keyed by the name, then `limits`.
                errors.append(.invalid("spec.resources.containers[\(i)][\(name)].limits", limit.description,
                                       "must be less than or equal to pod limits of \(podLimit)"))
            }
        }
        return errors
    }

    /// A container's `resources.limits` or `resources.requests`.
    static func list(_ c: JSONObject, _ key: String) -> ResourceList {
        ResourceList(json: c.object("resources")?.object(key))
    }
}
