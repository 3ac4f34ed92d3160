// kubelet-lite — StatusPublisher.swift
// pod.json: the whole Pod with its status, rewritten atomically when the status changes.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// Writes `pod.json` when the lifecycle's status version moves (or when forced).
final class StatusPublisher {
    private let dir: SecureDirectory
    private let lost: LostRecords
    private var writtenVersion = -1
    /// What `lost` said when pod.json was last written: a change is news worth a write.
    private var writtenLoss: String?

    init(_ dir: SecureDirectory, lost: LostRecords) {
        self.dir = dir
        self.lost = lost
    }

    /// Writes the pod if its status (or what was lost) changed since the last write, or always with
    /// `force`. A failed write is counted in `lost`, and the next one tries again.
    func publish(_ machine: PodMachine, _ incarnation: PodIncarnation, force: Bool) {
        let loss = lost.summary
        guard force || machine.statusVersion != writtenVersion || loss != writtenLoss else { return }
        var placed = incarnation
        placed.placement.lostRecords = loss
        do throws(StateDirectoryError) {
            try dir.writeAtomically("pod.json", placed.document(machine.status).serialized(indent: 2) + "\n")
            writtenVersion = machine.statusVersion
            writtenLoss = loss
            lost.wrote(.statusWrites)
        } catch {
            lost.lost(1, .statusWrites, file: "pod.json", errno: error.errno ?? EIO)
        }
    }

    /// A new incarnation is written afresh.
    func reset() { writtenVersion = -1 }
}
