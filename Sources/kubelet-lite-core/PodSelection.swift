// kubelet-lite — PodSelection.swift
// Which pods a verb is about, as kubectl chooses them: names or a label selector, in the current
// namespace (default, or -n) or in every one (-A), from the state directory of --state-dir.

import KubeletLitePresentation
import KubeletLiteRuntime

/// The state directory, the namespace scope, the label selector and the names of one command.
struct PodSelection {
    var namespace: String?
    var allNamespaces = false
    var selector: LabelSelector?
    var stateFlag: String?
    /// The pods named on the command line; none means every pod in scope.
    var names: [String] = []

    var root: String { StateDirectory.defaultRoot(flag: stateFlag) }

    /// kubectl's current namespace: `-n`, else `default` (kubelet-lite has no kubeconfig context).
    var currentNamespace: String { namespace ?? "default" }

    /// Reads `-l`; a selector that does not parse is a usage error.
    mutating func select(_ text: String, usage: String) throws(UsageError) {
        do throws(LabelSelectorError) {
            selector = try LabelSelector.parse(text)
        } catch {
            throw UsageError(message: error.message, usage: usage)
        }
    }

    /// The names from the operands, refusing what kubectl refuses alongside them.
    mutating func name(_ operands: [String], usage: String) throws(UsageError) {
        names = try ResourceArguments.names(operands, usage: usage)
        guard !names.isEmpty else { return }
        if selector != nil {
            throw UsageError(message: "name cannot be provided when a selector is specified", usage: usage)
        }
        if allNamespaces {
            throw UsageError(message: "a resource cannot be retrieved by name across all namespaces", usage: usage)
        }
    }

    /// kubectl's words for an empty answer: `No resources found in team-a namespace.`
    var nothingFound: String {
        allNamespaces ? "No resources found" : "No resources found in \(currentNamespace) namespace."
    }

    /// The pods chosen: the named ones, in order (each one missing is reported as kubectl reports
    /// it), or every pod in scope that the selector takes, sorted by namespace and name. Pods
    /// `delete` removed are left out, unless `deleted` (describe and logs still read their records
    /// by name; get -w prints them one last time). nil when the state directory cannot be read
    /// (reported).
    func resolve(deleted: Bool = false) -> (pods: [PodRecord], missing: Int)? {
        let all: [PodRecord]
        do throws(StateDirectoryError) {
            all = try StateReader.pods(in: root)
        } catch {
            printErr("error: cannot read the state directory: \(error)")
            return nil
        }
        guard !names.isEmpty else {
            return (all.filter { inScope($0) && (deleted || !$0.isDeleted) && matches($0) }, 0)
        }
        var found: [PodRecord] = []
        var missing = 0
        for name in names {
            if let record = all.first(where: { $0.name == name && $0.namespace == currentNamespace && (deleted || !$0.isDeleted) }) {
                found.append(record)
            } else {
                printErr("Error from server (NotFound): pods \"\(name)\" not found")
                missing += 1
            }
        }
        return (found, missing)
    }

    private func inScope(_ record: PodRecord) -> Bool {
        allNamespaces || record.namespace == currentNamespace
    }

    /// A pod whose pod.json does not read has no labels to match: only an empty selector takes it.
    private func matches(_ record: PodRecord) -> Bool {
        guard let selector else { return true }
        guard let pod = try? record.pod.get() else { return selector.requirements.isEmpty }
        return selector.matches(pod.metadata.labels)
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
