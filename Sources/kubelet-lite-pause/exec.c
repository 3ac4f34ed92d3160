// kubelet-lite-pause — the exec helper: a command's init (lifecycle §D10, architecture §5.3).
#include "helper.h"

#include <signal.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

/// Says why the command could not start: on stderr (the container's log) and, when the supervisor
/// asked for a report, as "error: WHY" on that descriptor, which makes it a start failure.
/// `detail`, when there is one, follows ": "; the two are cut at 8191 bytes.
static void start_failed(const struct exec_options *o, const char *what, const char *detail) {
    struct kl_text line, out;
    kl_text_init(&line, 8191, -1);
    kl_add(&line, what);
    if (detail) kl_add(&line, ": ");
    if (detail) kl_add(&line, detail);
    kl_text_init(&out, 0, 2);
    kl_add(&out, "kubelet-lite: ");
    kl_add(&out, kl_text_string(&line));
    kl_add(&out, "\n");
    kl_flush(&out);
    if (o->report_fd >= 0) {
        out.fd = o->report_fd;  // the exit status still tells if this write fails
        kl_add(&out, "error: ");
        kl_add(&out, kl_text_string(&line));
        kl_add(&out, "\n");
        kl_flush(&out);
    }
}

/// start_failed with strerror's words for `error` as the detail.
static void start_failed_error(const struct exec_options *o, const char *what, long error) {
    struct kl_text detail;
    kl_text_init(&detail, sizeof detail.bytes - 1, -1);
    kl_add_strerror(&detail, error);
    start_failed(o, what, kl_text_string(&detail));
}

/* An exec that failed with `error`, worded as runc words it (and as the supervisor words the
 * failures it sees first); exits 127 for a missing program, else 126. */
static _Noreturn void exec_failed(const struct exec_options *o, long error) {
    struct kl_text what, reason;
    kl_text_init(&reason, 4199, -1);
    if (error == ENOENT) {
        kl_add(&reason, "stat ");
        kl_add(&reason, o->path);
        kl_add(&reason, ": no such file or directory");
    } else if (error == EACCES) {
        kl_add(&reason, "permission denied");
    } else {
        kl_add_strerror(&reason, error);
    }
    kl_text_string(&reason);
    if (reason.bytes[0] >= 'A' && reason.bytes[0] <= 'Z') reason.bytes[0] = (char)(reason.bytes[0] - 'A' + 'a');
    kl_text_init(&what, 4199, -1);
    kl_add(&what, "unable to start container process: exec: \"");
    kl_add(&what, o->argv[0] ? o->argv[0] : o->path);
    kl_add(&what, "\"");
    start_failed(o, kl_text_string(&what), reason.bytes);
    kl_exit(error == ENOENT ? 127 : 126);
}

/// Says that the command cannot run as the `kind` ("group" or "user") `id`, with the system call's
/// result `error`; returns 126.
static int cannot_run_as(const struct exec_options *o, const char *kind, long id, long error) {
    struct kl_text what;
    kl_text_init(&what, 63, -1);
    kl_add(&what, "cannot run as ");
    kl_add(&what, kind);
    kl_add(&what, " ");
    kl_add_number(&what, id);
    start_failed_error(o, kl_text_string(&what), -error);
    return 126;
}

/// Sets the group (with no supplementary groups), then the user; 0, or 126 once said why not.
/// The group before the user: once the uid is dropped, the gid can no longer change.
static int become(const struct exec_options *o) {
    long error = 0;
    if (o->gid >= 0 && ((error = sys(SYS_setgroups, 0, NULL)) != 0 || (error = sys(SYS_setgid, o->gid)) != 0))
        return cannot_run_as(o, "group", o->gid, error);
    if (o->uid >= 0 && (error = sys(SYS_setuid, o->uid)) != 0) return cannot_run_as(o, "user", o->uid, error);
    return 0;
}

