// kubelet-lite-pause — the exec helper: a command's init (lifecycle §D10, architecture §5.3).
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

/// Says why the command could not start: on stderr (the container's log) and, when the supervisor
/// asked for a report, as "error: WHY" on that descriptor, which makes it a start failure.
static void start_failed(const struct exec_options *o, const char *what, const char *detail) {
    char line[8192];
    int n = snprintf(line, sizeof line, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    if (n < 0) return;
    fprintf(stderr, "kubelet-lite: %s\n", line);
    if (o->report_fd >= 0) {
        char report[8300];
        int m = snprintf(report, sizeof report, "error: %s\n", line);
        if (m > 0 && write(o->report_fd, report, (size_t)m) < 0) { /* the exit status still tells */ }
    }
}

/// The command's side of the fork: a death signal tied to us, its namespaces, the user, then exec.
/// `alive` is the read end of a pipe whose write end only the helper holds.
static _Noreturn void run_command(const struct exec_options *o, const sigset_t *old_mask, int alive) {
    // If we die, the command dies too, so no instance of it outlives a killed helper. A helper that
    // died before this took effect shows as end of file on `alive` (getppid() cannot tell: in a new
    // PID namespace our parent is outside it, and getppid() is 0).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char byte;
    if (read(alive, &byte, 1) == 0) _exit(137);
    close(alive);
    // Closed by a successful exec: the supervisor's end of file means "it runs".
    if (o->report_fd >= 0) fcntl(o->report_fd, F_SETFD, FD_CLOEXEC);
    if (finish_namespaces(&o->ns) != 0) {
        start_failed(o, "cannot set up the container's namespaces", NULL);
        _exit(126);
    }
    // The command gets the descriptor limit kubelet-lite was started with, not the one it raised.
    if (o->file_limit >= 0) {
        struct rlimit limit;
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && (rlim_t)o->file_limit < limit.rlim_cur) {
            limit.rlim_cur = (rlim_t)o->file_limit;
            setrlimit(RLIMIT_NOFILE, &limit);
        }
    }
    sigprocmask(SIG_SETMASK, old_mask, NULL);
    // The group before the user: once the uid is dropped, the gid can no longer change.
    char what[64];
    if (o->gid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)o->gid) != 0)) {
        snprintf(what, sizeof what, "cannot run as group %ld", o->gid);
        start_failed(o, what, strerror(errno));
        _exit(126);
    }
    if (o->uid >= 0 && setuid((uid_t)o->uid) != 0) {
        snprintf(what, sizeof what, "cannot run as user %ld", o->uid);
        start_failed(o, what, strerror(errno));
        _exit(126);
    }
    execv(o->path, o->argv);
    int e = errno;
    // Worded as runc words it (and as the supervisor words the failures it sees first).
    char exec_what[4200], reason[4200];
    if (e == ENOENT) snprintf(reason, sizeof reason, "stat %s: no such file or directory", o->path);
    else if (e == EACCES) snprintf(reason, sizeof reason, "permission denied");
    else snprintf(reason, sizeof reason, "%s", strerror(e));
    if (reason[0] >= 'A' && reason[0] <= 'Z') reason[0] = (char)(reason[0] - 'A' + 'a');
    snprintf(exec_what, sizeof exec_what, "unable to start container process: exec: \"%s\"",
             o->argv[0] ? o->argv[0] : o->path);
    start_failed(o, exec_what, reason);
    _exit(e == ENOENT ? 127 : 126);
}

/// Whether any namespace option was given (the namespaces sandbox).
static int has_namespaces(const struct ns_options *ns) {
    return ns->pause > 0 || ns->container > 0 || ns->pid != PID_HOST || ns->new_mounts;
}

/// Kills and reaps everything below us: every descendant is in our subtree (we are its subreaper),
/// so killing our children until none is left kills them all, however they tried to leave.
static void kill_subtree(int proc) {
    for (;;) {
        int found = kill_children(proc);
        int st;
        pid_t p = waitpid(-1, &st, found ? 0 : WNOHANG);
        if (p < 0 && errno == EINTR) continue;
        if (p <= 0 && !found) return;
    }
}

/* The directory of the container's one cgroup when it is a cgroup v2 one, opened, so that the
 * command can be created in it (clone3 with CLONE_INTO_CGROUP); -1 otherwise. Moving a running
 * process into a cgroup (a write to cgroup.procs) waits for an RCU grace period, milliseconds on
 * every start; creating it there costs nothing more than a fork (architecture §5.3). */
