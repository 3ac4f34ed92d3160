// kubelet-lite-pause — what the pause program's parts share.
#ifndef KUBELET_LITE_PAUSE_HELPER_H
#define KUBELET_LITE_PAUSE_HELPER_H

#include "../CKubeletLiteShims/nolibc/kl_nolibc.h"

#include <sys/types.h>

/// Every signal as sigfillset fills a set: all 64 but 32 and 33, which the C library keeps for its
/// threads and its sigprocmask never blocks; left unblocked as it left them, so that a command
/// inherits the mask it inherited before.
#define ALL_SIGNALS (~0UL & ~(1UL << 31) & ~(1UL << 32))

/// Writes `message` on standard error (one write, as stderr is unbuffered).
void say(const char *message);

/// Says "kubelet-lite: WHAT: strerror(ERROR)\n" on standard error.
void say_error(const char *what, long error);

/// Which PID namespace a command runs in (the namespaces sandbox, lifecycle §D3).
enum pid_mode { PID_HOST, PID_OWN, PID_POD };

/// The namespaces sandbox's part of `exec`: whose namespaces to join, what to make new.
struct ns_options {
    pid_t pause;              // join its IPC and UTS namespaces (0: stay on the host's)
    enum pid_mode pid;        // a container's PID namespace
    pid_t container;          // a probe or hook: join this container helper's mount and PID namespaces
    int new_mounts;           // a container: its own mount namespace, /dev and /proc
    const char *message_file; // bind-mounted at /dev/termination-log (a host file of the pod's)
    const char *workdir;      // the working directory again, once inside the mount namespace
};

/// What `exec` was asked to do; see main.c for the command line.
struct exec_options {
    pid_t supervisor;
    long uid, gid;            // -1: unchanged
    long file_limit;          // -1: unchanged; else the command's RLIMIT_NOFILE soft limit
    const char *cgroups[8];   // cgroup.procs files to join before anything runs
    int cgroup_count;
    struct ns_options ns;
    int report_fd;            // -1, or where to say the command's pid (or why it could not start)
    char *path;
    char **argv;
};

/// A directory entry as getdents64 gives it (dirent.h needs the C library).
struct kl_dirent64 {
    unsigned long long ino;
    long long off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

/// The entry type of a directory.
#define KL_DT_DIR 4

/// A directory's entries read one at a time through getdents64 (readdir without the C library).
struct kl_dir_reader {
    int fd;
    long filled, at;
    char buf[4096] __attribute__((aligned(8)));
};

/// Starts reading the directory open as `fd` from its first entry; 0, or -1 if it cannot seek there.
int kl_dir_rewind(struct kl_dir_reader *r, int fd);

/// The next entry, or NULL at the end (or on an error).
const struct kl_dirent64 *kl_dir_next(struct kl_dir_reader *r);

/// How many pod cgroup directories the pause process looks after: the unified one and the v1
/// hierarchies of a hybrid host.
#define KL_MAX_POD_CGROUPS 8

/// What the pause process holds besides the pod's process group.
struct pause_options {
    pid_t supervisor;
    const char *hostname;     // namespaces sandbox: new IPC and UTS namespaces with this hostname
    int pid_namespace;        // ... and a PID namespace, held by a child that is its PID 1
    int ready_fd;             // -1, or where to say "ok" once the sandbox is ready
    // The pod's cgroup directories, the unified one first: its cgroup.kill is written when the
    // supervisor dies, and all are removed once the pod is dead, if the supervisor could not.
    const char *cgroups[KL_MAX_POD_CGROUPS];
    int cgroup_count;
};

/// `kubelet-lite-pause SUPERVISOR_PID [-d CGROUP_DIR]... [-n HOSTNAME [-p]] [-r FD]`: lead the
/// pod's process group until the supervisor dies.
_Noreturn void pause_main(const struct pause_options *options);

/// Opens the pod's cgroup directories (-d) while they are surely the pod's own.
void remember_pod_cgroups(const struct pause_options *o);

/// SIGKILL to everything in the pod's unified cgroup, in one write to its cgroup.kill.
void kill_pod_cgroup(void);

/// Once the pod is killed: waits (bounded) for the unified pod cgroup to empty, then removes every
/// remembered directory still the one it opened, with the cgroups below it.
void remove_pod_cgroups(void);

/// Enters the namespaces of `o` before the fork (IPC, UTS, PID for children, mounts); returns 0, or
/// an errno after printing why.
int enter_namespaces(const struct ns_options *o);

/// In the command, after the fork: a new /proc for its PID namespace, its working directory.
int finish_namespaces(const struct ns_options *o);

/// `kubelet-lite-pause exec ...`: run one command as a container's init would.
int exec_main(const struct exec_options *options);

/// SIGKILLs every child of ours; returns how many it found. `proc` is a directory fd of /proc.
int kill_children(int proc);

/// SIGKILLs every live member of our process group except exec helpers (they clean up their own
/// subtrees); returns how many it found.
int kill_group_except_helpers(int proc);

/// Writes our pid into a cgroup.procs file; 0 on success, else errno.
int join_cgroup(const char *procs_file);

/// Writes 1 into the cgroup.kill beside a cgroup.procs file, where there is one (cgroup v2).
void kill_cgroup_of(const char *procs_file);

#endif
