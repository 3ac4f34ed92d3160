// kubelet-lite — DeleteRun.swift
// The deletions of one `delete`: each pod asked to stop (or its dead supervisor's leftovers
// killed), marked deleted, then, by default, waited for.

import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// Carries out one `delete`, as kubectl does: every pod is deleted first (each said at once),
/// then the command waits for all of them to be gone.
struct DeleteRun {
    let request: DeleteCommand.Request
    let grace: Int64?

    /// Whether the command waits for the deleted pods to be gone.
    var waits: Bool { request.wait && !request.force }

    func run() -> ExitStatus {
        if request.force {
            printErr("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                + "terminated. The resource may continue to run on the cluster indefinitely.")
        }
        guard let (records, missing) = request.selection.resolve() else { return .failure }
        if records.isEmpty && request.selection.names.isEmpty {
            printOut("No resources found")
            return .success
        }
        var failed = missing > 0
        var held: [HeldConnection] = []
        for record in records {
            switch delete(record) {
            case .deleted(let connection):
                // Ctrl-C ends the wait, not the deletions: exit 1, as kubectl's interrupted wait. Set
                // before the line is printed, which is what a user (or a test) answers with Ctrl-C.
                if connection != nil && waits { SupervisorSignals.exitOnInterrupt() }
                printOut("pod \"\(record.name)\" \(request.force ? "force deleted" : "deleted")")
                if let connection { held.append(connection) }
            case .failed(let message):
                printErr(message)
                failed = true
            }
        }
        if waits {
            for connection in held { connection.waitForExit() }
        }
        return failed ? .failure : .success
    }

    /// How one pod's deletion went.
    enum Outcome {
        /// Deleted; for a running pod, the connection that ends when its supervisor exits.
        case deleted(HeldConnection?)
        case failed(String)
    }

    /// A running pod is asked to stop, then marked; a pod without a supervisor is marked at once (its
    /// leftovers killed); one whose pod.json does not read, which nothing can describe, is removed.
    func delete(_ record: PodRecord) -> Outcome {
        if record.alive {
            switch ControlClient.send(ControlRequest(gracePeriodSeconds: grace), to: record.controlSocket) {
            case .accepted(let connection):
                _ = StateReader.markDeleted(record, force: request.force)
                return .deleted(connection)
            case .notRunning:
                break  // it ended meanwhile: delete it as a pod without a supervisor
            case .failed(let why):
                return .failed("error: cannot reach the supervisor of pod \"\(record.name)\": \(why)")
            }
        }
        let readable = (try? record.pod.get().metadata.uid) != nil
        let done = readable ? StateReader.deleteStopped(record, root: request.selection.root)
            : StateReader.remove(record, root: request.selection.root)
        return done ? .deleted(nil) : .failed("error: pod \"\(record.name)\" is running again; try again")
    }
}