/// The command's side of the fork: a death signal tied to us, its namespaces, the user, then exec.
/// `alive` is the read end of a pipe whose write end only the helper holds.
static _Noreturn void run_command(const struct exec_options *o, unsigned long old_mask, int alive) {
    // If we die, the command dies too, so no instance of it outlives a killed helper. A helper that
    // died before this took effect shows as end of file on `alive` (getppid() cannot tell: in a new
    // PID namespace our parent is outside it, and getppid() is 0).
    sys(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
    char byte;
    if (sys(SYS_read, alive, &byte, 1) == 0) kl_exit(137);
    sys(SYS_close, alive);
    // Closed by a successful exec: the supervisor's end of file means "it runs".
    if (o->report_fd >= 0) sys(SYS_fcntl, o->report_fd, F_SETFD, FD_CLOEXEC);
    if (finish_namespaces(&o->ns) != 0) {
        start_failed(o, "cannot set up the container's namespaces", NULL);
        kl_exit(126);
    }
    // The command gets the descriptor limit kubelet-lite was started with, not the one it raised.
    if (o->file_limit >= 0) {
        struct rlimit limit;
        if (sys(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &limit) == 0 && (rlim_t)o->file_limit < limit.rlim_cur) {
            limit.rlim_cur = (rlim_t)o->file_limit;
            sys(SYS_prlimit64, 0, RLIMIT_NOFILE, &limit, NULL);
        }
    }
    old_mask &= ALL_SIGNALS;  // as the C library's sigprocmask does: 32 and 33 are never blocked
    sys(SYS_rt_sigprocmask, SIG_SETMASK, &old_mask, NULL, sizeof old_mask);
    if (become(o) != 0) kl_exit(126);
    exec_failed(o, -sys(SYS_execve, o->path, o->argv, kl_environ));
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
        long p = sys(SYS_wait4, -1, &st, found ? 0 : WNOHANG, NULL);
        if (p == -EINTR) continue;
        if (p <= 0 && !found) return;
    }
}

/* The directory of the container's one cgroup when it is a cgroup v2 one, opened, so that the
 * command can be created in it (clone3 with CLONE_INTO_CGROUP); -1 otherwise. Moving a running
 * process into a cgroup (a write to cgroup.procs) waits for an RCU grace period, milliseconds on
 * every start; creating it there costs nothing more than a fork (architecture §5.3). */
