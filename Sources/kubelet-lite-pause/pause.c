// kubelet-lite-pause — the pod infra process (lifecycle §D7).
#include "helper.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static pid_t expected_parent;

/// The supervisor is gone: every member of the pod's group that no exec helper looks after dies now.
/// Helpers are left to kill their own subtrees (which may have left the group), then we go.
static _Noreturn void supervisor_gone(void) {
    int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    // Repeat until a pass finds no one: a member not yet reached may fork meanwhile.
    for (int pass = 0; proc >= 0 && pass < 100 && kill_group_except_helpers(proc) > 0; pass++) {}
    _exit(137);
}

_Noreturn void pause_main(pid_t supervisor) {
    expected_parent = supervisor;
    // Every signal is taken synchronously: the death signal (SIGTERM) and a plain SIGTERM or SIGHUP
    // mean the pod is over; a stray Ctrl-C or SIGUSR must not end it.
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    // Close the race with a supervisor that died before prctl took effect.
    if (supervisor > 0 && getppid() != supervisor) supervisor_gone();
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&all, &info);
        if (sig == SIGTERM || sig == SIGHUP) supervisor_gone();
    }
}
