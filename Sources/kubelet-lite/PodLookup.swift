// kubelet-lite — PodLookup.swift
// Finding a pod of the state directory by name, for get, describe and logs.

import KubeletLiteModel
import KubeletLiteRuntime

/// Resolves NAME (and an optional namespace) to the pod directory that holds it.
enum PodLookup {
    /// The one pod called `name`; an error message naming what went wrong otherwise.
    static func find(_ name: String, namespace: String?, root: String) -> Result<PodRecord, LookupError> {
        let matches = StateReader.pods(in: root).filter { record in
            record.pod["metadata"]?["name"]?.stringValue == name
                && (namespace == nil || record.pod["metadata"]?["namespace"]?.stringValue == namespace)
        }
        if matches.count == 1 { return .success(matches[0]) }
        if matches.isEmpty {
            let ns = namespace.map { " in namespace \"\($0)\"" } ?? ""
            return .failure(LookupError(message: "Error from server (NotFound): pods \"\(name)\" not found\(ns) (state dir \(root))"))
        }
        let spaces = matches.compactMap { $0.pod["metadata"]?["namespace"]?.stringValue }.joined(separator: ", ")
        return .failure(LookupError(message: "error: pod \"\(name)\" exists in several namespaces (\(spaces)); choose one with -n"))
    }
}

/// A pod that could not be found, worded as kubectl words it.
struct LookupError: Error {
    var message: String
}
