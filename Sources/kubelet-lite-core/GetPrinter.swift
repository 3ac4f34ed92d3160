// kubelet-lite — GetPrinter.swift
// What `get` prints: kubectl's table, a Pod or a v1 List as JSON or YAML, or pod/NAME lines.

import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// What `get` was asked for.
struct GetRequest {
    var selection = PodSelection()
    var format = GetFormat.table
    var watch = false

    /// kubectl prints the object itself for one name, a List otherwise (a selector, several names).
    var singleObject: Bool { selection.names.count == 1 }
}

/// The value of `-o`.
enum GetFormat: String {
    case table = ""
    case wide, json, yaml, name
}

/// One pod as get shows it: its pod.json read, and whether its supervisor runs.
struct ShownPod {
    var pod: PublishedPod
    var alive: Bool

    /// The document with the phase and containers get shows (Unknown, lost, for a dead supervisor).
    var document: JSONValue { pod.shown(alive: alive).document }
}

/// Prints the pods of one `get`.
enum GetPrinter {
    static func once(_ request: GetRequest) -> ExitStatus {
        guard let (records, missing) = request.selection.resolve() else { return .failure }
        // Every pod that reads is printed; each one that does not is reported (as kubectl reports the
        // objects it could not get) and makes the exit status 1.
        let pods = records.compactMap { record in PodSelection.read(record).map { ShownPod(pod: $0, alive: record.alive) } }
        let status: ExitStatus = missing == 0 && pods.count == records.count ? .success : .failure
        switch request.format {
        case .json, .yaml:
            if request.singleObject {
                if let pod = pods.first { printOut(serialized(pod.document, request.format)) }
            } else {
                printOut(serialized(list(pods.map(\.document)), request.format))
            }
        case .name:
            for pod in pods { printOut("pod/\(pod.pod.metadata.name)") }
        case .table, .wide:
            if records.isEmpty && request.selection.names.isEmpty { printErr(request.selection.nothingFound) }
            if !pods.isEmpty { printOut(table(pods, request, header: true)) }
        }
        return status
    }

    /// The rows of `pods`, aligned as kubectl's tabwriter aligns what it prints at once.
    static func table(_ pods: [ShownPod], _ request: GetRequest, header: Bool) -> String {
        let now = RuntimeClock().now()
        let wide = request.format == .wide
        let namespaces = request.selection.allNamespaces
        let rows = pods.map { PodListView.row($0.pod, alive: $0.alive, now: now, wide: wide, namespaces: namespaces) }
        return PodListView.table((header ? [PodListView.header(wide: wide, namespaces: namespaces)] : []) + rows)
    }

    /// JSON with four spaces, as kubectl indents it, or kubectl's YAML.
    static func serialized(_ value: JSONValue, _ format: GetFormat) -> String {
        format == .yaml ? YAMLOutput.document(value) : value.serialized(indent: 4)
    }

    /// A v1 List of the pods, as `kubectl get pods -o json` prints it.
    static func list(_ items: [JSONValue]) -> JSONValue {
        .object(JSONObject([("apiVersion", .string("v1")), ("kind", .string("List")), ("items", .array(items)),
                            ("metadata", .object(JSONObject([("resourceVersion", .string(""))])))]))
    }
}
