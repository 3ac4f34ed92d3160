// kubelet-lite — EventPrinter.swift
// The event stream on stdout: aligned lines (their layout is the presentation's), or one v1 Event a line.

import KubeletLiteLifecycle
import KubeletLitePresentation

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

    init(format: OutputFormat, startedAt: Instant, output: TerminalOutput) {
        self.format = format
        self.startedAt = startedAt
        self.output = output
    }

    func header() {
        guard format == .text else { return }
        output.write(EventStreamView.header)
    }

    func print(_ event: RecordedEvent, json: JSONLine) {
        switch format {
        case .json:
            output.write(json.text + "\n")
        case .text:
            output.write(EventStreamView.line(event, podName: json.podName, startedAt: startedAt))
        }
    }
}

/// A v1 Event already serialised to one JSON line, with the pod name for text mode.
struct JSONLine {
    var text: String
    var podName: String
}
