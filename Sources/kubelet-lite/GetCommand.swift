// kubelet-lite — GetCommand.swift
// `kubelet-lite get`: the pods run from this state dir, as `kubectl get pods` lists them.

import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// Lists pods with kubectl's READY, STATUS, RESTARTS and AGE columns, or as a v1 List.
enum GetCommand: Command {
    /// The flags of get.
    enum Flags: FlagSet {
        case namespace, output, stateDir

        var flag: Flag {
            switch self {
            case .namespace: Flag("--namespace", short: "-n", value: "NAMESPACE", help: "only the pods of this namespace")
            case .output: Flag("--output", short: "-o", value: "wide|json", help: "wide adds IP and NODE; json prints "
                                + "a v1 List of the Pods (their pod.json)")
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "get"
    static let operands = "[pods] [NAME]"
    static let summary = "list the pods of the state dir"
    static let description = "List the pods run from this state directory, as kubectl get pods does."
    static let details = """
        Columns: NAME, READY (ready/total containers), STATUS (the phase, Init:i/N while
        initialising, a waiting or terminated reason such as CrashLoopBackOff, Terminating
        while a stop is under way, Unknown when the supervisor died without a clean stop),
        RESTARTS (with how long ago the last one was), AGE; -o wide adds IP and NODE.
        A pod.json that cannot be read is reported on stderr, naming the field at fault.
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "listed (no pod at all is fine)"),
        (.failure, "NAME is not found, or a pod.json cannot be read"),
        (.refused, "a usage error"),
    ]

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var output: String?
        var selection = PodSelection()
        while let found = try scanner.next() {
            switch found.flag {
            case .namespace: selection.namespace = found.value
            case .output: output = found.value
            case .stateDir: selection.stateFlag = found.value
            }
        }
        if let output, output != "wide" && output != "json" {
            throw scanner.error("-o takes wide or json, not \"\(output)\"")
        }
        let records: [PodRecord]
        if let name = try PodSelection.name(scanner.positionals, required: false, usage: usage) {
            guard let record = selection.find(name) else { return .failure }
            records = [record]
        } else {
            do throws(StateDirectoryError) {
                records = try StateReader.pods(in: selection.root).filter {
                    selection.namespace == nil || $0.namespace == selection.namespace
                }
            } catch {
                printErr("error: cannot read the state directory: \(error)")
                return .failure
            }
        }
        // Every pod that reads is listed; each one that does not is reported (as kubectl reports
        // the objects it could not get) and makes the exit status 1.
        let pods = records.compactMap { record in PodSelection.read(record).map { (pod: $0, alive: record.alive) } }
        let status: ExitStatus = pods.count == records.count ? .success : .failure
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
