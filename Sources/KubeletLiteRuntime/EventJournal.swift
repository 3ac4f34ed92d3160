// kubelet-lite — EventJournal.swift
// Where events go: events.jsonl, the terminal's event stream, and the recent ones for describe.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// Publishes each event as a v1 Event: appended to `events.jsonl` and printed in the chosen format.
/// Keeps the latest state of recent events (bounded) for the describe view.
final class EventJournal {
    private static let recentLimit = 1000

    private let dir: SecureDirectory
    private let lost: LostRecords
    private var fd: Int32 = -1
    private var printer: EventPrinter
    private var recent: [String: JSONValue] = [:]
    private var recentOrder: [String] = []

    init(_ dir: SecureDirectory, printer: EventPrinter, lost: LostRecords) {
        self.dir = dir
        self.printer = printer
        self.lost = lost
    }

    func open() throws(StateDirectoryError) {
        fd = try dir.openFile("events.jsonl", O_WRONLY | O_CREAT | O_APPEND)
    }

    func printHeader() { printer.header() }

    func record(_ event: RecordedEvent, of incarnation: PodIncarnation) {
        let pod = incarnation.pod
        let document = PodDocument.event(event, pod: pod, uid: incarnation.uid, host: incarnation.placement.nodeName)
        if recent.updateValue(document, forKey: event.name) == nil {
            recentOrder.append(event.name)
            if recentOrder.count > EventJournal.recentLimit { recent[recentOrder.removeFirst()] = nil }
        }
        let json = document.serialized()
        if fd >= 0 {
            // One whole line or none: a full disk never leaves a torn record behind.
            var line = json + "\n"
            let failure = line.withUTF8 { appendWhole(fd, UnsafeRawBufferPointer($0)) }
            if failure == 0 { lost.wrote(.events) } else { lost.lost(1, .events, file: "events.jsonl", errno: failure) }
        }
        printer.print(event, json: JSONLine(text: json, podName: pod.metadata.name))
    }

    /// The latest state of each recent event, oldest first.
    var recentEvents: [JSONValue] { recentOrder.compactMap { recent[$0] } }

    /// A new incarnation starts with no recent events (the file keeps them all).
    func forgetRecent() {
        recent.removeAll()
        recentOrder.removeAll()
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
