// kubelet-lite — WaitCommand.swift
// `kubelet-lite wait`: block until pods meet a condition, as `kubectl wait` (architecture §6.8).

import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// Waits for a condition on one or more pods, woken by inotify and the control socket, never polling.
enum WaitCommand: Command {
    /// The flags of wait.
    enum Flags: FlagSet {
        case forCondition, timeout, namespace, stateDir

        var flag: Flag {
            switch self {
            case .forCondition:
                Flag("--for", value: "CONDITION", help: "condition=NAME[=VALUE] (a pod condition: Ready, "
                        + "ContainersReady, Initialized, PodScheduled; VALUE true by default, or false), delete, "
                        + "or jsonpath='{.FIELD}'[=VALUE] (dotted fields and [N] indexes only, as "
                        + "{.status.containerStatuses[0].ready}; without =VALUE, the field exists)")
            case .timeout:
                Flag("--timeout", value: "DURATION", help: "how long to wait for each pod before giving up, "
                        + "in Go's duration syntax (30s, 1m30s, 500ms); 0 checks once, a negative value waits a week",
                     default: "30s")
            case .namespace: .namespace
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "wait"
    static let operands = "[pod] NAME..."
    static let summary = "wait until pods are Ready, deleted, or a field has a value"
    static let description = """
        Wait until each named pod meets the condition, as kubectl wait does, and print
        "pod/NAME condition met" for each. Nothing is polled: the wait wakes when pod.json
        or the deleted mark is renamed into place (inotify) and when the supervisor exits
        (end of file on a connection to its control socket).
        """
    static let details = """
        NAME may also be written pod/NAME. With several, each is waited for in turn, each
        with the whole --timeout. --for=delete is met at once by a pod that is not there, and
        otherwise once delete has marked the pod and its supervisor has exited. Typical use:
          kubelet-lite apply -d pod.json
          kubelet-lite wait pod/web --for=condition=Ready --timeout=60s
          kubelet-lite wait web --for=jsonpath='{.status.phase}'=Succeeded
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "every pod met the condition"),
        (.failure, "a pod is not found, or timed out (error: timed out waiting for the condition on "
            + "pods/NAME), or the wait was interrupted (SIGINT, SIGTERM)"),
        (.refused, "a usage error, or a --for that does not read"),
    ]

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var selection = PodSelection()
        var condition: WaitCondition?
        var timeout: Int64? = 30_000_000
        while let found = try scanner.next() {
            switch found.flag {
            case .forCondition:
                switch WaitCondition.parse(found.value) {
                case .success(let parsed): condition = parsed
                case .failure(let e): throw scanner.error(e.message)
                }
            case .timeout:
                guard let micros = GoDurationText.parse(found.value) else {
                    throw scanner.error("--timeout takes a duration as 30s, 1m or 500ms, not \"\(found.value)\"")
                }
                // kubectl: a negative timeout is a week.
                timeout = micros < 0 ? 7 * 86_400 * 1_000_000 : micros
            case .namespace: selection.namespace = found.value
            case .stateDir: selection.stateFlag = found.value
            }
        }
        guard let condition else { throw scanner.error("--for is required (condition=NAME, delete or jsonpath=...)") }
        let operands = scanner.positionals.first == "pod" || scanner.positionals.first == "pods"
            ? Array(scanner.positionals.dropFirst()) : scanner.positionals
        try selection.name(operands, usage: usage)
        guard !selection.names.isEmpty else { throw scanner.error("missing NAME: which pods to wait for") }
        // Ctrl-C ends the wait with status 1, as kubectl's interrupted wait.
        SupervisorSignals.exitOnInterrupt()
        var status = ExitStatus.success
        for name in selection.names where !wait(for: name, condition, timeout: timeout, selection: selection) {
            status = .failure
        }
        return status
    }

    /// Waits for one pod; prints kubectl's line for what happened; true if the condition was met.
    static func wait(for name: String, _ condition: WaitCondition, timeout: Int64?, selection: PodSelection) -> Bool {
        let key = "\(selection.currentNamespace)_\(name)"
        let exists = (try? StateReader.pod(key: key, in: selection.root)).map { !$0.isDeleted } ?? false
        if !exists && condition != .delete {
            printErr("Error from server (NotFound): pods \"\(name)\" not found")
            return false
        }
        let met = PodWaiter.wait(root: selection.root, key: key, timeout: timeout) { state in
            guard condition != .delete else {
                // Gone: never there, deleted and its supervisor exited (or force-deleted).
                guard let record = state.record else { return true }
                return record.isDeleted && (state.supervisorGone || !record.alive || record.deletion?.force == true)
            }
            guard let document = state.document, state.record?.isDeleted != true else { return false }
            return condition.isMet(by: document)
        }
        if met {
            printOut("pod/\(name) condition met")
        } else {
            printErr("error: timed out waiting for the condition on pods/\(name)")
        }
        return met
    }
}
