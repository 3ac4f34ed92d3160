// kubelet-lite — C shims (see the header for why each exists).

#include "kubelet_lite_shims.h"
#include "kl_supervisor_signals.h"
#include <limits.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

int kl_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int kl_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event ev = {0};
    ev.events = events;
    ev.data.fd = fd;
    _Static_assert(KL_EPOLL_ADD == EPOLL_CTL_ADD && KL_EPOLL_DEL == EPOLL_CTL_DEL && KL_EPOLL_MOD == EPOLL_CTL_MOD,
                   "the shim's epoll operations are the kernel's");
    return epoll_ctl(epfd, op, fd, &ev);
}

int kl_epoll_wait(int epfd, int *fds, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event evs[64];
    if (max > 64) max = 64;
    int n = epoll_wait(epfd, evs, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        fds[i] = evs[i].data.fd;
        events[i] = evs[i].events;
    }
    return n;
}

int kl_timerfd_create(void) { return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC); }

int kl_timerfd_arm(int fd, int64_t monotonic_micros) {
    struct itimerspec spec = {0};
    if (monotonic_micros >= 0) {
        spec.it_value.tv_sec = (time_t)(monotonic_micros / 1000000);
        spec.it_value.tv_nsec = (long)(monotonic_micros % 1000000) * 1000;
        // 0 would disarm: a deadline at the clock's origin is simply due.
        if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
    }
    return timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL);
}

int kl_signalfd(const sigset_t *mask) { return signalfd(-1, mask, SFD_NONBLOCK | SFD_CLOEXEC); }

int kl_signalfd_read(int fd, uint32_t *signo, int32_t *code) {
    struct signalfd_siginfo info;
    for (;;) {
        ssize_t n = read(fd, &info, sizeof info);
        if (n == (ssize_t)sizeof info) {
            *signo = info.ssi_signo;
            *code = info.ssi_code;
            return 1;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return 0;
        return -1;
    }
}

int kl_pipe_cloexec(int fds[2], int nonblock_read) {
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    if (nonblock_read) {
        // A new pipe's read end has no status flags but O_RDONLY: no F_GETFL needed.
        if (fcntl(fds[0], F_SETFL, O_RDONLY | O_NONBLOCK) != 0) {
            int saved = errno;
            close(fds[0]);
            close(fds[1]);
            errno = saved;
            return -1;
        }
    }
    return 0;
}

int kl_accept_nonblock(int fd) { return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); }

int kl_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }
int kl_pidfd_send_signal(int pidfd, int signo) { return (int)syscall(SYS_pidfd_send_signal, pidfd, signo, NULL, 0); }

int kl_lock_file(int fd) {
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    return fcntl(fd, F_SETLK, &fl);
}

int kl_lock_owner(int fd) {
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(fd, F_GETLK, &fl) != 0) return -1;
    return fl.l_type == F_UNLCK ? 0 : (int)fl.l_pid;
}

int kl_set_child_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int kl_bind_to_parent(int signo, pid_t expected_parent) {
    if (prctl(PR_SET_PDEATHSIG, signo, 0, 0, 0) != 0) return -1;
    if (getppid() != expected_parent) {
        errno = ESRCH;
        return -1;
    }
    return 0;
}

int kl_memfd(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int kl_rename_exchange(int dirfd, const char *from, const char *to) {
    return renameat2(dirfd, from, dirfd, to, RENAME_EXCHANGE);
}

long kl_getrandom(void *buffer, unsigned long length) { return getrandom(buffer, length, 0); }

int kl_inotify_init(void) { return inotify_init1(IN_NONBLOCK | IN_CLOEXEC); }

int kl_inotify_watch_dir(int fd, const char *path) {
    return inotify_add_watch(fd, path, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE
                                           | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
}

long kl_inotify_read(int fd, char *buffer, unsigned long size) {
    ssize_t n = read(fd, buffer, size);
    if (n < 0 && errno == EAGAIN) return 0;
    return (long)n;
}

long kl_inotify_next(const char *buffer, long offset, uint32_t *mask, const char **name) {
    const struct inotify_event *ev = (const struct inotify_event *)(buffer + offset);
    uint32_t bits = 0;
    if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) bits |= KL_IN_GONE;
    if (ev->mask & IN_Q_OVERFLOW) bits |= KL_IN_OVERFLOW;
    if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) bits |= KL_IN_DIR_GONE;
    *mask = bits;
    *name = ev->len > 0 ? ev->name : NULL;
    return offset + (long)sizeof(struct inotify_event) + (long)ev->len;
}

int kl_spawn_addchdir(posix_spawn_file_actions_t *fa, const char *path) {
    return posix_spawn_file_actions_addchdir_np(fa, path);
}

int kl_wifexited(int status) { return WIFEXITED(status); }
int kl_wexitstatus(int status) { return WEXITSTATUS(status); }
int kl_wifsignaled(int status) { return WIFSIGNALED(status); }
int kl_wtermsig(int status) { return WTERMSIG(status); }

/// The supervisor's signals are blocked before the Swift runtime or any library runs a line of its
/// own, so a SIGTERM that arrives once the process image runs stays pending until the event loop
/// reads it: a graceful stop, never death by the default action (architecture §8.4). The kubelet-lite
/// front program has blocked them already (the dynamic loader takes milliseconds to get here); this
/// covers kubelet-lite-core started directly. Only in kubelet-lite-core itself: a test bundle
/// linking this library keeps its signals. It runs from .preinit_array: before the initializers of
/// the shared libraries (the Swift runtime and Foundation), not only before main.
static void kl_block_signals_first(void) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = 0;
    const char *base = strrchr(exe, '/');
    if (strcmp(base ? base + 1 : exe, "kubelet-lite-core") != 0) return;
    sigset_t set;
    kl_supervisor_signal_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    prctl(PR_SET_NAME, "kubelet-lite");  // the command's name in ps and top, not the file's
    // Started with a standard descriptor closed, the first pipe would take its number, and a child's
    // stdout would be whatever that pipe is: each closed one is /dev/null instead.
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (null >= 0 && null != fd) close(null);  // only a lower number was free: not ours to fill
        }
    }
}

void kl_unblock_supervisor_signals(void) {
    sigset_t set;
    kl_supervisor_signal_set(&set);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

__attribute__((section(".preinit_array"), used)) static void (*const kl_preinit)(void) = kl_block_signals_first;
