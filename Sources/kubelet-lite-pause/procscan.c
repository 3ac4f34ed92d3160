// kubelet-lite-pause — finding processes in /proc: our children, and our process group's members.
#include "helper.h"

#include <signal.h>

/// The fields of /proc/PID/stat after the command name: state, ppid, pgrp.
struct stat_fields {
    char state;
    int ppid;
    int pgrp;
    char comm[32];
};

/// Reads " %c %d %d" as sscanf does (white space skipped before each); 0, or -1 if one is missing.
static int scan_stat_fields(const char *s, struct stat_fields *out) {
    while (*s == ' ' || (*s >= '\t' && *s <= '\r')) s++;
    if (!*s) return -1;
    out->state = *s++;
    const char *end;
    out->ppid = (int)kl_parse_long(s, &end);
    if (end == s) return -1;
    s = end;
    out->pgrp = (int)kl_parse_long(s, &end);
    return end == s ? -1 : 0;
}

static int read_stat(int proc, const char *pid, struct stat_fields *out) {
    struct kl_text path;
    kl_text_init(&path, 63, -1);
    kl_add(&path, pid);
    kl_add(&path, "/stat");
    char buf[512];
    long fd = sys(SYS_openat, proc, kl_text_string(&path), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    long n = sys(SYS_read, fd, buf, sizeof buf - 1);
    sys(SYS_close, fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    const char *open = kl_strchr(buf, '(');
    const char *close_paren = kl_strrchr(buf, ')');
    if (!open || !close_paren || close_paren < open) return -1;
    unsigned long len = (unsigned long)(close_paren - open - 1);
    if (len >= sizeof out->comm) len = sizeof out->comm - 1;
    for (unsigned long i = 0; i < len; i++) out->comm[i] = open[1 + i];
    out->comm[len] = 0;
    return scan_stat_fields(close_paren + 1, out);
}

/// Calls `visit` for every live process in /proc; returns the sum of what it returned.
static int each_process(int proc, int (*visit)(long, const struct stat_fields *)) {
    struct kl_dir_reader r;
    if (kl_dir_rewind(&r, proc) != 0) return 0;  // from the start: a previous scan read it all
    int total = 0;
    for (const struct kl_dirent64 *e; (e = kl_dir_next(&r));) {
        const char *end;
        long pid = (long)(pid_t)kl_parse_long(e->name, &end);  // what atol makes of it
        struct stat_fields f;
        if (pid <= 0 || read_stat(proc, e->name, &f) != 0 || f.state == 'Z' || f.state == 'X') continue;
        total += visit(pid, &f);
    }
    return total;
}

static int kill_if_child(long pid, const struct stat_fields *f) {
    if (f->ppid != sys(SYS_getpid)) return 0;
    sys(SYS_kill, pid, SIGKILL);
    return 1;
}

/* Our children from /proc/thread-self/children (we are single-threaded: the thread's children are
 * ours): one small file, where a scan of /proc reads one file per process on the host, seconds
 * on a loaded host running thousands. SIGKILLs those listed; -1 when the kernel has no such file.
 * A list longer than the buffer is cut at its last whole pid: the caller asks again. */
static int kill_listed_children(int proc) {
    long fd = sys(SYS_openat, proc, "thread-self/children", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[16384];
    unsigned long len = 0;
    long n;
    while (len < sizeof buf - 1 && (n = sys(SYS_read, fd, buf + len, sizeof buf - 1 - len)) != 0) {
        if (n == -EINTR) continue;
        if (n < 0) break;
        len += (unsigned long)n;
    }
    sys(SYS_close, fd);
    if (len == sizeof buf - 1) {
        while (len > 0 && buf[len - 1] != ' ') len--;  // a pid cut in two is left for the next call
    }
    buf[len] = 0;
    int killed = 0;
    for (const char *at = buf, *end; *at; at = end) {
        long pid = kl_parse_long(at, &end);
        if (end == at) break;
        if (pid > 0 && sys(SYS_kill, pid, SIGKILL) == 0) killed++;
    }
    return killed;
}

int kill_children(int proc) {
    int listed = kill_listed_children(proc);
    return listed >= 0 ? listed : each_process(proc, kill_if_child);
}

static int kill_if_member(long pid, const struct stat_fields *f) {
    if (f->pgrp != sys(SYS_getpgid, 0) || pid == sys(SYS_getpid)) return 0;
    // An exec helper kills its own subtree on the same death signal, setsid daemons included;
    // killing it first would orphan them.
    if (kl_streq(f->comm, "kubelet-lite-pa")) return 0;
    sys(SYS_kill, pid, SIGKILL);
    return 1;
}

int kill_group_except_helpers(int proc) { return each_process(proc, kill_if_member); }

void kill_cgroup_of(const char *procs_file) {
    const char *slash = kl_strrchr(procs_file, '/');
    if (!slash || (unsigned long)(slash - procs_file) + sizeof "/cgroup.kill" > 4096) return;
    struct kl_text path;
    kl_text_init(&path, 4095, -1);
    for (const char *at = procs_file; at < slash; at++) path.bytes[path.length++] = *at;
    kl_add(&path, "/cgroup.kill");
    long fd = sys(SYS_openat, AT_FDCWD, kl_text_string(&path), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    sys(SYS_write, fd, "1", 1);  // if it fails (v1, an old kernel), the caller kills by hand
    sys(SYS_close, fd);
}

int join_cgroup(const char *procs_file) {
    long fd = sys(SYS_openat, AT_FDCWD, procs_file, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return (int)-fd;
    long n = sys(SYS_write, fd, "0", 1);
    sys(SYS_close, fd);
    return n == 1 ? 0 : n < 0 ? (int)-n : EIO;
}
