// kubelet-lite — PodLookup.swift
// Finding a pod of the state directory by name, for get, describe, logs and delete.

import KubeletLiteRuntime

/// Resolves NAME (and an optional namespace) to the pod directory that holds it.
enum PodLookup {
    /// The one pod called `name`; an error message naming what went wrong otherwise. A pod whose
    /// pod.json does not read is found too (by its directory), so that its error can be shown and
    /// its state deleted.
    static func find(_ name: String, namespace: String?, root: String) -> Result<PodRecord, LookupError> {
        let all: [PodRecord]
        do throws(StateDirectoryError) {
            all = try StateReader.pods(in: root)
        } catch {
            return .failure(LookupError(message: "error: cannot read the state directory: \(error)"))
        }
        let matches = all.filter { record in record.name == name && (namespace == nil || record.namespace == namespace) }
        if matches.count == 1 { return .success(matches[0]) }
        if matches.isEmpty {
            let ns = namespace.map { " in namespace \"\($0)\"" } ?? ""
            return .failure(LookupError(message: "Error from server (NotFound): pods \"\(name)\" not found\(ns) (state dir \(root))"))
        }
        let spaces = matches.map(\.namespace).joined(separator: ", ")
        return .failure(LookupError(message: "error: pod \"\(name)\" exists in several namespaces (\(spaces)); choose one with -n"))
    }
}

/// A pod that could not be found, worded as kubectl words it.
struct LookupError: Error {
    var message: String
}
