// kubelet-lite-pause — the pod infra process (lifecycle §D7), and in the namespaces sandbox the
// holder of the pod's IPC, UTS and PID namespaces (lifecycle §D3).
#include "helper.h"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static pid_t supervisor_pid;

/// The supervisor is gone. With the pod's cgroup, one write kills everything in it at once, in the
/// kernel, however busy the host is. Then every member of the pod's group that no exec helper looks
/// after dies; helpers are left to kill their own subtrees (which may have left the group).
static _Noreturn void supervisor_gone(void) {
    kill_pod_cgroup();
    int proc = (int)sys(SYS_openat, AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    // Repeat until a pass finds no one: a member not yet reached may fork meanwhile.
    for (int pass = 0; proc >= 0 && pass < 100 && kill_group_except_helpers(proc) > 0; pass++) {}
    // A supervisor that is alive (a stray SIGTERM to us) removes its cgroups itself, and may still
    // need them; one that died left them to us (else to the next run of the pod, architecture §4.10).
    if (sys(SYS_getppid) != supervisor_pid) remove_pod_cgroups();
    kl_exit(137);
}

/// PID 1 of the pod's PID namespace, as the kubelet's pause container is: it reaps the orphans of
/// containers that share it, and dies with the pause process (and with it, everything in the
/// namespace).
/// `alive` is the read end of a pipe only the pause process writes to: end of file there means it
/// died before our death signal was set (getppid() cannot tell from inside the new namespace).
static _Noreturn void namespace_init(int alive, const unsigned long *all) {
    sys(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
    char byte;
    if (sys(SYS_read, alive, &byte, 1) == 0) kl_exit(137);
    sys(SYS_close, alive);
    for (;;) {
        if (sys(SYS_rt_sigtimedwait, all, NULL, NULL, sizeof *all) == SIGCHLD)
            while (sys(SYS_wait4, -1, NULL, WNOHANG, NULL) > 0) {}
    }
}

/// New IPC and UTS namespaces with the pod's hostname, and a PID namespace held by a child that is
/// its PID 1. Returns 0, or an errno after printing why.
static int make_namespaces(const struct pause_options *o, const unsigned long *all) {
    long error = sys(SYS_unshare, CLONE_NEWIPC | CLONE_NEWUTS);
    if (error == 0) error = sys(SYS_sethostname, o->hostname, kl_strlen(o->hostname));
    if (error != 0) {
        say_error("cannot create the pod's namespaces", -error);
        return (int)-error;
    }
    if (!o->pid_namespace) return 0;
    int alive[2];
    error = sys(SYS_unshare, CLONE_NEWPID);
    if (error == 0) error = sys(SYS_pipe2, alive, O_CLOEXEC | O_NONBLOCK);
    if (error != 0) {
        say_error("cannot create the pod's PID namespace", -error);
        return (int)-error;
    }
    long child = sys(SYS_clone, SIGCHLD, 0, 0, 0, 0);  // fork(): no handlers or threads to mind
    if (child < 0) {
        say_error("fork", -child);
        return (int)-child;
    }
    if (child == 0) {
        sys(SYS_close, alive[1]);
        namespace_init(alive[0], all);
    }
    sys(SYS_close, alive[0]);  // the write end stays open as long as we live
    return 0;
}

_Noreturn void pause_main(const struct pause_options *o) {
    supervisor_pid = o->supervisor;
    remember_pod_cgroups(o);
    // Every signal is taken synchronously: the death signal (SIGTERM) and a plain SIGTERM or SIGHUP
    // mean the pod is over; a stray Ctrl-C or SIGUSR must not end it.
    unsigned long all = ALL_SIGNALS;
    sys(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, sizeof all);
    sys(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM);
    // Close the race with a supervisor that died before prctl took effect.
    if (o->supervisor > 0 && sys(SYS_getppid) != o->supervisor) supervisor_gone();
    int status = o->hostname ? make_namespaces(o, &all) : 0;
    // The supervisor waits for this word before it starts anything in the sandbox.
    if (o->ready_fd >= 0) {
        const char *word = status == 0 ? "ok\n" : "failed\n";
        sys(SYS_write, o->ready_fd, word, kl_strlen(word));  // if it fails, the supervisor sees end of file
        sys(SYS_close, o->ready_fd);
    }
    if (status != 0) kl_exit(3);
    for (;;) {
        long sig = sys(SYS_rt_sigtimedwait, &all, NULL, NULL, sizeof all);
        if (sig == SIGTERM || sig == SIGHUP) supervisor_gone();
        // The namespace's PID 1 died (the kernel killed what shared its namespace): the sandbox is
        // gone, and so are we; the supervisor re-creates it, stopping the rest as the kubelet would.
        if (sig == SIGCHLD && sys(SYS_wait4, -1, NULL, WNOHANG, NULL) > 0) kl_exit(1);
    }
}
