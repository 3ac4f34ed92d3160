// kubelet-lite-pause — what the pause program's parts share.
#ifndef KUBELET_LITE_PAUSE_HELPER_H
#define KUBELET_LITE_PAUSE_HELPER_H

#include <sys/types.h>

/// What `exec` was asked to do; see main.c for the command line.
struct exec_options {
    pid_t supervisor;
    long uid, gid;            // -1: unchanged
    const char *cgroups[8];   // cgroup.procs files to join before anything runs
    int cgroup_count;
    char *path;
    char **argv;
};

/// `kubelet-lite-pause SUPERVISOR_PID [CGROUP_KILL_FILE]`: lead the pod's process group until the
/// supervisor dies.
_Noreturn void pause_main(pid_t supervisor, const char *cgroup_kill);

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