static int cgroup_dir_for_clone(const struct exec_options *o) {
    if (o->cgroup_count != 1) return -1;
    const char *slash = strrchr(o->cgroups[0], '/');
    if (!slash || slash == o->cgroups[0]) return -1;
    char dir[4096];
    size_t n = (size_t)(slash - o->cgroups[0]);
    if (n >= sizeof dir) return -1;
    memcpy(dir, o->cgroups[0], n);
    dir[n] = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct statfs fs;
    if (fd >= 0 && (fstatfs(fd, &fs) != 0 || fs.f_type != CGROUP2_SUPER_MAGIC)) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* fork(), with the child created in the cgroup `cgroup_fd` when it is not -1; the kernel may not
 * know CLONE_INTO_CGROUP (before 5.7): then -1 with errno ENOSYS, E2BIG or EINVAL. */
static pid_t fork_into(int cgroup_fd) {
    if (cgroup_fd < 0) return fork();
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = (uint64_t)cgroup_fd;
    return (pid_t)syscall(SYS_clone3, &args, sizeof args);
}

/* Forks the command's process: created in the cgroup `into` when it is not -1 and the kernel can,
 * else after joining the cgroup the slow way. -1 with errno on failure. */
static pid_t fork_command(const struct exec_options *o, int into) {
    pid_t child = fork_into(into);
    if (child < 0 && into >= 0) {
        // An older kernel: join the cgroup, then fork.
        close(into);
        into = -1;
        int joined = join_cgroup(o->cgroups[0]);
        if (joined != 0) {
            errno = joined;
            return -1;
        }
        child = fork();
    }
    if (into >= 0 && child != 0) close(into);
    return child;
}

/* Joins the container's cgroups (unless the command is to be created in its one cgroup v2,
 * `into` >= 0) and namespaces; 0, or the exit status of a start failure. */
static int enter_container(const struct exec_options *o, int into) {
    for (int i = 0; into < 0 && i < o->cgroup_count; i++) {
        int e = join_cgroup(o->cgroups[i]);
        if (e != 0) {
            char what[4200];
            snprintf(what, sizeof what, "cannot join cgroup %s", o->cgroups[i]);
            start_failed(o, what, strerror(e));
            return 126;
        }
    }
    if (has_namespaces(&o->ns) && enter_namespaces(&o->ns) != 0) {
        start_failed(o, "cannot set up the container's namespaces", NULL);
        return 126;
    }
    return 0;
}

/* Tells the supervisor the command's pid, so the stop signal can go to it directly; our copy of
 * the report descriptor closes now, the command's at its exec. */
static void report_pid(const struct exec_options *o, pid_t child) {
    if (o->report_fd < 0) return;
    char line[32];
    int n = snprintf(line, sizeof line, "pid %d\n", (int)child);
    if (n > 0 && write(o->report_fd, line, (size_t)n) < 0) { /* end of file still says it runs */ }
    close(o->report_fd);
}

/* Reaps every exited child; 1 once `child` is among them, its status (128+n for a signal) in *result. */
static int reap_children(pid_t child, int *result) {
    int st, found = 0;
    pid_t p;
    while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
        if (p == child) {
            *result = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            found = 1;
        }
    }
    return found;
}

int exec_main(const struct exec_options *o) {
    // Signals are taken synchronously from here on: the death signal must not kill us before we
    // have killed what we run, and everything else is passed on to the command.
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (o->supervisor > 0 && getppid() != o->supervisor) return 137;
    int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int into = cgroup_dir_for_clone(o);
    int entered = enter_container(o, into);
    if (entered != 0) return entered;
    int alive[2];
    if (pipe2(alive, O_CLOEXEC | O_NONBLOCK) != 0) {
        fprintf(stderr, "kubelet-lite: pipe: %s\n", strerror(errno));
        return 126;
    }
    pid_t child = fork_command(o, into);
    if (child < 0) {
        start_failed(o, "fork", strerror(errno));
        return 126;
    }
    if (child == 0) {
        close(alive[1]);
        run_command(o, &old, alive[0]);
    }
    close(alive[0]);  // the write end stays open as long as we live
    report_pid(o, child);
    int result = 1;
    for (int done = 0; !done;) {
        siginfo_t info;
        int sig = sigwaitinfo(&all, &info);
        if (sig < 0) continue;
        // The death signal arrives after we were re-parented: the supervisor is gone, and with it
        // the pod. Whatever the signal, a changed parent means that.
        if (o->supervisor > 0 && getppid() != o->supervisor) {
            // With the container's cgroup, the kernel kills everything in it at once (us included);
            // otherwise, or if that fails, we kill our subtree ourselves.
            for (int i = 0; i < o->cgroup_count; i++) kill_cgroup_of(o->cgroups[i]);
            kill_subtree(proc);
            return 137;
        }
        if (sig != SIGCHLD) {
            kill(child, sig);
            continue;
        }
        done = reap_children(child, &result);
    }
    // The command is done: what it left behind goes now, as when PID 1 of a container exits (D10).
    // Every leftover descends from a child of ours, so no child means none.
    int st0;
    if (waitpid(-1, &st0, WNOHANG) < 0 && errno == ECHILD) return result;
    kill_subtree(proc);
    return result;
}
