// kubelet-lite-pause — the namespaces sandbox (lifecycle §D3): joining the pod's namespaces, a
// container's own PID and mount namespaces, its /dev and /proc.
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int fail(const char *what, const char *detail) {
    int e = errno;
    fprintf(stderr, "kubelet-lite: cannot set up the container's namespaces: %s %s: %s\n", what, detail, strerror(e));
    return e ? e : EINVAL;
}

/// A namespace to join: opened first, joined after every other one is open (joining a mount
/// namespace changes what /proc shows).
struct join_target {
    int fd;
    int type;
    char path[64];
};

static int open_ns(struct join_target *t, pid_t pid, const char *name, int type) {
    snprintf(t->path, sizeof t->path, "/proc/%d/ns/%s", (int)pid, name);
    t->type = type;
    t->fd = open(t->path, O_RDONLY | O_CLOEXEC);
    return t->fd < 0 ? fail("open", t->path) : 0;
}

/// Joins every opened namespace, in order; closes them all.
static int join_all(struct join_target *targets, int count) {
    int result = 0;
    for (int i = 0; i < count; i++) {
        if (result == 0 && setns(targets[i].fd, targets[i].type) != 0) result = fail("setns", targets[i].path);
        close(targets[i].fd);
    }
    return result;
}

/// A device node as a container runtime makes it in a container's /dev.
static int device(const char *name, unsigned major_, unsigned minor_) {
    char path[64];
    snprintf(path, sizeof path, "/dev/%s", name);
    if (mknod(path, S_IFCHR | 0666, makedev(major_, minor_)) != 0) return fail("mknod", path);
    chmod(path, 0666);  // mknod honours the umask
    return 0;
}

/// A container's /dev: a fresh tmpfs with the usual devices, its own pts, shm and mqueue (those of
/// the pod's IPC namespace), and the termination-message file.
static int make_dev(const char *message_file) {
    if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k") != 0)
        return fail("mount tmpfs on", "/dev");
    static const struct { const char *name; unsigned major_, minor_; } nodes[] = {
        {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
    };
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        if (device(nodes[i].name, nodes[i].major_, nodes[i].minor_) != 0) return errno;
    static const char *dirs[] = {"/dev/pts", "/dev/shm", "/dev/mqueue"};
    for (size_t i = 0; i < 3; i++)
        if (mkdir(dirs[i], 0755) != 0) return fail("mkdir", dirs[i]);
    if (mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") != 0)
        return fail("mount devpts on", "/dev/pts");
    if (mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k") != 0)
        return fail("mount tmpfs on", "/dev/shm");
    if (mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        return fail("mount mqueue on", "/dev/mqueue");
    static const char *links[][2] = {
        {"pts/ptmx", "/dev/ptmx"}, {"/proc/self/fd", "/dev/fd"}, {"/proc/self/fd/0", "/dev/stdin"},
        {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        if (symlink(links[i][0], links[i][1]) != 0) return fail("symlink", links[i][1]);
    if (message_file) {
        int fd = open("/dev/termination-log", O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) return fail("create", "/dev/termination-log");
        close(fd);
        if (mount(message_file, "/dev/termination-log", NULL, MS_BIND, NULL) != 0)
            return fail("bind-mount at /dev/termination-log", message_file);
    }
    return 0;
}

int enter_namespaces(const struct ns_options *o) {
    struct join_target targets[4];
    int count = 0;
    if (o->pause > 0) {
        if (open_ns(&targets[count++], o->pause, "ipc", CLONE_NEWIPC) != 0) return join_all(targets, count - 1), EINVAL;
        if (open_ns(&targets[count++], o->pause, "uts", CLONE_NEWUTS) != 0) return join_all(targets, count - 1), EINVAL;
    }
    // A probe or hook joins its container's PID namespace (pid_for_children of the container's
    // helper) and mounts; a container in the pod's PID namespace joins the pause's.
    pid_t pid_owner = o->container > 0 ? o->container : o->pause;
    if ((o->container > 0 && o->pid != PID_HOST) || (o->container == 0 && o->pid == PID_POD)) {
        if (open_ns(&targets[count++], pid_owner, "pid_for_children", CLONE_NEWPID) != 0)
            return join_all(targets, count - 1), EINVAL;
    }
    if (o->container > 0 && open_ns(&targets[count++], o->container, "mnt", CLONE_NEWNS) != 0)
        return join_all(targets, count - 1), EINVAL;
    if (join_all(targets, count) != 0) return EINVAL;
    if (o->container > 0) return 0;
    if (o->pid == PID_OWN && unshare(CLONE_NEWPID) != 0) return fail("unshare", "CLONE_NEWPID");
    if (!o->new_mounts) return 0;
    if (unshare(CLONE_NEWNS) != 0) return fail("unshare", "CLONE_NEWNS");
    // Nothing mounted here may propagate back to the host.
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return fail("make private", "/");
    return make_dev(o->message_file);
}

int finish_namespaces(const struct ns_options *o) {
    // The first process of a new PID namespace mounts the /proc that shows that namespace.
    if (o->new_mounts && o->pid != PID_HOST && mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        return fail("mount", "/proc");
    // Joining a mount namespace moves us to its root.
    if (o->workdir && chdir(o->workdir) != 0) return fail("chdir", o->workdir);
    return 0;
}
