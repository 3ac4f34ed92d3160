// kubelet-lite — PodDocument.swift
// The published Kubernetes objects: the whole Pod with its status, and v1 Events.

import KubeletLiteModel

/// Facts about where the pod runs that the published objects carry.
public struct PodPlacement: Sendable, Equatable {
    public var nodeName: String
    public var podIP: String
    public var hostIP: String
    public var createdAt: Instant
    /// kubelet-lite's own facts about the sandbox, published as `kubelet-lite.io/` annotations:
    /// the sandbox mode, the pod's cgroup, and limits that are not enforced.
    public var sandboxMode = "process"
    public var cgroup: String?
    public var unenforcedLimits: String?
    /// Records the state directory could not take (`events: 3, log lines: 120`).
    public var lostRecords: String?

    public init(nodeName: String, podIP: String, hostIP: String, createdAt: Instant) {
        self.nodeName = nodeName
        self.podIP = podIP
        self.hostIP = hostIP
        self.createdAt = createdAt
    }

    /// The annotations kubelet-lite adds to the published pod (its own prefix, as design allows).
    var annotations: [(String, String)] {
        [("kubelet-lite.io/sandbox", sandboxMode)] + (cgroup.map { [("kubelet-lite.io/cgroup", $0)] } ?? [])
            + (unenforcedLimits.map { [("kubelet-lite.io/unenforced-limits", $0)] } ?? [])
            + (lostRecords.map { [("kubelet-lite.io/lost-records", $0)] } ?? [])
    }
}

/// Builds the JSON documents kubelet-lite publishes, in Kubernetes' own shapes.
public enum PodDocument {
    /// The whole v1 Pod: the defaulted manifest, identity, and `status` (what `pod.json` holds).
    public static func pod(_ pod: Pod, uid: String, placement: PodPlacement, status: PodStatusSnapshot) -> JSONValue {
        var doc = pod.manifest
        doc["apiVersion"] = .string("v1")
        doc["kind"] = .string("Pod")
        var meta = doc["metadata"]?.objectValue ?? JSONObject()
        meta["name"] = .string(pod.metadata.name)
        meta["namespace"] = .string(pod.metadata.namespace)
        meta["uid"] = .string(uid)
        meta["creationTimestamp"] = .string(Timestamp.rfc3339Seconds(placement.createdAt))
        var annotations = meta["annotations"]?.objectValue ?? JSONObject()
        for (key, value) in placement.annotations { annotations[key] = .string(value) }
        meta["annotations"] = .object(annotations)
        if let deletion = status.deletion {
            // As the API server marks a pod being deleted: the moment SIGKILL may come, and the grace.
            meta["deletionTimestamp"] = .string(Timestamp.rfc3339Seconds(deletion.at + .seconds(deletion.grace)))
            meta["deletionGracePeriodSeconds"] = .int(deletion.grace)
        }
        doc["metadata"] = .object(meta)
        var spec = doc["spec"]?.objectValue ?? JSONObject()
        if spec["nodeName"] == nil { spec["nodeName"] = .string(placement.nodeName) }
        doc["spec"] = .object(spec)
        doc["status"] = .object(statusObject(status, placement: placement, qos: QOSClass(pod: pod)))
        return .object(doc)
    }

    static func statusObject(_ s: PodStatusSnapshot, placement: PodPlacement, qos: QOSClass) -> JSONObject {
        var o = JSONObject()
        o["phase"] = .string(s.phase.rawValue)
        if let reason = s.reason { o["reason"] = .string(reason) }
        if let message = s.message { o["message"] = .string(message) }
        o["conditions"] = .array(s.conditions.map { .object(condition($0)) })
        o["hostIP"] = .string(placement.hostIP)
        o["hostIPs"] = .array([.object(JSONObject([("ip", .string(placement.hostIP))]))])
        o["podIP"] = .string(placement.podIP)
        o["podIPs"] = .array([.object(JSONObject([("ip", .string(placement.podIP))]))])
        if let start = s.startTime { o["startTime"] = .string(Timestamp.rfc3339(start)) }
        if !s.initContainerStatuses.isEmpty {
            o["initContainerStatuses"] = .array(s.initContainerStatuses.map { .object(containerStatus($0)) })
        }
        o["containerStatuses"] = .array(s.containerStatuses.map { .object(containerStatus($0)) })
        // lifecycle §21.3: computed from the cpu and memory requests and limits.
        o["qosClass"] = .string(qos.rawValue)
        return o
    }

