// kubelet-lite — PodStatusText.swift
// The published `status` written straight to JSON text: the one place its fields and their order are decided.

import KubeletLiteModel

extension PodDocument {
    /// `v1.PodStatus` as pod.json holds it, written into `w` (the tree form is read back from it).
    static func writeStatus(_ s: PodStatusSnapshot, placement: PodPlacement, qos: QOSClass, into w: inout JSONTextWriter) {
        w.beginObject()
        w.field("phase", s.phase.rawValue)
        if let reason = s.reason { w.field("reason", reason) }
        if let message = s.message { w.field("message", message) }
        w.key("conditions")
        w.beginArray()
        for c in s.conditions {
            w.element()
            writeCondition(c, into: &w)
        }
        w.endArray()
        writeAddress("hostIP", placement.hostIP, into: &w)
        writeAddress("podIP", placement.podIP, into: &w)
        if let start = s.startTime { w.field("startTime", Timestamp.rfc3339(start)) }
        if !s.initContainerStatuses.isEmpty { writeStatuses("initContainerStatuses", s.initContainerStatuses, into: &w) }
        writeStatuses("containerStatuses", s.containerStatuses, into: &w)
        // lifecycle §21.3: computed from the cpu and memory requests and limits.
        w.field("qosClass", qos.rawValue)
        w.endObject()
    }

    /// `hostIP` and `hostIPs` (or the pod's): the address, and the one-element list of it.
    private static func writeAddress(_ key: String, _ ip: String, into w: inout JSONTextWriter) {
        w.field(key, ip)
        w.key(key + "s")
        w.beginArray()
        w.element()
        w.beginObject()
        w.field("ip", ip)
        w.endObject()
        w.endArray()
    }

    private static func writeCondition(_ c: PodCondition, into w: inout JSONTextWriter) {
        w.beginObject()
        w.field("type", c.type.rawValue)
        w.field("status", c.status ? "True" : "False")
        w.field("lastTransitionTime", Timestamp.rfc3339(c.lastTransitionTime))
        if let reason = c.reason { w.field("reason", reason) }
        if let message = c.message { w.field("message", message) }
        w.endObject()
    }

    private static func writeStatuses(_ key: String, _ statuses: [ContainerStatus], into w: inout JSONTextWriter) {
        w.key(key)
        w.beginArray()
        for c in statuses {
            w.element()
            writeContainerStatus(c, into: &w)
        }
        w.endArray()
    }

    private static func writeContainerStatus(_ c: ContainerStatus, into w: inout JSONTextWriter) {
        w.beginObject()
        w.field("name", c.name)
        w.key("state")
        w.beginObject()
        switch c.state {
        case .waiting(let reason, let message):
            w.key("waiting")
            w.beginObject()
            w.field("reason", reason)
            if let message { w.field("message", message) }
            w.endObject()
        case .running(let startedAt):
            w.key("running")
            w.beginObject()
            w.field("startedAt", Timestamp.rfc3339(startedAt))
            w.endObject()
        case .terminated(let t):
            w.key("terminated")
            writeTerminated(t, into: &w)
        }
        w.endObject()
        w.key("lastState")
        w.beginObject()
        if let last = c.lastState {
            w.key("terminated")
            writeTerminated(last, into: &w)
        }
        w.endObject()
        w.field("ready", c.ready)
        w.field("started", c.started)
        w.field("restartCount", c.restartCount)
        w.field("image", c.image)
        w.field("imageID", "")
        if let id = c.containerID { w.field("containerID", id) }
        w.endObject()
    }

    static func writeTerminated(_ t: TerminatedState, into w: inout JSONTextWriter) {
        w.beginObject()
        w.field("exitCode", Int64(t.exitCode))
        if t.signal != 0 { w.field("signal", Int64(t.signal)) }
        w.field("reason", t.reason)
        if let message = t.message { w.field("message", message) }
        if let started = t.startedAt { w.field("startedAt", Timestamp.rfc3339(started)) }
        w.field("finishedAt", Timestamp.rfc3339(t.finishedAt))
        if let id = t.containerID { w.field("containerID", id) }
        w.endObject()
    }
}
