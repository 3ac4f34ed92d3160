// kubelet-lite — EventPrinter.swift
// The event stream on stdout: kubectl-describe-like columns, or one v1 Event per line.

import Glibc
import KubeletLiteLifecycle

/// How `apply` prints events.
public enum OutputFormat: String, Sendable {
    case text
    case json
}

/// Writes events to stdout in the chosen format.
struct EventPrinter {
    let format: OutputFormat
    let startedAt: Instant
    let output: TerminalOutput
    private static let widths = [10, 9, 11, 26]

    init(format: OutputFormat, startedAt: Instant, output: TerminalOutput) {
        self.format = format
        self.startedAt = startedAt
        self.output = output
    }

    func header() {
        guard format == .text else { return }
        output.write(EventPrinter.row(["TIME", "TYPE", "REASON", "OBJECT", "MESSAGE"]))
    }

    func print(_ event: RecordedEvent, json: JSONLine) {
        switch format {
        case .json:
            output.write(json.text + "\n")
        case .text:
            let object = event.container.map { "container/\($0.name)" } ?? "pod/\(json.podName)"
            let time = EventPrinter.elapsed(event.lastTimestamp - startedAt)
            let message = event.count > 1 ? "\(event.message) (x\(event.count))" : event.message
            output.write(EventPrinter.row([time, event.type.rawValue, event.reason, object, message]))
        }
    }

    /// Pads each column to its width, and always leaves a space after a long value.
    static func row(_ cells: [String]) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            line += cell
            if i < widths.count {
                let pad = max(widths[i] - cell.count, 1)
                line += String(repeating: " ", count: pad)
            }
        }
        return line + "\n"
    }

    /// `+0.004s`, `+35.01s`, `+125.3s`: about four significant digits.
    static func elapsed(_ d: Micros) -> String {
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

/// A v1 Event already serialised to one JSON line, with the pod name for text mode.
struct JSONLine {
    var text: String
    var podName: String
}
