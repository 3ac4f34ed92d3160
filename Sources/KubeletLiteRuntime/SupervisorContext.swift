// kubelet-lite — SupervisorContext.swift
// What every part of one supervisor shares: its options, its event loop, its terminal.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// The process-wide pieces a supervisor's parts share.
final class SupervisorContext {
    let options: SupervisorOptions
    let loop: EventLoop
    let terminal: Terminal
    /// The pause program, which is also the exec helper.
    let pauseProgram: String
    /// Records the state directory could not take (disk full).
    let lost: LostRecords
    /// systemd's notify socket, when kubelet-lite runs as a `Type=notify` service (architecture §9.5).
    let service: ServiceNotifier

    init(options: SupervisorOptions) throws(SystemError) {
        self.options = options
        loop = try EventLoop(clock: RuntimeClock())
        terminal = Terminal(loop: loop)
        pauseProgram = options.pauseExecutable ?? Identity.siblingExecutable("kubelet-lite-pause")
        let terminal = self.terminal
        let stateRoot = options.stateRoot
        lost = LostRecords(hasRoom: { LostRecords.hasRoom(at: stateRoot) }) { terminal.diagnostic($0) }
        service = ServiceNotifier(loop: loop) { terminal.diagnostic($0) }
    }

    var now: Instant { loop.now() }

    /// The descriptor limit kubelet-lite was started with (its own was raised for the pod).
    var fileLimit: rlim_t?

    var execHelper: ExecHelper { ExecHelper(program: pauseProgram, supervisor: getpid(), fileLimit: fileLimit) }

    /// Container output is echoed unless quiet, or when stdout carries JSON events only.
    var echoesOutput: Bool { !options.quiet && options.output != .json }

    func diagnostic(_ text: String) { terminal.diagnostic(text) }
}

/// Everything one pod keeps in its state directory: the claimed directory, its events and its
/// published status.
final class PodFiles {
    let directory: PodDirectory
    let journal: EventJournal
    let status: StatusPublisher

    init(_ directory: PodDirectory, printer: EventPrinter, lost: LostRecords, loop: EventLoop, statusInterval: Micros) {
        self.directory = directory
        journal = EventJournal(directory.dir, printer: printer, lost: lost, loop: loop)
        status = StatusPublisher(directory.dir, lost: lost, loop: loop, interval: statusInterval)
    }

    var path: String { directory.path }
}

/// How far the supervisor's run has come: a manifest waiting to replace the pod, or how the run ends.
struct RunProgress {
    /// A changed manifest read on SIGHUP: it starts once the current pod has stopped.
    var pendingPod: Pod?
    var outcome: SupervisorOutcome?
    var failure: String?
    /// The errno of the call that failed, for systemd's ERRNO=.
    var failureErrno: Int32?

    /// kubelet-lite itself failed.
    mutating func fail(_ error: SystemError, _ what: String = "") {
        failure = what + error.description
        failureErrno = error.errno == 0 ? nil : error.errno
    }

    var isOver: Bool { outcome != nil || failure != nil }
}
