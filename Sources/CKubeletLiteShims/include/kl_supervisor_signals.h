// kubelet-lite — the signals kubelet-lite handles itself, through a signalfd (architecture §8.4).
// Shared by the shims and by the kubelet-lite front program, which blocks them before anything else.
#ifndef KL_SUPERVISOR_SIGNALS_H
#define KL_SUPERVISOR_SIGNALS_H

#include <signal.h>

/// The signals kubelet-lite reads from its event loop instead of dying of them, as the kernel's
/// sigset_t bits (signal N is bit N-1): SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1.
#define KL_SUPERVISOR_SIGNAL_MASK                                                                  \
    (1UL << (SIGCHLD - 1) | 1UL << (SIGTERM - 1) | 1UL << (SIGINT - 1) | 1UL << (SIGHUP - 1) |     \
     1UL << (SIGUSR1 - 1))

/// Fills `set` with those signals.
static inline void kl_supervisor_signal_set(sigset_t *set) {
    sigemptyset(set);
    for (int signo = 1; signo <= 64; signo++) {
        if ((KL_SUPERVISOR_SIGNAL_MASK >> (signo - 1)) & 1) sigaddset(set, signo);
    }
}

#endif
