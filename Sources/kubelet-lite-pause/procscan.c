// kubelet-lite-pause — finding processes in /proc: our children, and our process group's members.
#include "helper.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/// The fields of /proc/PID/stat after the command name: state, ppid, pgrp.
struct stat_fields {
    char state;
    int ppid;
    int pgrp;
    char comm[32];
};

static int read_stat(int proc, const char *pid, struct stat_fields *out) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "%s/stat", pid);
    int fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *open = strchr(buf, '(');
    char *close_paren = strrchr(buf, ')');
    if (!open || !close_paren || close_paren < open) return -1;
    size_t len = (size_t)(close_paren - open - 1);
    if (len >= sizeof out->comm) len = sizeof out->comm - 1;
    memcpy(out->comm, open + 1, len);
    out->comm[len] = 0;
    return sscanf(close_paren + 1, " %c %d %d", &out->state, &out->ppid, &out->pgrp) == 3 ? 0 : -1;
}

/// Calls `visit` for every live process in /proc; returns the sum of what it returned.
static int each_process(int proc, int (*visit)(pid_t, const struct stat_fields *)) {
    int dup_fd = dup(proc);
    if (dup_fd < 0) return 0;
    DIR *dir = fdopendir(dup_fd);
    if (!dir) {
        close(dup_fd);
        return 0;
    }
    rewinddir(dir);
    int total = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        pid_t pid = (pid_t)atol(e->d_name);
        struct stat_fields f;
        if (pid <= 0 || read_stat(proc, e->d_name, &f) != 0 || f.state == 'Z' || f.state == 'X') continue;
        total += visit(pid, &f);
    }
    closedir(dir);
    return total;
}

static int kill_if_child(pid_t pid, const struct stat_fields *f) {
    if (f->ppid != getpid()) return 0;
    kill(pid, SIGKILL);
    return 1;
}

/* Our children from /proc/thread-self/children (we are single-threaded: the thread's children are
 * ours): one small file, where a scan of /proc reads one file per process on the host, seconds
 * on a loaded host running thousands. SIGKILLs those listed; -1 when the kernel has no such file.
 * A list longer than the buffer is cut at its last whole pid: the caller asks again. */
static int kill_listed_children(int proc) {
    int fd = openat(proc, "thread-self/children", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[16384];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - len)) != 0) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        len += (size_t)n;
    }
    close(fd);
    if (len == sizeof buf - 1) {
        while (len > 0 && buf[len - 1] != ' ') len--;  // a pid cut in two is left for the next call
    }
    buf[len] = 0;
    int killed = 0;
    for (char *at = buf, *end; *at; at = end) {
        long pid = strtol(at, &end, 10);
        if (end == at) break;
        if (pid > 0 && kill((pid_t)pid, SIGKILL) == 0) killed++;
    }
    return killed;
}

int kill_children(int proc) {
    int listed = kill_listed_children(proc);
    return listed >= 0 ? listed : each_process(proc, kill_if_child);
}

static int kill_if_member(pid_t pid, const struct stat_fields *f) {
    if (f->pgrp != getpgrp() || pid == getpid()) return 0;
    // An exec helper kills its own subtree on the same death signal, setsid daemons included;
    // killing it first would orphan them.
    if (strcmp(f->comm, "kubelet-lite-pa") == 0) return 0;
    kill(pid, SIGKILL);
    return 1;
}

int kill_group_except_helpers(int proc) { return each_process(proc, kill_if_member); }

void kill_cgroup_of(const char *procs_file) {
    char path[4096];
    const char *slash = strrchr(procs_file, '/');
    if (!slash || (size_t)(slash - procs_file) + sizeof "/cgroup.kill" > sizeof path) return;
    memcpy(path, procs_file, (size_t)(slash - procs_file));
    strcpy(path + (slash - procs_file), "/cgroup.kill");
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    if (write(fd, "1", 1) != 1) { /* v1 or an old kernel: the caller kills by hand */ }
    close(fd);
}

int join_cgroup(const char *procs_file) {
    int fd = open(procs_file, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int ok = write(fd, "0", 1) == 1;
    int saved = errno;
    close(fd);
    return ok ? 0 : saved;
}
