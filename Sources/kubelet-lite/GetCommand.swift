// kubelet-lite — GetCommand.swift
// `kubelet-lite get`: the pods run from this state dir, as `kubectl get pods` lists them.

import KubeletLiteLifecycle
import KubeletLiteModel
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
        -o json prints a v1 List of the Pods (their pod.json).
        Exit status: 0, or 1 when NAME is not found, 2 on a usage error.
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
        guard output == nil || output == "wide" || output == "json" else {
            throw UsageError(message: "-o takes wide or json, not \"\(output!)\"", usage: usage)
        }
        let root = selection.root
        var records: [PodRecord]
        if let name = try PodSelection.name(scanner.positionals, required: false, usage: usage) {
            guard let record = selection.find(name) else { return ExitStatus.podFailed }
            records = [record]
        } else {
            records = StateReader.pods(in: root).filter {
                selection.namespace == nil || $0.pod["metadata"]?["namespace"]?.stringValue == selection.namespace
            }
        }
        if output == "json" {
            let items = records.map { PodListView.shown($0.pod, alive: $0.alive) }
            let list = JSONValue.object(JSONObject([("apiVersion", .string("v1")), ("kind", .string("List")),
                                                    ("items", .array(items)),
                                                    ("metadata", .object(JSONObject([("resourceVersion", .string(""))])))]))
            printOut(list.serialized(indent: 4))
            return ExitStatus.success
        }
        guard !records.isEmpty else {
            printErr("No resources found in \(root).")
            return ExitStatus.success
        }
        let now = RuntimeClock().now()
        let wide = output == "wide"
        let rows = [PodListView.header(wide: wide)] + records.map { PodListView.row($0.pod, alive: $0.alive, now: now, wide: wide) }
        printOut(PodListView.table(rows))
        return ExitStatus.success
    }
}
