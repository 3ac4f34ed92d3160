// kubelet-lite-pause — the pod infra process (lifecycle §D7).
#include "helper.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static const char *pod_cgroup_kill;

/// The supervisor is gone. With the pod's cgroup, one write kills everything in it at once, in the
/// kernel, however busy the host is. Then every member of the pod's group that no exec helper looks
/// after dies; helpers are left to kill their own subtrees (which may have left the group).
static _Noreturn void supervisor_gone(void) {
    if (pod_cgroup_kill) {
        int fd = open(pod_cgroup_kill, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            if (write(fd, "1", 1) != 1) { /* the helpers and the group kill below still work */ }
            close(fd);
        }
    }
    int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    // Repeat until a pass finds no one: a member not yet reached may fork meanwhile.
    for (int pass = 0; proc >= 0 && pass < 100 && kill_group_except_helpers(proc) > 0; pass++) {}
    _exit(137);
}

_Noreturn void pause_main(pid_t supervisor, const char *cgroup_kill) {
    pod_cgroup_kill = cgroup_kill;
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
