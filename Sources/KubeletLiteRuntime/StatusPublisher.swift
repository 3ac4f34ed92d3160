// kubelet-lite — StatusPublisher.swift
// pod.json: the whole Pod with its status, rewritten atomically when the status changes.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// Writes `pod.json` when the lifecycle's status version moves (or when forced), at most once per
/// `interval`: under a storm of changes a reader sees a state at most that old, and the file is not
/// rewritten a thousand times a second. A write that costs more CPU than a fifth of the interval (a
/// pod of a thousand containers) stretches it to five times that cost, at most a second, so that
/// writing never takes more than a fifth of the loop (architecture §6.3).
final class StatusPublisher {
    private let dir: SecureDirectory
    private let lost: LostRecords
    private let loop: EventLoop
    private let interval: Micros
    private var writtenVersion = -1
    /// What `lost` said when pod.json was last written: a change is news worth a write.
    private var writtenLoss: String?
    private var writtenAt: Instant?
    /// The interval in force: `interval`, or five times the cost of the last write if that is longer.
    private var spacing: Micros
    /// Called once, after the first pod.json is written: `apply -d` answers then, so that the pod
    /// is there for `get` and `wait` as soon as apply returns.
    var onFirstWrite: (() -> Void)?
    /// A wake-up that brings a held-back write (the loop calls `publish` after every wake-up).
    private var wakeup: EventLoop.TimerToken?
    /// The text of each write, made around a cached serialization of the unchanging part.
    private var document = PodDocumentText()

    init(_ dir: SecureDirectory, lost: LostRecords, loop: EventLoop, interval: Micros) {
        self.dir = dir
        self.lost = lost
        self.loop = loop
        self.interval = interval
        spacing = interval
    }

    /// Writes the pod if its status (or what was lost) changed since the last write, or always with
    /// `force`; a change within `interval` of the last write waits for it. A failed write is counted
    /// in `lost`, and the next one tries again.
    func publish(_ machine: PodMachine, _ incarnation: PodIncarnation, force: Bool) {
        let loss = lost.summary
        guard force || machine.statusVersion != writtenVersion || loss != writtenLoss else { return }
        let now = loop.now()
        if !force, let last = writtenAt, now < last + spacing {
            if wakeup == nil { wakeup = loop.schedule(at: last + spacing) { [unowned self] in self.wakeup = nil } }
            return
        }
        var placement = incarnation.placement
        placement.lostRecords = loss
        let cpuBefore = RuntimeClock.read(CLOCK_THREAD_CPUTIME_ID)
        do throws(StateDirectoryError) {
            try dir.writeAtomically("pod.json", document.text(incarnation.pod, uid: incarnation.uid, placement: placement,
                                                              status: machine.status))
            writtenVersion = machine.statusVersion
            writtenLoss = loss
            writtenAt = now
            // The write's own CPU time, not the wall clock a busy machine stretches; at most a second.
            let cost = RuntimeClock.read(CLOCK_THREAD_CPUTIME_ID) - cpuBefore
            spacing = max(interval, Micros(min(cost * 5, 1_000_000)))
            lost.wrote(.statusWrites)
            if let first = onFirstWrite {
                onFirstWrite = nil
                first()
            }
        } catch {
            lost.lost(1, .statusWrites, file: "pod.json", errno: error.errno ?? EIO)
        }
    }

    /// Whether what was lost changed since the last write: worth a last one at the very end.
    var lossIsNews: Bool { lost.summary != writtenLoss }

    /// A new incarnation is written afresh.
    func reset() {
        document.reset()
        writtenVersion = -1
        writtenAt = nil
    }
}
