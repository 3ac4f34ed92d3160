// kubelet-lite — DeleteCommand.swift
// `kubelet-lite delete`: stop a running pod gracefully, or remove a finished pod's state.

import KubeletLiteModel
import KubeletLiteRuntime

/// Deletes a pod as the API would: a graceful stop of a running pod, removal of an ended one.
enum DeleteCommand: Command {
    static let name = "delete"
    static let usage = "kubelet-lite delete [pod] NAME [--grace-period N] [--now] [--wait] [-n NAMESPACE] [--state-dir DIR]"
    static let help = """
        Delete a pod. A running pod is stopped gracefully by its apply, exactly as on SIGTERM
        (Killing, preStop, stop signal, grace period, SIGKILL), and its apply exits 0. The
        state of a pod that has ended (or whose supervisor died) is removed.

        Usage:
          \(usage)

        --grace-period N   use N seconds instead of the pod's terminationGracePeriodSeconds
                           (a stop signal is still followed by at least 2 s before SIGKILL)
        --now              the same as --grace-period 1
        --wait             return only once the pod has stopped
        Exit status: 0, 1 when NAME is not found, 2 on a usage error.
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        var scanner = ArgumentScanner(args, usage: usage)
        var grace: Int64?
        var wait = false
        var selection = PodSelection()
        while let flag = scanner.nextFlag() {
            if try selection.take(flag, from: &scanner) { continue }
            switch flag.name {
            case "--grace-period":
                let v = try scanner.value(for: flag)
                guard let n = Int64(v), n >= 0 else {
                    throw UsageError(message: "--grace-period takes a whole number of seconds, not \"\(v)\"", usage: usage)
                }
                grace = n
            case "--now": grace = 1
            case "--wait": wait = true
            default: throw scanner.unknown(flag.name)
            }
        }
        let name = try PodSelection.name(scanner.positionals, required: true, usage: usage) ?? ""
        // A pod whose pod.json does not read is deleted all the same: only its directory is needed.
        guard let record = selection.find(name) else { return ExitStatus.podFailed }
        if record.alive {
            switch ControlClient.send(ControlRequest(gracePeriodSeconds: grace), to: record.directory + "/control.sock",
                                      wait: wait) {
            case .accepted:
                printOut("pod \"\(name)\" deleted")
                return ExitStatus.success
            case .notRunning:
                break  // it ended meanwhile: remove its state below
            case .failed(let why):
                printErr("error: cannot reach the supervisor of pod \"\(name)\": \(why)")
                return ExitStatus.podFailed
            }
        }
        guard StateReader.remove(record) else {
            printErr("error: pod \"\(name)\" is running again; try again")
            return ExitStatus.podFailed
        }
        printOut("pod \"\(name)\" deleted")
        return ExitStatus.success
    }
}
