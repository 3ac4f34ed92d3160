// kubelet-lite-pause — the pod infra process (lifecycle §D7), and the exec helper for commands.
//
// `kubelet-lite-pause SUPERVISOR_PID [-d CGROUP_DIR]... [-n HOSTNAME [-p]] [-r FD]`
//   Leads the pod's process group so that containers can join it and restart into it, and makes
//   the pod die with its supervisor: on the supervisor's death it writes to cgroup.kill in the
//   first -d directory (the pod's unified cgroup) when given one, then SIGKILLs every member of
//   the group except exec helpers, which clean up their own subtrees. Then, if its parent really
//   is gone, it waits (at most 5 s) for that cgroup to empty and removes every -d directory with
//   the cgroups below it, each only if it is still the one that existed when it started. With -n
//   it holds new IPC and UTS namespaces with that hostname, and with -p a PID namespace whose PID 1
//   is a child of its own; -r FD receives "ok" once all that is in place. It reaps nothing: the
//   supervisor is a child subreaper and the only reaper. C, not Swift, and without the C library
//   (architecture §5.2): an idle pod costs some 24 KiB, and each exec helper starts at once (a C
//   library's start-up traps to the hypervisor dozens of times, 1.3 ms of each start on a VM).
//
// `kubelet-lite-pause exec SUPERVISOR_PID [-u UID:GID] [-c CGROUP_PROCS]... [NAMESPACES] [--] PATH ARGV0 [ARGS...]`
//   Runs a container's, probe's or hook's command (lifecycle §D10) like a container's init: it
//   puts the command in the given cgroups (created there when it is one cgroup v2, else joined
//   before the fork), passes every signal it gets to the command, and as a child subreaper
//   inherits everything the command leaves behind; when the command exits it SIGKILLs and reaps
//   all of that before exiting with the command's status (128+N for a signal). When the
//   supervisor dies it kills and reaps its whole subtree, setsid daemons included, then exits;
//   and if the helper itself is killed, its command dies with it (a death signal of its own).
//   With -u the command runs as that user and group, with no supplementary groups; with -l N its
//   RLIMIT_NOFILE soft limit is N again (kubelet-lite raised its own).
//   NAMESPACES (the namespaces sandbox): -N PAUSE joins the pause process's IPC and UTS namespaces;
//   -P own|pod|host picks the PID namespace (a new one where the command is PID 1, the pause's, or
//   the host's); -M FILE|- gives a container its own mount namespace, /dev and /proc, FILE bind-
//   mounted at /dev/termination-log; -J HELPER makes a probe or hook join the mount and PID
//   namespaces of that container's helper; -w DIR is the working directory inside them.
//   -s FD: on FD, "pid N" once the command is forked, then end of file once it has exec'd (the
//   descriptor is close-on-exec in the command); or "error: WHY" if it could not start.
#define KL_NOLIBC_IMPLEMENTATION
#include "helper.h"

/// The value of a two-argument option, or NULL at the end of the arguments.
static const char *value(int argc, char **argv, int at) { return at + 1 < argc ? argv[at + 1] : NULL; }

/// A number as atol and atoi read it: what strtol reads, 0 when there is none.
static long number(const char *s) {
    const char *end;
    return kl_parse_long(s, &end);
}

/* Reads "N" (or "N:M", with `second`) as sscanf's "%ld" ("%ld:%ld") does: each number after
 * optional white space, the ':' right after the first, anything after the last ignored. Returns
 * 0, or 126 if a number or the ':' is missing. */
static int scan_numbers(const char *s, long *first, long *second) {
    const char *end;
    *first = kl_parse_long(s, &end);
    if (end == s) return 126;
    if (!second) return 0;
    if (*end != ':') return 126;
    s = end + 1;
    *second = kl_parse_long(s, &end);
    return end == s ? 126 : 0;
}

