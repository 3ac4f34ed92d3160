// kubelet-lite-pause — removing the pod's cgroups when the supervisor died without doing it
// (architecture §4.10). The pause process is not in them: it stays in the supervisor's cgroup.
#include "helper.h"

#include <poll.h>
#include <sys/stat.h>
#include <time.h>

/// The -d directories, and each one held open (-1 where it could not be opened).
static const char *const *paths;
static int fds[KL_MAX_POD_CGROUPS];
static int count;

void remember_pod_cgroups(const struct pause_options *o) {
    paths = o->cgroups;
    count = o->cgroup_count;
    // Held open, so that a cgroup of the same name made later (a new run of a pod with a fixed uid)
    // is told apart from ours and never removed, and the kill goes to ours whatever the path names.
    for (int i = 0; i < count; i++)
        fds[i] = (int)sys(SYS_openat, AT_FDCWD, paths[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

void kill_pod_cgroup(void) {
    if (count == 0 || fds[0] < 0) return;
    long fd = sys(SYS_openat, fds[0], "cgroup.kill", O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    sys(SYS_write, fd, "1", 1);  // if it fails, the helpers and the group kill still work
    sys(SYS_close, fd);
}

/// Whether `text` (n bytes) has a line "populated 0".
static int says_empty(const char *text, long n) {
    static const char key[] = "populated 0";
    for (long at = 0; at + (long)sizeof key - 1 <= n; at++) {
        if (at > 0 && text[at - 1] != '\n') continue;
        int same = 1;
        for (unsigned long k = 0; k < sizeof key - 1 && same; k++) same = text[at + (long)k] == key[k];
        if (same && (at + (long)sizeof key - 1 == n || text[at + sizeof key - 1] == '\n')) return 1;
    }
    return 0;
}

/// Milliseconds on the monotonic clock.
static long now_ms(void) {
    struct timespec t;
    sys(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/// Waits until the unified pod cgroup holds no process: its cgroup.events says so, and wakes a
/// poll (POLLPRI) each time that changes. Bounded by one deadline, 5 s from now.
static int wait_until_empty(int dir) {
    long events = sys(SYS_openat, dir, "cgroup.events", O_RDONLY | O_CLOEXEC);
    if (events < 0) return 0;
    long deadline = now_ms() + 5000;
    int empty = 0;
    for (;;) {
        char text[512];
        long n = sys(SYS_pread64, events, text, sizeof text, 0);
        if (n < 0 || (empty = says_empty(text, n))) break;
        long left = deadline - now_ms();
        if (left <= 0) break;
        struct pollfd p = {.fd = (int)events, .events = POLLPRI};
        struct timespec limit = {.tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000};
        sys(SYS_ppoll, &p, 1, &limit, NULL, 0);
    }
    sys(SYS_close, events);
    return empty;
}

/// Removes the cgroups below the directory `dir` (depth-first, at most `depth` levels down).
static void remove_children(int dir, int depth) {
    if (depth <= 0) return;
    // Entries removed while reading may shift the rest: read again until a pass removes nothing.
    for (int pass = 0; pass < 100; pass++) {
        struct kl_dir_reader r;
        if (kl_dir_rewind(&r, dir) != 0) return;
        int removed = 0;
        for (const struct kl_dirent64 *e; (e = kl_dir_next(&r));) {
            if (e->type != KL_DT_DIR || kl_streq(e->name, ".") || kl_streq(e->name, "..")) continue;
            long child = sys(SYS_openat, dir, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0) continue;
            remove_children((int)child, depth - 1);
            sys(SYS_close, child);
            if (sys(SYS_unlinkat, dir, e->name, AT_REMOVEDIR) == 0) removed++;
        }
        if (removed == 0) return;
    }
}

/// Whether `path` still names the directory open as `fd`.
static int still_ours(const char *path, int fd) {
    struct stat open_st, named_st;
    if (sys(SYS_fstat, fd, &open_st) != 0) return 0;
    if (sys(SYS_newfstatat, AT_FDCWD, path, &named_st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
    return open_st.st_ino == named_st.st_ino && open_st.st_dev == named_st.st_dev;
}

void remove_pod_cgroups(void) {
    if (count == 0 || fds[0] < 0 || !wait_until_empty(fds[0])) return;
    for (int i = 0; i < count; i++) {
        if (fds[i] < 0 || !still_ours(paths[i], fds[i])) continue;
        remove_children(fds[i], 4);
        sys(SYS_unlinkat, AT_FDCWD, paths[i], AT_REMOVEDIR);
    }
}
