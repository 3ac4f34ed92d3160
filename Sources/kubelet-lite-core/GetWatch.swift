// kubelet-lite — GetWatch.swift
// `get -w`: the list, then each pod again whenever it changes, as kubectl's watch prints it.

import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// Prints the pods, then waits on the state directory (inotify, no polling) and prints a pod each
/// time its pod.json, its supervisor or its deletion changes what it is; a pod that leaves (delete)
/// is printed one last time. Runs until interrupted, which ends it with kubectl's exit status 1.
enum GetWatch {
    static func run(_ request: GetRequest) -> ExitStatus {
        SupervisorSignals.exitOnInterrupt()
        // The watches come first, so that nothing that happens while the list is read is missed.
        guard let watcher = StateWatcher(root: request.selection.root) else {
            printErr("error: cannot watch the state directory: inotify is not available")
            return .failure
        }
        // A NAME that is not there is an error at once, as kubectl's watch of a missing object.
        guard let (_, missing) = request.selection.resolve(), missing == 0 else { return .failure }
        var printer = WatchPrinter(request: request)
        var seen: [String: ShownPod] = [:]
        while true {
            guard let (records, _) = request.selection.resolve(deleted: true) else { return .failure }
            var now: [String: ShownPod] = [:]
            var changed: [ShownPod] = []
            for record in records {
                guard case .success(let pod) = record.pod else { continue }
                let shown = ShownPod(pod: pod, alive: record.alive)
                if record.isDeleted {
                    // Deleted: printed once more as it ended (kubectl's DELETED event), then forgotten.
                    if seen[record.key] != nil { changed.append(shown) }
                    continue
                }
                now[record.key] = shown
                if seen[record.key]?.document != shown.document { changed.append(shown) }
            }
            // A pod whose directory is gone altogether: its last state, once.
            let present = Set(records.map(\.key))
            let vanished = seen.keys.sorted().filter { !present.contains($0) }
            printer.print(changed + vanished.compactMap { seen[$0] })
            seen = now
            watcher.waitForChange()
        }
    }
}

/// Writes what a watch shows, in the format of `-o`: the first rows under a header, later rows
/// each aligned by itself (kubectl flushes its tabwriter after every event); objects one after
/// another, YAML ones separated by `---`.
struct WatchPrinter {
    let request: GetRequest
    private var printedHeader = false
    private var objects = 0

    init(request: GetRequest) { self.request = request }

    mutating func print(_ pods: [ShownPod]) {
        guard !pods.isEmpty else { return }
        switch request.format {
        case .table, .wide:
            if printedHeader {
                for pod in pods { printOut(GetPrinter.table([pod], request, header: false)) }
            } else {
                printOut(GetPrinter.table(pods, request, header: true))
                printedHeader = true
            }
        case .json:
            for pod in pods { printOut(pod.document.serialized(indent: 4)) }
        case .yaml:
            for pod in pods {
                objects += 1
                printOut((objects > 1 ? "---\n" : "") + YAMLOutput.document(pod.document))
            }
        case .name:
            for pod in pods { printOut("pod/\(pod.pod.metadata.name)") }
        }
    }
}
