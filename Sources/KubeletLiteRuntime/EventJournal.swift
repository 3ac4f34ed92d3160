// kubelet-lite — EventJournal.swift
// Where events go: events.jsonl (one record per event series), the terminal, and describe's view.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// Publishes events as v1 Events, as the API server keeps them: one record per series, whose
/// `count` and `lastTimestamp` grow with each repeat (architecture §6.3). A new series is appended
/// to events.jsonl at the end of the loop iteration it happened in; a repeat rewrites the file, at
/// most once per `rewriteInterval`; the file holds the latest `limit` series.
final class EventJournal {
    static let limit = 1000
    static let rewriteInterval = Micros(1_000_000)

    /// The latest state of one series, and when it last changed (a sequence number: newest wins).
    private struct Series {
        var line: String
        var document: JSONValue
        var changed: Int
        var incarnation: Int
    }

    private let dir: SecureDirectory
    private let lost: LostRecords
    private let loop: EventLoop
    private var fd: Int32 = -1
    private var printer: EventPrinter
    private var series: [String: Series] = [:]
    private var sequence = 0
    private var incarnation = 0
    /// New series not yet appended.
    private var appends: [String] = []
    /// A series already in the file has changed (or one must go): the file is rewritten.
    private var stale = false
    private var rewrittenAt: Instant?
    private var wakeup: EventLoop.TimerToken?

    init(_ dir: SecureDirectory, printer: EventPrinter, lost: LostRecords, loop: EventLoop) {
        self.dir = dir
        self.printer = printer
        self.lost = lost
        self.loop = loop
    }

    func open() throws(StateDirectoryError) {
        fd = try dir.openFile("events.jsonl", O_WRONLY | O_CREAT | O_APPEND)
    }

    func printHeader() { printer.header() }

    /// One occurrence: printed now, in the file by the end of this iteration (`flush`).
    func record(_ event: RecordedEvent, of incarnation: PodIncarnation) {
        let pod = incarnation.pod
        let document = PodDocument.event(event, pod: pod, uid: incarnation.uid, host: incarnation.placement.nodeName)
        let line = document.serialized()
        sequence += 1
        if series.updateValue(Series(line: line, document: document, changed: sequence, incarnation: self.incarnation),
                              forKey: event.name) == nil {
            appends.append(line)
            if series.count > Self.limit { stale = true }
        } else {
            stale = true
        }
        printer.print(event, json: JSONLine(text: line, podName: pod.metadata.name))
    }

    /// Writes what this iteration recorded: new series appended in one write, and the whole file
    /// rewritten if a series changed and the last rewrite is old enough (`force`: whatever its age).
    func flush(force: Bool = false) {
        if stale {
            let now = loop.now()
            if force || rewrittenAt.map({ now >= $0 + Self.rewriteInterval }) ?? true {
                if rewrite() {
                    rewrittenAt = now
                    return
                }
            } else if wakeup == nil {
                // The loop flushes after every wake-up: this one brings the held-back rewrite.
                wakeup = loop.schedule(at: (rewrittenAt ?? now) + Self.rewriteInterval) { [unowned self] in
                    self.wakeup = nil
                }
            }
        }
        guard !appends.isEmpty, fd >= 0 else { return }
        // One write of whole lines, or none: a full disk never leaves a torn record behind.
        var text = appends.joined(separator: "\n") + "\n"
        let failure = text.withUTF8 { appendWhole(fd, UnsafeRawBufferPointer($0)) }
        if failure == 0 {
            lost.wrote(.events)
            appends.removeAll()
        } else {
            lost.lost(appends.count, .events, file: "events.jsonl", errno: failure)
        }
    }

    /// The file afresh: the latest `limit` series, oldest change first. The append descriptor
    /// follows the new file.
    private func rewrite() -> Bool {
        if series.count > Self.limit {
            let keep = series.sorted { $0.value.changed > $1.value.changed }.prefix(Self.limit)
            series = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
        let text = series.values.sorted { $0.changed < $1.changed }.map { $0.line + "\n" }.joined()
        do throws(StateDirectoryError) {
            try dir.writeAtomically("events.jsonl", text)
            let reopened = try dir.openFile("events.jsonl", O_WRONLY | O_APPEND)
            if fd >= 0 { Glibc.close(fd) }
            fd = reopened
            lost.wrote(.events)
            appends.removeAll()
            stale = false
            return true
        } catch {
            lost.lost(1, .events, file: "events.jsonl", errno: error.errno ?? EIO)
            return false
        }
    }

    /// The latest state of this incarnation's events, oldest change first (the describe view).
    var recentEvents: [JSONValue] {
        series.values.filter { $0.incarnation == incarnation }.sorted { $0.changed < $1.changed }.map(\.document)
    }

    /// A new incarnation: describe shows only its events (the file keeps the earlier ones).
    func forgetRecent() { incarnation += 1 }

    func close() {
        flush(force: true)
        if let wakeup { loop.cancel(wakeup) }
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
