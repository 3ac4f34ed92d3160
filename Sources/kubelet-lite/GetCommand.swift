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
        var namespace: String?
        var stateFlag: String?
        while let flag = scanner.nextFlag() {
            switch flag.name {
            case "-o", "--output": output = try scanner.value(for: flag)
            case "-n", "--namespace": namespace = try scanner.value(for: flag)
            case "--state-dir": stateFlag = try scanner.value(for: flag)
            default: throw scanner.unknown(flag.name)
            }
        }
        guard output == nil || output == "wide" || output == "json" else {
            throw UsageError(message: "-o takes wide or json, not \"\(output!)\"", usage: usage)
        }
        var names = scanner.positionals
        if let first = names.first, ["pods", "pod", "po"].contains(first) { names.removeFirst() }
        guard names.count <= 1 else { throw UsageError(message: "one NAME at most", usage: usage) }
        let root = StateDirectory.defaultRoot(flag: stateFlag)
        var records: [PodRecord]
        if let name = names.first {
            switch PodLookup.find(name, namespace: namespace, root: root) {
            case .success(let r): records = [r]
            case .failure(let e):
                printErr(e.message)
                return ExitStatus.podFailed
            }
        } else {
            records = StateReader.pods(in: root).filter {
                namespace == nil || $0.pod["metadata"]?["namespace"]?.stringValue == namespace
            }
        }
        if output == "json" {
            let items = records.map { record -> JSONValue in
                var pod = record.pod
                if case .object(var o) = pod, case .object(var status)? = o["status"] {
                    status["phase"] = .string(PodListView.phase(record.pod, alive: record.alive))
                    o["status"] = .object(status)
                    pod = .object(o)
                }
                return pod
            }
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
