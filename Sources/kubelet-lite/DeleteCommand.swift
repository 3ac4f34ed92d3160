// kubelet-lite — DeleteCommand.swift
// `kubelet-lite delete`: stop a running pod gracefully, or remove a finished pod's state.

import KubeletLiteModel
import KubeletLiteRuntime

/// Deletes a pod as the API would: a graceful stop of a running pod, removal of an ended one.
enum DeleteCommand: Command {
    /// The flags of delete.
    enum Flags: FlagSet {
        case gracePeriod, now, wait, namespace, stateDir

        var flag: Flag {
            switch self {
            case .gracePeriod:
                Flag("--grace-period", value: "N", help: "use N seconds instead of the pod's terminationGracePeriodSeconds "
                        + "(a stop signal is still followed by at least 2 s before SIGKILL)")
            case .now: Flag("--now", help: "the same as --grace-period 1")
            case .wait: Flag("--wait", help: "return only once the pod has stopped")
            case .namespace: .namespace
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "delete"
    static let operands = "[pod] NAME"
    static let summary = "stop a pod gracefully, or remove an ended one's state"
    static let description = """
        Delete a pod. A running pod is stopped gracefully by its apply, exactly as on SIGTERM
        (Killing, preStop, stop signal, grace period, SIGKILL), and its apply exits 0. The
        state of a pod that has ended (or whose supervisor died) is removed.
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "deleted, or its stop is under way (done, with --wait)"),
        (.failure, "NAME is not found, or its supervisor cannot be reached"),
        (.refused, "a usage error"),
    ]

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var grace: Int64?
        var wait = false
        var selection = PodSelection()
        while let found = try scanner.next() {
            switch found.flag {
            case .gracePeriod:
                guard let n = Int64(found.value), n >= 0 else {
                    throw scanner.error("--grace-period takes a whole number of seconds, not \"\(found.value)\"")
                }
                grace = n
            case .now: grace = 1
            case .wait: wait = true
            case .namespace: selection.namespace = found.value
            case .stateDir: selection.stateFlag = found.value
            }
        }
        let name = try PodSelection.name(scanner.positionals, required: true, usage: usage) ?? ""
        // A pod whose pod.json does not read is deleted all the same: only its directory is needed.
        guard let record = selection.find(name) else { return .failure }
        if record.alive {
            switch ControlClient.send(ControlRequest(gracePeriodSeconds: grace), to: record.controlSocket,
                                      wait: wait) {
            case .accepted:
                printOut("pod \"\(name)\" deleted")
                return .success
            case .notRunning:
                break  // it ended meanwhile: remove its state below
            case .failed(let why):
                printErr("error: cannot reach the supervisor of pod \"\(name)\": \(why)")
                return .failure
            }
        }
        guard StateReader.remove(record, root: selection.root) else {
            printErr("error: pod \"\(name)\" is running again; try again")
            return .failure
        }
        printOut("pod \"\(name)\" deleted")
        return .success
    }
}
