// kubelet-lite — PublishedPod+Decoding.swift
// Reading a pod.json into a PublishedPod, once, with an error that names the field at fault.

import KubeletLiteLifecycle
import KubeletLiteModel

extension PublishedPod {
    /// Decodes the bytes of a pod.json; `file` names it in errors (`pod.json of default/web`).
    public static func decode(_ bytes: [UInt8], file: String) throws(PublishedPodError) -> PublishedPod {
        try decode(parse(bytes, file: file), file: file)
    }

    /// Decodes a parsed pod.json (or the document a supervisor is about to publish).
    public static func decode(_ document: JSONValue, file: String) throws(PublishedPodError) -> PublishedPod {
        let root = try FieldReader(document, path: "", file: file)
        let pod: Pod
        switch Pod.rebuilt(fromPublished: root.fields) {
        case .success(let rebuilt): pod = rebuilt
        case .failure(let e):
            // Go's messages name the field themselves (`Go struct field PodSpec.spec.containers`).
            throw PublishedPodError(file: file, field: "", problem: e.problems.joined(separator: "; "))
        }
        let meta = try root.object("metadata")
        let metadata = PublishedMetadata(
            name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid,
            labels: Dictionary(pod.metadata.labels, uniquingKeysWith: { _, last in last }),
            annotations: Dictionary(pod.metadata.annotations, uniquingKeysWith: { _, last in last }),
            creationTimestamp: try meta?.time("creationTimestamp"),
            deletionTimestamp: try meta?.time("deletionTimestamp"),
            deletionGracePeriodSeconds: try meta?.integer("deletionGracePeriodSeconds"))
        let status = try root.object("status").map { (s) throws(PublishedPodError) in try PublishedStatus(s) } ?? PublishedStatus()
        return PublishedPod(metadata: metadata, spec: pod.spec, status: status, document: document)
    }

    /// The JSON of a published file, or an error naming the file and where its syntax breaks.
    static func parse(_ bytes: [UInt8], file: String) throws(PublishedPodError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw PublishedPodError(file: file, field: "", problem: "invalid JSON at \(error)")
        }
    }
}

extension PublishedStatus {
    init(_ s: FieldReader) throws(PublishedPodError) {
        self.init()
        if let phase = try s.string("phase") {
            guard let known = PodPhase(rawValue: phase) else {
                throw s.error("phase", "expected Pending, Running, Succeeded, Failed or Unknown, found \"\(phase)\"")
            }
            self.phase = known
        }
        reason = try s.string("reason")
        message = try s.string("message")
        hostIP = try s.string("hostIP")
        podIP = try s.string("podIP")
        startTime = try s.time("startTime")
        qosClass = try s.string("qosClass")
        for c in try s.objects("conditions") { conditions.append(try PublishedCondition(c)) }
        for c in try s.objects("initContainerStatuses") { initContainerStatuses.append(try PublishedContainerStatus(c)) }
        for c in try s.objects("containerStatuses") { containerStatuses.append(try PublishedContainerStatus(c)) }
    }
}

extension PublishedCondition {
    init(_ c: FieldReader) throws(PublishedPodError) {
        let status = try c.required("status")
        guard let known = ConditionStatus(rawValue: status) else {
            throw c.error("status", "expected True, False or Unknown, found \"\(status)\"")
        }
        self.init(type: PodConditionType(rawValue: try c.required("type")), status: known,
                  reason: try c.string("reason"), message: try c.string("message"),
                  lastTransitionTime: try c.time("lastTransitionTime"))
    }
}

extension PublishedContainerStatus {
    init(_ c: FieldReader) throws(PublishedPodError) {
        let restarts = try c.integer("restartCount") ?? 0
        guard let restartCount = Int(exactly: restarts), restartCount >= 0 else {
            throw c.error("restartCount", "expected a count, found \(restarts)")
        }
        self.init(name: try c.required("name"), state: try c.object("state").flatMap(Self.state),
                  lastState: try c.object("lastState").flatMap(Self.state), ready: try c.bool("ready") ?? false,
                  started: try c.bool("started") ?? false, restartCount: restartCount, image: try c.string("image"),
                  containerID: try c.string("containerID"))
    }

    /// A `v1.ContainerState`: waiting, running or terminated (the first present, in that order);
    /// nil for `{}`.
    static func state(_ s: FieldReader) throws(PublishedPodError) -> ContainerState? {
        if let w = try s.object("waiting") {
            return .waiting(reason: try w.string("reason") ?? "", message: try w.string("message"))
        }
        if let r = try s.object("running") {
            guard let started = try r.time("startedAt") else { throw r.error("startedAt", "missing") }
            return .running(startedAt: started)
        }
        if let t = try s.object("terminated") {
            guard let exitCode = try t.int32("exitCode") else { throw t.error("exitCode", "missing") }
            guard let finished = try t.time("finishedAt") else { throw t.error("finishedAt", "missing") }
            return .terminated(TerminatedState(
                exitCode: exitCode, signal: try t.int32("signal") ?? 0, reason: try t.string("reason") ?? "",
                message: try t.string("message"), startedAt: try t.time("startedAt"), finishedAt: finished,
                containerID: try t.string("containerID")))
        }
        return nil
    }
}
