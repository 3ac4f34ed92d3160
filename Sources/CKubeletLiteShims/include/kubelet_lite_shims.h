// kubelet-lite — C shims: Linux APIs that Swift's Glibc module hides (it is built without
// _GNU_SOURCE, and variadic functions never import). Nothing else belongs here.
#ifndef KUBELET_LITE_SHIMS_H
#define KUBELET_LITE_SHIMS_H

#include "kl_supervisor_signals.h"
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/types.h>

/// epoll_create1(EPOLL_CLOEXEC).
int kl_epoll_create(void);
/// epoll_ctl with the fd as the event's data; op: KL_EPOLL_ADD/DEL/MOD; events: bit set of KL_EV_*.
int kl_epoll_ctl(int epfd, int op, int fd, uint32_t events);

/// The epoll_ctl operations (the kernel's EPOLL_CTL_ADD, _DEL and _MOD).
#define KL_EPOLL_ADD 1
#define KL_EPOLL_DEL 2
#define KL_EPOLL_MOD 3
/// epoll_wait that unpacks the (packed) events into two plain arrays.
int kl_epoll_wait(int epfd, int *fds, uint32_t *events, int max, int timeout_ms);
/// timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK|TFD_CLOEXEC): the event loop's timer.
int kl_timerfd_create(void);
/// Arms `fd` to expire at `monotonic_micros` on CLOCK_MONOTONIC (absolute), or disarms it when
/// that is negative. 0, or -1 with errno.
int kl_timerfd_arm(int fd, int64_t monotonic_micros);

#define KL_EV_IN 0x001u
#define KL_EV_OUT 0x004u
#define KL_EV_ERR 0x008u
#define KL_EV_HUP 0x010u
#define KL_EV_RDHUP 0x2000u

/// signalfd(-1, mask, SFD_NONBLOCK|SFD_CLOEXEC).
int kl_signalfd(const sigset_t *mask);
/// Reads one record: returns 1 and sets *signo and *code (ssi_code: who sent it, SI_USER for
/// kill(2), SI_KERNEL for the kernel), 0 when drained, -1 on error.
int kl_signalfd_read(int fd, uint32_t *signo, int32_t *code);
/// si_code of a signal the kernel itself sent (a terminal's hang-up): SI_KERNEL.
#define KL_SI_KERNEL 0x80

/// pipe2 with O_CLOEXEC, and O_NONBLOCK on the read end only (a child must not get a non-blocking stdout).
int kl_pipe_cloexec(int fds[2], int nonblock_read);
/// accept4(fd, NULL, NULL, SOCK_NONBLOCK|SOCK_CLOEXEC): a connection that is non-blocking from its birth.
int kl_accept_nonblock(int fd);
/// pidfd_open(pid, 0) with close-on-exec: readable once the process has exited.
int kl_pidfd_open(pid_t pid);
/// pidfd_send_signal(pidfd, signo, NULL, 0): a signal that cannot reach a recycled pid.
int kl_pidfd_send_signal(int pidfd, int signo);
/// Takes a POSIX write lock on the whole file without waiting: 0, or -1 with errno (EAGAIN: held).
int kl_lock_file(int fd);
/// The pid holding a lock on the whole file (F_GETLK), 0 when none does, -1 on error.
int kl_lock_owner(int fd);
/// Undoes the early blocking of the supervisor's signals (for the verbs that are not a supervisor:
/// Ctrl-C and SIGTERM must end them at once).
void kl_unblock_supervisor_signals(void);
/// prctl(PR_SET_CHILD_SUBREAPER, 1).
int kl_set_child_subreaper(void);
/// For a supervisor started by a pod host (architecture §4.11): prctl(PR_SET_PDEATHSIG, signo), then
/// whether the parent is still `expected_parent` (the host may have died before the request took
/// effect). 0 when bound, -1 with errno (ESRCH: the parent is already gone).
int kl_bind_to_parent(int signo, pid_t expected_parent);
/// memfd_create(name, MFD_CLOEXEC): an anonymous file (a manifest read from standard input, handed
/// to several supervisors).
int kl_memfd(const char *name);
/// renameat2(dirfd, from, dirfd, to, RENAME_EXCHANGE): the two names swap their files in one step.
int kl_rename_exchange(int dirfd, const char *from, const char *to);
/// getrandom(buffer, length, 0): the kernel's random bytes in one call, without opening /dev/urandom.
long kl_getrandom(void *buffer, unsigned long length);
/// inotify_init1(IN_NONBLOCK|IN_CLOEXEC).
int kl_inotify_init(void);
/// inotify_add_watch for a manifest directory: close-write, moved to/from, create, delete, and the
/// directory's own deletion or move.
int kl_inotify_watch_dir(int fd, const char *path);
/// Reads pending inotify events into `buffer`: the byte count, 0 when drained, -1 on error. Walk
/// them with kl_inotify_next.
long kl_inotify_read(int fd, char *buffer, unsigned long size);
/// The event at `offset` of a buffer filled by kl_inotify_read: sets *mask and *name (NULL or the
/// file name) and returns the offset of the next event.
long kl_inotify_next(const char *buffer, long offset, uint32_t *mask, const char **name);
/// The inotify bits the pod host tells apart.
#define KL_IN_GONE 0x1u
#define KL_IN_OVERFLOW 0x2u
#define KL_IN_DIR_GONE 0x4u
/// posix_spawn_file_actions_addchdir_np.
int kl_spawn_addchdir(posix_spawn_file_actions_t *fa, const char *path);
/// The wait status decoders, which are macros in C.
int kl_wifexited(int status);
int kl_wexitstatus(int status);
int kl_wifsignaled(int status);
int kl_wtermsig(int status);

#endif
