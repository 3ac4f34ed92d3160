// kubelet-lite — PublishedEvent.swift
// One line of events.jsonl read back: what describe's events table shows (lifecycle §15.1, §15.3).

import KubeletLiteLifecycle
import KubeletLiteModel

/// A published v1 Event, as far as `describe` reads it.
public struct PublishedEvent: Sendable, Equatable {
    /// `metadata.name`: the same for every repetition of one event (lifecycle §15.4).
    public var name: String
    public var type: EventType
    public var reason: String
    public var message: String
    /// `involvedObject.fieldPath` (`spec.containers{app}`); nil for an event about the pod.
    public var fieldPath: String?
    /// `source.component`.
    public var component: String?
    public var firstTimestamp: Instant?
    public var lastTimestamp: Instant?
    public var count: Int64

    public init(name: String, type: EventType, reason: String, message: String, fieldPath: String? = nil,
                component: String? = nil, firstTimestamp: Instant? = nil, lastTimestamp: Instant? = nil,
                count: Int64 = 1) {
        self.name = name
        self.type = type
        self.reason = reason
        self.message = message
        self.fieldPath = fieldPath
        self.component = component
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.count = count
    }

    /// Decodes one events.jsonl line (or an event a supervisor holds); `file` names it in errors.
    public static func decode(_ document: JSONValue, file: String) throws(PublishedPodError) -> PublishedEvent {
        let e = try FieldReader(document, path: "", file: file)
        let type = try e.required("type")
        guard let known = EventType(rawValue: type) else {
            throw e.error("type", "expected Normal or Warning, found \"\(type)\"")
        }
        guard let name = try e.object("metadata")?.string("name") else { throw e.error("metadata.name", "missing") }
        return PublishedEvent(
            name: name, type: known, reason: try e.string("reason") ?? "", message: try e.string("message") ?? "",
            fieldPath: try e.object("involvedObject")?.string("fieldPath"),
            component: try e.object("source")?.string("component"),
            firstTimestamp: try e.time("firstTimestamp"), lastTimestamp: try e.time("lastTimestamp"),
            count: try e.integer("count") ?? 1)
    }

    /// Decodes events.jsonl: every line that reads; a line that does not (one torn by a supervisor
    /// killed mid-write) is left out rather than hiding the others.
    public static func decodeLines(_ bytes: [UInt8], file: String) -> [PublishedEvent] {
        var events: [PublishedEvent] = []
        for (i, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let place = "\(file) line \(i + 1)"
            guard !line.isEmpty, let json = try? PublishedPod.parse(Array(line), file: place),
                  let event = try? decode(json, file: place) else { continue }
            events.append(event)
        }
        return events
    }
}
