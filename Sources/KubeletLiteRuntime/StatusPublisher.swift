// kubelet-lite — StatusPublisher.swift
// pod.json: the whole Pod with its status, rewritten atomically when the status changes.

import KubeletLiteLifecycle
import KubeletLiteModel

/// Writes `pod.json` when the lifecycle's status version moves (or when forced).
final class StatusPublisher {
    private let dir: SecureDirectory
    private var writtenVersion = -1

    init(_ dir: SecureDirectory) { self.dir = dir }

    /// Writes the pod if its status changed since the last write, or always with `force`.
    /// Returns the error text of a failed write.
    func publish(_ machine: PodMachine, _ incarnation: PodIncarnation, force: Bool) -> String? {
        guard force || machine.statusVersion != writtenVersion else { return nil }
        writtenVersion = machine.statusVersion
        do throws(StateDirectoryError) {
            try dir.writeAtomically("pod.json", incarnation.document(machine.status).serialized(indent: 2) + "\n")
            return nil
        } catch {
            return "cannot write pod.json: \(error)"
        }
    }

    /// A new incarnation is written afresh.
    func reset() { writtenVersion = -1 }
}
