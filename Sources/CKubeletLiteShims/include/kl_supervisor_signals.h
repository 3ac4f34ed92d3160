// kubelet-lite — the signals kubelet-lite handles itself, through a signalfd (architecture §8.4).
// Shared by the shims and by the kubelet-lite front program, which blocks them before anything else.
#ifndef KL_SUPERVISOR_SIGNALS_H
#define KL_SUPERVISOR_SIGNALS_H

#include <signal.h>

/// Fills `set` with the signals kubelet-lite reads from its event loop instead of dying of them.
static inline void kl_supervisor_signal_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGUSR1);
}

#endif
