// kubelet-lite — GetCommand.swift
// `kubelet-lite get`: the pods run from this state dir, as `kubectl get pods` lists them.

import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// Lists pods with kubectl's READY, STATUS, RESTARTS and AGE columns, or as a v1 List.
enum GetCommand: Command {
    static let name = "get"
    static let usage = "kubelet-lite get [pods] [NAME] [-n NAMESPACE] [-o wide|json] [--state-dir DIR]"
    static let help = """
        List the pods run from this state directory, as kubectl get pods does.

        Usage:
          \(usage)

        Columns: NAME, READY (ready/total containers), STATUS (the phase, Init:i/N while
        initialising, a waiting or terminated reason such as CrashLoopBackOff, Terminating
        while a stop is under way, Unknown when the supervisor died without a clean stop),
        RESTARTS (with how long ago the last one was), AGE; -o wide adds IP and NODE.
        -o json prints a v1 List of the Pods (their pod.json). A pod.json that cannot be
        read is reported on stderr, naming the field at fault.
        Exit status: 0, or 1 when NAME is not found or a pod.json cannot be read, 2 on a usage error.
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        var scanner = ArgumentScanner(args, usage: usage)
        var output: String?
        var selection = PodSelection()
        while let flag = scanner.nextFlag() {
            if try selection.take(flag, from: &scanner) { continue }
            switch flag.name {
            case "-o", "--output": output = try scanner.value(for: flag)
            default: throw scanner.unknown(flag.name)
            }
        }
        if let output, output != "wide" && output != "json" {
            throw UsageError(message: "-o takes wide or json, not \"\(output)\"", usage: usage)
        }
        let records: [PodRecord]
        if let name = try PodSelection.name(scanner.positionals, required: false, usage: usage) {
            guard let record = selection.find(name) else { return ExitStatus.podFailed }
            records = [record]
        } else {
            records = StateReader.pods(in: selection.root).filter {
                selection.namespace == nil || $0.namespace == selection.namespace
            }
        }
        // Every pod that reads is listed; each one that does not is reported (as kubectl reports
        // the objects it could not get) and makes the exit status 1.
        let pods = records.compactMap { record in PodSelection.read(record).map { (pod: $0, alive: record.alive) } }
        let status = pods.count == records.count ? ExitStatus.success : ExitStatus.podFailed
        if output == "json" {
            printOut(list(pods.map { $0.pod.shown(alive: $0.alive).document }).serialized(indent: 4))
            return status
        }
        guard !records.isEmpty else {
            printErr("No resources found in \(selection.root).")
            return status
        }
        guard !pods.isEmpty else { return status }
        let now = RuntimeClock().now()
        let wide = output == "wide"
        let rows = [PodListView.header(wide: wide)] + pods.map { PodListView.row($0.pod, alive: $0.alive, now: now, wide: wide) }
        printOut(PodListView.table(rows))
        return status
    }

    /// A v1 List of the pods, as `kubectl get pods -o json` prints it.
    static func list(_ items: [JSONValue]) -> JSONValue {
        .object(JSONObject([("apiVersion", .string("v1")), ("kind", .string("List")), ("items", .array(items)),
                            ("metadata", .object(JSONObject([("resourceVersion", .string(""))])))]))
    }
}
