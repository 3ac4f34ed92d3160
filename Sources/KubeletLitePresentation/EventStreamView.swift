// kubelet-lite — EventStreamView.swift
// The lines `apply` prints for its events in text mode (architecture §9.4).

import KubeletLiteLifecycle

/// `TIME TYPE REASON OBJECT MESSAGE` lines: time since the start, kubectl's event columns.
///
/// The lines are printed as events happen, so the columns cannot widen to what comes later: each
/// keeps its width, and a longer value (a long container name, `FailedPostStartHook`) is cut with
/// an ellipsis, as kubectl's printers shorten what does not fit. The whole value is in
/// events.jsonl, `-o json` and `describe`.
public enum EventStreamView {
    private static let widths = [10, 9, 11, 26]

    /// The header line.
    public static var header: String { row(["TIME", "TYPE", "REASON", "OBJECT", "MESSAGE"]) }

    /// The line of one occurrence of `event`, `startedAt` being the moment apply began.
    public static func line(_ event: RecordedEvent, podName: String, startedAt: Instant) -> String {
        let object = event.container.map { "container/\($0.name)" } ?? "pod/\(podName)"
        let message = event.count > 1 ? "\(event.message) (x\(event.count))" : event.message
        return row([elapsed(event.lastTimestamp - startedAt), event.type.rawValue, event.reason, object, message])
    }

    /// Pads each column to its width; a value that would leave no space after it is cut to fit,
    /// ending in `…`. The message, last, is never cut.
    static func row(_ cells: [String]) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            guard i < widths.count else {
                line += cell
                continue
            }
            let fitted = cell.count < widths[i] ? cell : cell.prefix(widths[i] - 2) + "…"
            line += fitted + String(repeating: " ", count: widths[i] - fitted.count)
        }
        return line + "\n"
    }

    /// `+0.004s`, `+35.01s`, `+125.3s`: about four significant digits.
    public static func elapsed(_ d: Micros) -> String {
        let v = max(d.value, 0)
        let whole = v / 1_000_000
        let frac = v % 1_000_000
        func digits(_ n: Int) -> String {
            var divisor: Int64 = 1
            for _ in 0..<(6 - n) { divisor *= 10 }
            let f = String(frac / divisor)
            return String(repeating: "0", count: n - f.count) + f
        }
        if whole < 10 { return "+\(whole).\(digits(3))s" }
        if whole < 100 { return "+\(whole).\(digits(2))s" }
        if whole < 1000 { return "+\(whole).\(digits(1))s" }
        return "+\(whole)s"
    }
}
