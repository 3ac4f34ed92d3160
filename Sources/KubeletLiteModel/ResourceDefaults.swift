// kubelet-lite — ResourceDefaults.swift
// The API server's resource defaulting (defaults.go, lifecycle §21.2): a container limit without a
// request becomes the request (SetDefaults_Pod); pod-level requests and huge-page limits follow the
// containers (PodLevelResources, on by default since 1.34); then every list is rounded up to 1m
// (SetDefaults_ResourceList) and written back as the API server serializes quantities.

/// Applies resource defaults to a spec that passed strict decoding.
enum ResourceDefaults {
    /// The lists of one container (or of the pod) while defaulting; nil where the manifest has none.
    private struct Lists {
        var limits: ResourceList?
        var requests: ResourceList?
        var isSidecar = false

        init(_ resources: JSONObject?, isSidecar: Bool = false) {
            limits = resources?.object("limits").map { ResourceList(json: $0) }
            requests = resources?.object("requests").map { ResourceList(json: $0) }
            self.isSidecar = isSidecar
        }

        /// SetDefaults_Pod: each limit without a request of the same name becomes the request.
        mutating func defaultRequests() {
            guard let limits else { return }
            var requests = self.requests ?? ResourceList()
            for (name, q) in limits.entries where requests[name] == nil { requests[name] = q }
            self.requests = requests
        }
    }

    static func apply(to spec: JSONObject) -> JSONObject {
        var spec = spec
        var containers = spec.objects("containers").map { Lists($0.object("resources")) }
        var inits = spec.objects("initContainers").map {
            Lists($0.object("resources"), isSidecar: $0.string("restartPolicy") == "Always")
        }
        for i in containers.indices { containers[i].defaultRequests() }
        for i in inits.indices { inits[i].defaultRequests() }
        if spec.object("resources") != nil {
            var pod = Lists(spec.object("resources"))
            defaultHugePageLimits(&pod, containers: containers, inits: inits)
            defaultPodRequests(&pod, containers: containers, inits: inits)
            spec["resources"] = .object(write(pod, into: spec.object("resources")))
        }
        for (key, lists) in [("containers", containers), ("initContainers", inits)] where spec.has(key) {
            var index = 0
            spec[key] = .array((spec.array(key) ?? []).map { item in
                defer { index += 1 }
                guard case .object(var c) = item, let resources = c.object("resources") else { return item }
                c["resources"] = .object(write(lists[index], into: resources))
                return .object(c)
            })
        }
        return spec
    }

    private static func aggregate(_ containers: [Lists], _ inits: [Lists], _ key: KeyPath<Lists, ResourceList?>)
        -> ResourceList {
        ResourceAggregation.aggregate(
            containers: containers.map { $0[keyPath: key] ?? ResourceList() },
            initContainers: inits.map { AggregatedContainer($0[keyPath: key] ?? ResourceList(), isSidecar: $0.isSidecar) })
    }

    /// defaultHugePagePodLimits: with pod-level resources given, a huge-page size the containers
    /// limit and the pod neither requests nor limits gets the containers' aggregate as its limit.
    private static func defaultHugePageLimits(_ pod: inout Lists, containers: [Lists], inits: [Lists]) {
        guard !(pod.limits ?? ResourceList()).isEmpty || !(pod.requests ?? ResourceList()).isEmpty else { return }
        var limits = pod.limits ?? ResourceList()
        for (name, q) in aggregate(containers, inits, \.limits).entries where ResourceNames.isHugePages(name) {
            if pod.requests?[name] == nil && limits[name] == nil { limits[name] = q }
        }
        if !limits.isEmpty { pod.limits = limits }
    }

    /// defaultPodRequests: with pod-level limits given, a missing pod-level request is the
    /// containers' aggregate request (overcommittable resources), else the pod-level limit.
    private static func defaultPodRequests(_ pod: inout Lists, containers: [Lists], inits: [Lists]) {
        guard let limits = pod.limits, !limits.isEmpty else { return }
        var requests = pod.requests ?? ResourceList()
        for (name, q) in aggregate(containers, inits, \.requests).entries
        where requests[name] == nil && ResourceNames.isSupportedPodLevel(name) && ResourceNames.isOvercommitAllowed(name) {
            requests[name] = q
        }
        for (name, q) in limits.entries where requests[name] == nil && ResourceNames.isSupportedPodLevel(name) {
            requests[name] = q
        }
        if !requests.isEmpty { pod.requests = requests }
    }

    /// The `resources` object with its lists rounded up to 1m and printed; empty lists are left out,
    /// as the API server's `omitempty` leaves them out.
    private static func write(_ lists: Lists, into resources: JSONObject?) -> JSONObject {
        var out = resources ?? JSONObject()
        for (key, list) in [("limits", lists.limits), ("requests", lists.requests)] {
            guard let list else { continue }
            let rounded = ResourceList(list.entries.map { ($0.name, $0.quantity.roundedUp(toScale: -3)) })
            out[key] = rounded.isEmpty ? nil : .object(rounded.json)
        }
        return out
    }
}
