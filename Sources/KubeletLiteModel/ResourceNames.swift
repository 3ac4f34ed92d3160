// kubelet-lite — ResourceNames.swift
// The resource-name classes of pkg/apis/core/helper/helpers.go and component-helpers, which decide
// which names a container or a pod may list and how their quantities are checked (lifecycle §21.2).

/// Classes of resource names, as the API server's helpers define them.
enum ResourceNames {
    static let hugePagesPrefix = "hugepages-"

    /// `standardResources`: the single-segment names the API knows at all.
    static let standard: Set<String> = [
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services",
        "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "storage",
        "requests.storage", "services.nodeports", "services.loadbalancers",
    ]

    /// `standardContainerResources`, plus the huge-page names.
    static func isStandardContainer(_ name: String) -> Bool {
        ["cpu", "memory", "ephemeral-storage"].contains(name) || isHugePages(name)
    }

    /// `IsStandardResourceName`: standard, or a (quota) huge-page name.
    static func isStandard(_ name: String) -> Bool {
        standard.contains(name) || isHugePages(name) || name.hasPrefix("requests." + hugePagesPrefix)
    }

    static func isHugePages(_ name: String) -> Bool { name.hasPrefix(hugePagesPrefix) }

    /// `IsNativeResource`: no domain, or a `kubernetes.io/` domain.
    static func isNative(_ name: String) -> Bool { !name.contains("/") || name.contains("kubernetes.io/") }

    /// `IsExtendedResourceName`: a domain-qualified name outside kubernetes.io (`nvidia.com/gpu`).
    static func isExtended(_ name: String) -> Bool {
        if isNative(name) || name.hasPrefix("requests.") { return false }
        return NameRules.qualifiedName("requests." + name).isEmpty
    }

    /// `IsOvercommitAllowed`: requests may be below limits (not for extended resources or huge pages).
    static func isOvercommitAllowed(_ name: String) -> Bool { isNative(name) && !isHugePages(name) }

    /// `IsIntegerResourceName`: object counts and extended resources take whole numbers only.
    static func isInteger(_ name: String) -> Bool {
        let counts: Set<String> = [
            "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
            "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
        ]
        return counts.contains(name) || isExtended(name)
    }

    /// `IsSupportedPodLevelResource`: cpu, memory and huge pages may be given for the whole pod.
    static func isSupportedPodLevel(_ name: String) -> Bool { name == "cpu" || name == "memory" || isHugePages(name) }

    /// `SupportedPodLevelResources()` as `sets.List` sorts it, for the NotSupported message.
    static let supportedPodLevel = ["cpu", "hugepages-", "memory"]

    /// The page size a huge-page name carries (`hugepages-2Mi`), when it parses.
    static func hugePageSize(_ name: String) -> Quantity? {
        guard isHugePages(name) else { return nil }
        return try? Quantity(parsing: String(name.dropFirst(hugePagesPrefix.count)))
    }

    /// `IsHugePageResourceValueDivisible`: the quantity is a whole number of pages.
    static func isHugePageValueDivisible(_ name: String, _ quantity: Quantity) -> Bool {
        guard let page = hugePageSize(name), page.sign > 0, page.milliValue % 1000 == 0 else { return false }
        return quantity.value % page.value == 0
    }
}
