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
        var doc = frame(pod, uid: uid, placement: placement, deletion: status.deletion)
        var w = JSONTextWriter(indent: 0)
        writeStatus(status, placement: placement, qos: QOSClass(pod: pod), into: &w)
        doc["status"] = readBack(w)
        return .object(doc)
    }

    /// The Pod without its status: the defaulted manifest with identity, kubelet-lite's
    /// annotations, the deletion marks and the node.
    static func frame(_ pod: Pod, uid: String, placement: PodPlacement, deletion: (at: Instant, grace: Int64)?) -> JSONObject {
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
        if let deletion {
            // As the API server marks a pod being deleted: the moment SIGKILL may come, and the grace.
            meta["deletionTimestamp"] = .string(Timestamp.rfc3339Seconds(deletion.at + .seconds(deletion.grace)))
            meta["deletionGracePeriodSeconds"] = .int(deletion.grace)
        }
        doc["metadata"] = .object(meta)
        var spec = doc["spec"]?.objectValue ?? JSONObject()
        if spec["nodeName"] == nil { spec["nodeName"] = .string(placement.nodeName) }
        doc["spec"] = .object(spec)
        return doc
    }

    /// `state.terminated` as pod.json writes it.
    public static func terminated(_ t: TerminatedState) -> JSONObject {
        var w = JSONTextWriter(indent: 0)
        writeTerminated(t, into: &w)
        return readBack(w).objectValue ?? JSONObject()
    }

    /// The tree of what `w` wrote: the text is what pod.json holds, so the tree is read from it.
    private static func readBack(_ w: JSONTextWriter) -> JSONValue {
        (try? JSONParser.parse(w.bytes)) ?? .object(JSONObject())
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
