// kubelet-lite — Events.swift
// Kubernetes events with the kubelet's reasons, deduplicated as client-go's event cache does.

/// `Normal` or `Warning`.
public enum EventType: String, Sendable, Equatable {
    case normal = "Normal"
    case warning = "Warning"
}

/// One event as published: a v1 Event's content, with its dedup count and timestamps.
public struct RecordedEvent: Sendable, Equatable {
    /// `metadata.name`: the same for every repetition of one event, as in Kubernetes.
    public var name: String
    public var type: EventType
    public var reason: String
    public var message: String
    /// The container it is about, or nil for the pod itself.
    public var container: ContainerRef?
    public var firstTimestamp: Instant
    public var lastTimestamp: Instant
    public var count: Int
}

/// Deduplicates events: the same object, type, reason and message update one event (lifecycle §15.4).
public struct EventRecorder: Sendable {
    /// What makes two occurrences one series.
    private struct Key: Hashable {
        var fieldPath: String
        var type: String
        var reason: String
        var message: String
    }

    private var seen: [Key: RecordedEvent] = [:]
    private let podName: String
    private var serial = 0

    public init(podName: String) { self.podName = podName }

    /// Records one occurrence and returns the event as it now stands.
    public mutating func record(_ type: EventType, _ reason: String, _ message: String,
                                container: ContainerRef?, at now: Instant) -> RecordedEvent {
        let key = Key(fieldPath: container?.fieldPath ?? "", type: type.rawValue, reason: reason, message: message)
        if var event = seen[key] {
            event.count += 1
            event.lastTimestamp = now
            seen[key] = event
            return event
        }
        serial += 1
        // Kubernetes names events <object>.<hex of the first timestamp in ns>; the serial keeps it unique.
        let name = podName + "." + String(UInt64(bitPattern: now.micros &* 1000 &+ Int64(serial)), radix: 16)
        let event = RecordedEvent(name: name, type: type, reason: reason, message: message, container: container,
                                  firstTimestamp: now, lastTimestamp: now, count: 1)
        seen[key] = event
        if seen.count > Self.capacity { forgetOldest() }
        return event
    }

    /// client-go's event cache holds 4096 series; an older one that repeats starts a new series.
    public static let capacity = 4096

    /// Forgets the quarter of the series that last happened longest ago, so that the cost of
    /// forgetting is spread over many new series.
    private mutating func forgetOldest() {
        let oldest = seen.sorted { $0.value.lastTimestamp < $1.value.lastTimestamp }.prefix(Self.capacity / 4)
        for (key, _) in oldest { seen[key] = nil }
    }
}
