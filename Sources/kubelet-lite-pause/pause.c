// kubelet-lite-pause — the pod infra process (lifecycle §D7), and in the namespaces sandbox the
// holder of the pod's IPC, UTS and PID namespaces (lifecycle §D3).
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
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

/// PID 1 of the pod's PID namespace, as the kubelet's pause container is: it reaps the orphans of
/// containers that share it, and dies with the pause process (and with it, everything in the
/// namespace).
/// `alive` is the read end of a pipe only the pause process writes to: end of file there means it
/// died before our death signal was set (getppid() cannot tell from inside the new namespace).
static _Noreturn void namespace_init(int alive, const sigset_t *all) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char byte;
    if (read(alive, &byte, 1) == 0) _exit(137);
    close(alive);
    for (;;) {
        siginfo_t info;
        if (sigwaitinfo(all, &info) == SIGCHLD)
            while (waitpid(-1, NULL, WNOHANG) > 0) {}
    }
}

/// New IPC and UTS namespaces with the pod's hostname, and a PID namespace held by a child that is
/// its PID 1. Returns 0, or an errno after printing why.
static int make_namespaces(const struct pause_options *o, const sigset_t *all) {
    if (unshare(CLONE_NEWIPC | CLONE_NEWUTS) != 0 || sethostname(o->hostname, strlen(o->hostname)) != 0) {
        fprintf(stderr, "kubelet-lite: cannot create the pod's namespaces: %s\n", strerror(errno));
        return errno;
    }
    if (!o->pid_namespace) return 0;
    int alive[2];
    if (unshare(CLONE_NEWPID) != 0 || pipe2(alive, O_CLOEXEC | O_NONBLOCK) != 0) {
        fprintf(stderr, "kubelet-lite: cannot create the pod's PID namespace: %s\n", strerror(errno));
        return errno;
    }
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "kubelet-lite: fork: %s\n", strerror(errno));
        return errno;
    }
    if (child == 0) {
        close(alive[1]);
        namespace_init(alive[0], all);
    }
    close(alive[0]);  // the write end stays open as long as we live
    return 0;
}

_Noreturn void pause_main(const struct pause_options *o) {
    pod_cgroup_kill = o->cgroup_kill;
    // Every signal is taken synchronously: the death signal (SIGTERM) and a plain SIGTERM or SIGHUP
    // mean the pod is over; a stray Ctrl-C or SIGUSR must not end it.
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    // Close the race with a supervisor that died before prctl took effect.
    if (o->supervisor > 0 && getppid() != o->supervisor) supervisor_gone();
    int status = o->hostname ? make_namespaces(o, &all) : 0;
    // The supervisor waits for this word before it starts anything in the sandbox.
    if (o->ready_fd >= 0) {
        const char *word = status == 0 ? "ok\n" : "failed\n";
        if (write(o->ready_fd, word, strlen(word)) < 0) { /* the supervisor sees end of file instead */ }
        close(o->ready_fd);
    }
    if (status != 0) _exit(3);
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&all, &info);
        if (sig == SIGTERM || sig == SIGHUP) supervisor_gone();
        // The namespace's PID 1 died (the kernel killed what shared its namespace): the sandbox is
        // gone, and so are we; the supervisor re-creates it, stopping the rest as the kubelet would.
        if (sig == SIGCHLD && waitpid(-1, NULL, WNOHANG) > 0) _exit(1);
    }
}