static int cgroup_dir_for_clone(const struct exec_options *o) {
    if (o->cgroup_count != 1) return -1;
    const char *slash = kl_strrchr(o->cgroups[0], '/');
    if (!slash || slash == o->cgroups[0]) return -1;
    char dir[4096];
    unsigned long n = (unsigned long)(slash - o->cgroups[0]);
    if (n >= sizeof dir) return -1;
    for (unsigned long i = 0; i < n; i++) dir[i] = o->cgroups[0][i];
    dir[n] = 0;
    int fd = (int)sys(SYS_openat, AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    long fs[32];  // struct statfs: f_type first, on every architecture
    if (fd >= 0 && (sys(SYS_fstatfs, fd, fs) != 0 || fs[0] != CGROUP2_SUPER_MAGIC)) {
        sys(SYS_close, fd);
        fd = -1;
    }
    return fd < 0 ? -1 : fd;
}

/* fork(), with the child created in the cgroup `cgroup_fd` when it is not -1; the kernel may not
 * know CLONE_INTO_CGROUP (before 5.7): then -ENOSYS, -E2BIG or -EINVAL. A raw fork: there are no
 * fork handlers, thread-local storage or other threads to look after. */
static long fork_into(int cgroup_fd) {
    if (cgroup_fd < 0) return sys(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    struct clone_args args;
    kl_zero(&args, sizeof args);
    args.flags = CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = (uint64_t)cgroup_fd;
    return sys(SYS_clone3, &args, sizeof args);
}

/* Forks the command's process: created in the cgroup `into` when it is not -1 and the kernel can,
 * else after joining the cgroup the slow way. -errno on failure. */
static long fork_command(const struct exec_options *o, int into) {
    long child = fork_into(into);
    if (child < 0 && into >= 0) {
        // An older kernel: join the cgroup, then fork.
        sys(SYS_close, into);
        into = -1;
        int joined = join_cgroup(o->cgroups[0]);
        if (joined != 0) return -joined;
        child = fork_into(-1);
    }
    if (into >= 0 && child != 0) sys(SYS_close, into);
    return child;
}

/* Joins the container's cgroups (unless the command is to be created in its one cgroup v2,
 * `into` >= 0) and namespaces; 0, or the exit status of a start failure. */
static int enter_container(const struct exec_options *o, int into) {
    for (int i = 0; into < 0 && i < o->cgroup_count; i++) {
        int e = join_cgroup(o->cgroups[i]);
        if (e != 0) {
            struct kl_text what;
            kl_text_init(&what, 4199, -1);
            kl_add(&what, "cannot join cgroup ");
            kl_add(&what, o->cgroups[i]);
            start_failed_error(o, kl_text_string(&what), e);
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
static void report_pid(const struct exec_options *o, long child) {
    if (o->report_fd < 0) return;
    struct kl_text line;
    kl_text_init(&line, 0, o->report_fd);  // if this write fails, end of file still says it runs
    kl_add(&line, "pid ");
    kl_add_number(&line, child);
    kl_add(&line, "\n");
    kl_flush(&line);
    sys(SYS_close, o->report_fd);
}

/* Reaps every exited child; 1 once `child` is among them, its status (128+n for a signal) in *result. */
static int reap_children(long child, int *result) {
    int st, found = 0;
    long p;
    while ((p = sys(SYS_wait4, -1, &st, WNOHANG, NULL)) > 0) {
        if (p == child) {
            *result = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            found = 1;
        }
    }
    return found;
}

/* Takes signals one at a time until the command has exited: SIGCHLD means reap, any other signal
 * is passed on to the command; returns its exit status, or 0 with *gone set when the supervisor
 * is gone. */
static int wait_for_command(const struct exec_options *o, long child, int *gone) {
    unsigned long all = ALL_SIGNALS;
    int result = 1;
    for (int done = 0; !done;) {
        long sig = sys(SYS_rt_sigtimedwait, &all, NULL, NULL, sizeof all);
        if (sig < 0) continue;
        // The death signal arrives after we were re-parented: the supervisor is gone, and with it
        // the pod. Whatever the signal, a changed parent means that.
        if (o->supervisor > 0 && sys(SYS_getppid) != o->supervisor) {
            *gone = 1;
            return 0;
        }
        if (sig != SIGCHLD) {
            sys(SYS_kill, child, sig);
            continue;
        }
        done = reap_children(child, &result);
    }
    return result;
}

int exec_main(const struct exec_options *o) {
    // Signals are taken synchronously from here on: the death signal must not kill us before we
    // have killed what we run, and everything else is passed on to the command.
    unsigned long all = ALL_SIGNALS, old = 0;
    sys(SYS_rt_sigprocmask, SIG_BLOCK, &all, &old, sizeof all);
    sys(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1);
    sys(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM);
    if (o->supervisor > 0 && sys(SYS_getppid) != o->supervisor) return 137;
    int proc = (int)sys(SYS_openat, AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int into = cgroup_dir_for_clone(o);
    int entered = enter_container(o, into);
    if (entered != 0) return entered;
    int alive[2];
    long error = sys(SYS_pipe2, alive, O_CLOEXEC | O_NONBLOCK);
    if (error != 0) {
        say_error("pipe", -error);
        return 126;
    }
    long child = fork_command(o, into);
    if (child < 0) {
        start_failed_error(o, "fork", -child);
        return 126;
    }
    if (child == 0) {
        sys(SYS_close, alive[1]);
        run_command(o, old, alive[0]);
    }
    sys(SYS_close, alive[0]);  // the write end stays open as long as we live
    report_pid(o, child);
    int gone = 0;
    int result = wait_for_command(o, child, &gone);
    if (gone) {
        // With the container's cgroup, the kernel kills everything in it at once (us included);
        // otherwise, or if that fails, we kill our subtree ourselves.
        for (int i = 0; i < o->cgroup_count; i++) kill_cgroup_of(o->cgroups[i]);
        kill_subtree(proc);
        return 137;
    }
    // The command is done: what it left behind goes now, as when PID 1 of a container exits (D10).
    // Every leftover descends from a child of ours, so no child means none.
    int st0;
    if (sys(SYS_wait4, -1, &st0, WNOHANG, NULL) == -ECHILD) return result;
    kill_subtree(proc);
    return result;
}