    static func condition(_ c: PodCondition) -> JSONObject {
        var o = JSONObject()
        o["type"] = .string(c.type.rawValue)
        o["status"] = .string(c.status ? "True" : "False")
        o["lastTransitionTime"] = .string(Timestamp.rfc3339(c.lastTransitionTime))
        if let reason = c.reason { o["reason"] = .string(reason) }
        if let message = c.message { o["message"] = .string(message) }
        return o
    }

    static func containerStatus(_ c: ContainerStatus) -> JSONObject {
        var o = JSONObject()
        o["name"] = .string(c.name)
        o["state"] = .object(state(c.state))
        o["lastState"] = .object(c.lastState.map { JSONObject([("terminated", .object(terminated($0)))]) } ?? JSONObject())
        o["ready"] = .bool(c.ready)
        o["started"] = .bool(c.started)
        o["restartCount"] = .int(c.restartCount)
        o["image"] = .string(c.image)
        o["imageID"] = .string("")
        if let id = c.containerID { o["containerID"] = .string(id) }
        return o
    }

    static func state(_ s: ContainerState) -> JSONObject {
        switch s {
        case .waiting(let reason, let message):
            var w = JSONObject([("reason", .string(reason))])
            if let message { w["message"] = .string(message) }
            return JSONObject([("waiting", .object(w))])
        case .running(let startedAt):
            return JSONObject([("running", .object(JSONObject([("startedAt", .string(Timestamp.rfc3339(startedAt)))])))])
        case .terminated(let t):
            return JSONObject([("terminated", .object(terminated(t)))])
        }
    }

    /// `state.terminated` as pod.json writes it.
    public static func terminated(_ t: TerminatedState) -> JSONObject {
        var o = JSONObject()
        o["exitCode"] = .int(t.exitCode)
        if t.signal != 0 { o["signal"] = .int(t.signal) }
        o["reason"] = .string(t.reason)
        if let message = t.message { o["message"] = .string(message) }
        if let started = t.startedAt { o["startedAt"] = .string(Timestamp.rfc3339(started)) }
        o["finishedAt"] = .string(Timestamp.rfc3339(t.finishedAt))
        if let id = t.containerID { o["containerID"] = .string(id) }
        return o
    }

    /// A v1 Event (lifecycle §15.1), as `-o json` prints it and `events.jsonl` stores it.
    public static func event(_ e: RecordedEvent, pod: Pod, uid: String, host: String) -> JSONValue {
        var involved = JSONObject()
        involved["kind"] = .string("Pod")
        involved["namespace"] = .string(pod.metadata.namespace)
        involved["name"] = .string(pod.metadata.name)
        involved["uid"] = .string(uid)
        involved["apiVersion"] = .string("v1")
        if let ref = e.container { involved["fieldPath"] = .string(ref.fieldPath) }
        var o = JSONObject()
        o["apiVersion"] = .string("v1")
        o["kind"] = .string("Event")
        o["metadata"] = .object(JSONObject([
            ("name", .string(e.name)), ("namespace", .string(pod.metadata.namespace)),
            ("creationTimestamp", .string(Timestamp.rfc3339Seconds(e.firstTimestamp))),
        ]))
        o["involvedObject"] = .object(involved)
        o["reason"] = .string(e.reason)
        o["message"] = .string(e.message)
        o["source"] = .object(JSONObject([("component", .string("kubelet-lite")), ("host", .string(host))]))
        o["firstTimestamp"] = .string(Timestamp.rfc3339(e.firstTimestamp))
        o["lastTimestamp"] = .string(Timestamp.rfc3339(e.lastTimestamp))
        o["count"] = .int(e.count)
        o["type"] = .string(e.type.rawValue)
        o["reportingComponent"] = .string("kubelet-lite")
        o["reportingInstance"] = .string(host)
        return .object(o)
    }
}
