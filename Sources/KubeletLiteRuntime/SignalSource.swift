// kubelet-lite — SignalSource.swift
// Signals as readable events: blocked process-wide first thing, then read from a signalfd.

import CKubeletLiteShims
import Glibc

/// The signals the supervisor handles through its event loop.
public enum SupervisorSignals {
    public static let handled: [Int32] = [SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1]

    /// Blocks the handled signals and ignores SIGPIPE. Call first thing in `main`, before any
    /// thread exists (architecture §8.4: a thread created earlier would take SIGTERM and kill the process).
    public static func blockEarly() {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// For every verb but `apply`: the default actions again, so Ctrl-C or SIGTERM end it at once,
    /// as they end kubectl (architecture §8.4).
    public static func releaseForOtherVerbs() {
        kl_unblock_supervisor_signals()
    }

    /// A non-blocking signalfd for the handled signals.
    static func makeFD() throws(SystemError) -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        let fd = kl_signalfd(&set)
        guard fd >= 0 else { throw SystemError("signalfd") }
        return fd
    }

    /// Every pending signal number, in arrival order (standard signals coalesce).
    static func drain(_ fd: Int32) -> [Int32] {
        var out: [Int32] = []
        var signo: UInt32 = 0
        while kl_signalfd_read(fd, &signo) == 1 { out.append(Int32(signo)) }
        return out
    }
}