/// One option of `exec`; returns 0, or 126 for one it does not know.
static int exec_option(char flag, const char *v, struct exec_options *o) {
    switch (flag) {
    case 'u': return scan_numbers(v, &o->uid, &o->gid);
    case 'l': return scan_numbers(v, &o->file_limit, NULL);
    case 'c':
        if (o->cgroup_count == (int)(sizeof o->cgroups / sizeof o->cgroups[0])) return 126;
        o->cgroups[o->cgroup_count++] = v;
        return 0;
    case 'N': o->ns.pause = (pid_t)number(v); return 0;
    case 'J': o->ns.container = (pid_t)number(v); return 0;
    case 'P':
        o->ns.pid = kl_streq(v, "own") ? PID_OWN : kl_streq(v, "pod") ? PID_POD : PID_HOST;
        return 0;
    case 'M': o->ns.new_mounts = 1; o->ns.message_file = kl_streq(v, "-") ? NULL : v; return 0;
    case 'w': o->ns.workdir = v; return 0;
    case 's': o->report_fd = (int)number(v); return 0;
    default: return 126;
    }
}

/// Parses the options of `exec` up to PATH; returns 0, or 126 on a malformed command line.
static int parse_exec(int argc, char **argv, struct exec_options *o) {
    kl_zero(o, sizeof *o);
    o->uid = o->gid = o->file_limit = -1;
    o->report_fd = -1;
    o->supervisor = (pid_t)number(argv[2]);
    int at = 3;
    while (at < argc && argv[at][0] == '-' && argv[at][1] != 0 && argv[at][2] == 0) {
        if (argv[at][1] == '-') {  // `--`: PATH follows, whatever it looks like
            at++;
            break;
        }
        const char *v = value(argc, argv, at);
        if (!v || exec_option(argv[at][1], v, o) != 0) return 126;
        at += 2;
    }
    if (at + 1 >= argc) return 126;
    o->path = argv[at];
    o->argv = &argv[at + 1];
    return 0;
}

/// Parses the pause process's options; returns 0, or 126 on a malformed command line.
static int parse_pause(int argc, char **argv, struct pause_options *o) {
    kl_zero(o, sizeof *o);
    o->ready_fd = -1;
    // SUPERVISOR_PID is required and numeric: a pause process started by hand with a stray
    // argument would otherwise hold no supervisor and sleep forever.
    const char *end = NULL;
    long supervisor = argc > 1 ? kl_parse_long(argv[1], &end) : -1;
    if (argc < 2 || end == argv[1] || *end != 0 || supervisor < 0) return 126;
    o->supervisor = (pid_t)supervisor;
    for (int at = 2; at < argc; at++) {
        const char *v = value(argc, argv, at);
        if (kl_streq(argv[at], "-p")) {
            o->pid_namespace = 1;
        } else if (kl_streq(argv[at], "-d") && v) {
            if (o->cgroup_count == (int)(sizeof o->cgroups / sizeof o->cgroups[0])) return 126;
            o->cgroups[o->cgroup_count++] = v;
            at++;
        } else if (kl_streq(argv[at], "-n") && v) {
            o->hostname = v;
            at++;
        } else if (kl_streq(argv[at], "-r") && v) {
            o->ready_fd = (int)number(v);
            at++;
        } else {
            return 126;
        }
    }
    return 0;
}

/// The program: the exec helper or the pause process; returns the exit status.
static int run(int argc, char **argv) {
    if (argc >= 5 && kl_streq(argv[1], "exec")) {
        struct exec_options options;
        if (parse_exec(argc, argv, &options) != 0) {
            say("kubelet-lite: the exec helper was called with a malformed command line\n");
            return 126;
        }
        return exec_main(&options);
    }
    struct pause_options options;
    if (parse_pause(argc, argv, &options) != 0) {
        say("kubelet-lite: the pause process was called with a malformed command line\n");
        return 126;
    }
    pause_main(&options);
}

void say(const char *message) { sys(SYS_write, 2, message, kl_strlen(message)); }

void say_error(const char *what, long error) {
    struct kl_text message;
    kl_text_init(&message, 0, 2);
    kl_add(&message, "kubelet-lite: ");
    kl_add(&message, what);
    kl_add(&message, ": ");
    kl_add_strerror(&message, error);
    kl_add(&message, "\n");
    kl_flush(&message);
}

/* The entry point (linked with -e kl_entry): no C library start-up, nothing set up but what the
 * kernel gives (architecture §5.2). */
KL_ENTRY("", kl_start);

/// Runs the program with the command line the kernel left on the stack, then exits with its status.
__attribute__((used, noreturn)) void kl_start(long *stack) {
    char **argv;
    int argc = kl_start_program(stack, &argv);
    kl_exit(run(argc, argv));
}

/// Never called: the entry point is kl_entry. The debug build, which SwiftPM links with the C
/// library's start files, needs a main for them to name.
int main(void) { return 126; }
