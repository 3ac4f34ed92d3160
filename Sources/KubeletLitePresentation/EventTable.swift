// kubelet-lite — EventTable.swift
// The events table at the end of `kubectl describe pod` (lifecycle §15.3).

import KubeletLiteLifecycle

/// `Events:` and one row per event, sorted by last occurrence; `Age` as `8s (x2 over 18s)`.
enum EventTable {
    static func render(_ events: [PublishedEvent], now: Instant) -> String {
        // A series can appear more than once (a supervisor that died before it rewrote the file,
        // an older file): the latest state of each counts.
        var latest: [String: PublishedEvent] = [:]
        var order: [String] = []
        for e in events {
            if latest[e.name] == nil { order.append(e.name) }
            latest[e.name] = e
        }
        guard !order.isEmpty else { return "Events:           <none>" }
        let rows: [[String]] = order.compactMap { latest[$0] }
            .sorted { ($0.lastTimestamp?.micros ?? .min) < ($1.lastTimestamp?.micros ?? .min) }
            .map { row($0, now: now) }
        let header = [["Type", "Reason", "Age", "From", "Message"], ["----", "------", "----", "----", "-------"]]
        let all = header + rows
        let widths = (0..<4).map { col in all.map { $0[col].count }.max() ?? 0 }
        let lines = all.map { row in
            "  " + (0..<4).map { row[$0].padded(to: widths[$0] + 2) }.joined() + row[4]
        }
        return (["Events:"] + lines).joined(separator: "\n")
    }

    private static func row(_ e: PublishedEvent, now: Instant) -> [String] {
        let last = e.lastTimestamp.map { HumanDuration.format(now - $0) } ?? "<unknown>"
        let first = e.firstTimestamp.map { HumanDuration.format(now - $0) } ?? "<unknown>"
        let age = e.count > 1 ? "\(last) (x\(e.count) over \(first))" : first
        let message = e.message.trimmingWhitespace
        return [e.type.rawValue, e.reason, age, e.component ?? "", e.fieldPath.map { "\($0): \(message)" } ?? message]
    }
}
