// kubelet-lite — SignalSource.swift
// Signals as readable events: blocked process-wide first thing, then read from a signalfd.

import CKubeletLiteShims
import Glibc

/// The signals the supervisor handles through its event loop.
public enum SupervisorSignals {
    /// The set of them: one list, in the shims' header, which the kubelet-lite front shares.
    static var handledSet: sigset_t {
        var set = sigset_t()
        kl_supervisor_signal_set(&set)
        return set
    }

    /// Blocks the handled signals and ignores SIGPIPE. Call first thing in `main`, before any
    /// thread exists (architecture §8.4: a thread created earlier would take SIGTERM and kill the process).
    public static func blockEarly() {
        var set = handledSet
        pthread_sigmask(SIG_BLOCK, &set, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// For every verb but `apply`: the default actions again, so Ctrl-C or SIGTERM end it at once,
    /// as they end kubectl (architecture §8.4).
    public static func releaseForOtherVerbs() {
        kl_unblock_supervisor_signals()
    }

    /// Runs `body` with SIGINT, SIGTERM and SIGHUP unblocked, then gives back the mask as it was.
    /// For `apply` reading its manifest, which may wait on a terminal or a pipe (`apply -`): nothing
    /// has started yet, so Ctrl-C ends it at once as it ends every other verb; a signal that comes
    /// after the read stays pending for the supervisor, whose stop request it is.
    public static func interruptible<T>(_ body: () -> T) -> T {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, s) }
        var old = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &set, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        return body()
    }

    /// A non-blocking signalfd for the handled signals.
    static func makeFD() throws(SystemError) -> Int32 {
        var set = handledSet
        let fd = kl_signalfd(&set)
        guard fd >= 0 else { throw SystemError("signalfd") }
        return fd
    }

    /// Every pending signal, in arrival order (standard signals coalesce).
    static func drain(_ fd: Int32) -> [SignalRecord] {
        var out: [SignalRecord] = []
        var signo: UInt32 = 0
        var code: Int32 = 0
        while kl_signalfd_read(fd, &signo, &code) == 1 { out.append(SignalRecord(signo: Int32(signo), code: code)) }
        return out
    }

    /// Whether a SIGHUP says that the terminal of a foreground `apply` hung up, which stops the pod
    /// like a stop request, rather than asks for the manifest to be re-read (architecture §9.3).
    ///
    /// The kernel sends a terminal's hang-up to the session leader itself (`SI_KERNEL`); `kill -HUP`
    /// and `systemctl reload` send it with kill(2) (`SI_USER`). A shell that hangs up forwards its
    /// own SIGHUP to its jobs with kill(2) too; that one is told apart by the terminal itself: once
    /// hung up, every descriptor of it answers EIO, where a file, pipe or socket answers ENOTTY.
    static func isHangUp(_ record: SignalRecord) -> Bool {
        guard record.signo == SIGHUP else { return false }
        return record.sentByKernel || [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO].contains(where: terminalHungUp)
    }

    /// A descriptor of a terminal that has hung up: the kernel refuses its ioctls with EIO.
    private static func terminalHungUp(_ fd: Int32) -> Bool {
        var attributes = termios()
        return tcgetattr(fd, &attributes) != 0 && errno == EIO
    }

    /// For `get -w` and `delete --wait`: SIGINT, SIGTERM, SIGHUP and SIGQUIT end the process at once
    /// with exit status 1, as kubectl's interrupt handler ends its watches and waits (`os.Exit(1)`).
    /// The handler only calls `_exit`, which is async-signal-safe; output is written unbuffered,
    /// so nothing is lost. Other verbs keep the default actions (death by the signal, as Go's).
    public static func exitOnInterrupt() {
        for signo in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(signo) { _ in _exit(1) }
        }
    }
}

/// One signal as the signalfd delivered it: its number and how it was sent (`ssi_code`).
struct SignalRecord: Sendable, Equatable {
    let signo: Int32
    /// SI_USER for kill(2), SI_KERNEL when the kernel sent it, SI_QUEUE, SI_TKILL...
    let code: Int32

    /// Sent by the kernel itself, as a terminal's hang-up is; never by another process.
    var sentByKernel: Bool { code == KL_SI_KERNEL }
}
