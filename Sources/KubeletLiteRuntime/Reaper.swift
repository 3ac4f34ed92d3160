// kubelet-lite — Reaper.swift
// The one reaper: every child, adopted orphans included, is reaped here and routed to its owner.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle

extension ProcessExit {
    /// Decodes a `waitpid` status.
    init(waitStatus status: Int32) {
        if kl_wifsignaled(status) != 0 {
            self = .killed(signal: kl_wtermsig(status))
        } else {
            self = .exited(code: kl_wifexited(status) != 0 ? kl_wexitstatus(status) : 0)
        }
    }
}

/// Reaps with `waitpid(-1, WNOHANG)` until nothing is left to reap (SIGCHLDs coalesce: many exits can
/// arrive as one signal, architecture §8.3) and hands each pid to whoever owns it.
enum Reaper {
    /// One reaped child.
    struct Reaped {
        var pid: pid_t
        var exit: ProcessExit
    }

    /// Every child that has ended, at most `limit` of them; the rest wait for the next call so
    /// that a storm of exits cannot keep the loop from its other work.
    static func collect(limit: Int = Int.max) -> [Reaped] {
        var out: [Reaped] = []
        var status: Int32 = 0
        while out.count < limit {
            let pid = retryingOnInterrupt { waitpid(-1, &status, WNOHANG) }
            guard pid > 0 else { break }
            out.append(Reaped(pid: pid, exit: ProcessExit(waitStatus: status)))
        }
        return out
    }

    /// An adopted orphan came to us only because the exec helper above it died (a live helper is
    /// its subreaper): our children that are still running and not `ours` are leftovers of that
    /// helper's command, and die now, as they would have with their helper (lifecycle §D10).
    static func killStrays(ours: (pid_t) -> Bool) {
        for pid in ProcessTree().children(of: getpid()) where !ours(pid) { kill(pid, SIGKILL) }
    }

    /// Blocks until every child has been reaped. `known` children were just SIGKILLed and are
    /// waited for directly; only if others are still alive after that is /proc read (a costly
    /// scan) to SIGKILL whatever still descends from us, again before each wait, since a process
    /// may fork between our look and our kill. Used at the very end.
    static func killAndReapEverything(known: [pid_t] = []) {
        var status: Int32 = 0
        for pid in known where pid > 0 { _ = retryingOnInterrupt { waitpid(pid, &status, 0) } }
        while true {
            let pid = retryingOnInterrupt { waitpid(-1, &status, WNOHANG) }
            if pid < 0 { return }  // ECHILD: nothing left
            if pid > 0 { continue }
            for pid in ProcessTree().descendants(of: getpid()) { kill(pid, SIGKILL) }
            if retryingOnInterrupt({ waitpid(-1, &status, 0) }) <= 0 { return }
        }
    }
}
