// kubelet-lite — PodSelection.swift
// What every pod verb takes besides its own flags: -n NAMESPACE, --state-dir DIR, [pod] NAME.

import KubeletLitePresentation
import KubeletLiteRuntime

/// Which state dir and which pod a verb is about.
struct PodSelection {
    var namespace: String?
    var stateFlag: String?

    var root: String { StateDirectory.defaultRoot(flag: stateFlag) }

    /// NAME, after an optional `pod`/`pods`/`po` as kubectl allows; nil when optional and absent.
    static func name(_ positionals: [String], required: Bool, usage: String) throws(UsageError) -> String? {
        var names = positionals
        if let first = names.first, ["pods", "pod", "po"].contains(first) { names.removeFirst() }
        if names.count > 1 { throw UsageError(message: "one NAME at a time", usage: usage) }
        if required && names.isEmpty { throw UsageError(message: "missing NAME", usage: usage) }
        return names.first
    }

    /// The pod called `name`, or nil after printing kubectl's not-found message.
    func find(_ name: String) -> PodRecord? {
        switch PodLookup.find(name, namespace: namespace, root: root) {
        case .success(let record): return record
        case .failure(let e):
            printErr(e.message)
            return nil
        }
    }

    /// The pod called `name`, read; nil after printing why it is not there or does not read.
    func published(_ name: String) -> (record: PodRecord, pod: PublishedPod)? {
        guard let record = find(name) else { return nil }
        guard let pod = PodSelection.read(record) else { return nil }
        return (record, pod)
    }

    /// The record's pod.json, read; nil after printing which field of it is wrong.
    static func read(_ record: PodRecord) -> PublishedPod? {
        switch record.pod {
        case .success(let pod): return pod
        case .failure(let e):
            printErr("error: \(e)")
            return nil
        }
    }
}
