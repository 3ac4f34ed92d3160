// kubelet-lite-pause — the namespaces sandbox (lifecycle §D3): joining the pod's namespaces, a
// container's own PID and mount namespaces, its /dev and /proc.
#include "helper.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

/// Says what failed with `error` (a negative system call result); returns the errno.
static int fail(const char *what, const char *detail, long error) {
    struct kl_text message;
    kl_text_init(&message, sizeof message.bytes - 1, -1);
    kl_add(&message, "cannot set up the container's namespaces: ");
    kl_add(&message, what);
    kl_add(&message, " ");
    kl_add(&message, detail);
    say_error(kl_text_string(&message), -error);
    return error ? (int)-error : EINVAL;
}

/// A namespace to join: opened first, joined after every other one is open (joining a mount
/// namespace changes what /proc shows).
struct join_target {
    int fd;
    int type;
    char path[64];
};

static int open_ns(struct join_target *t, pid_t pid, const char *name, int type) {
    struct kl_text path;
    kl_text_init(&path, sizeof t->path - 1, -1);
    kl_add(&path, "/proc/");
    kl_add_number(&path, pid);
    kl_add(&path, "/ns/");
    kl_add(&path, name);
    kl_text_string(&path);
    for (unsigned long i = 0; i <= path.length; i++) t->path[i] = path.bytes[i];
    t->type = type;
    t->fd = (int)sys(SYS_openat, AT_FDCWD, t->path, O_RDONLY | O_CLOEXEC);
    return t->fd < 0 ? fail("open", t->path, t->fd) : 0;
}

/// Joins every opened namespace, in order; closes them all.
static int join_all(struct join_target *targets, int count) {
    int result = 0;
    for (int i = 0; i < count; i++) {
        long error = result == 0 ? sys(SYS_setns, targets[i].fd, targets[i].type) : 0;
        if (error != 0) result = fail("setns", targets[i].path, error);
        sys(SYS_close, targets[i].fd);
    }
    return result;
}

/// A device node as a container runtime makes it in a container's /dev (the kernel's encoding of
/// the device number is makedev's).
static int device(const char *name, unsigned major_, unsigned minor_) {
    struct kl_text path_text;
    kl_text_init(&path_text, 63, -1);
    kl_add(&path_text, "/dev/");
    kl_add(&path_text, name);
    const char *path = kl_text_string(&path_text);
    long error = sys(SYS_mknodat, AT_FDCWD, path, S_IFCHR | 0666, (minor_ & 0xff) | (major_ << 8) | ((minor_ & ~0xffu) << 12));
    if (error != 0) return fail("mknod", path, error);
    sys(SYS_fchmodat, AT_FDCWD, path, 0666, 0);  // mknod honours the umask
    return 0;
}

/// mount(2); 0, or the errno after saying what failed (`what` and `detail`).
static int mount_or_fail(const char *source, const char *target, const char *type, unsigned long flags,
                         const char *data, const char *what, const char *detail) {
    long error = sys(SYS_mount, source, target, type, flags, data);
    return error != 0 ? fail(what, detail, error) : 0;
}

/// The devices, directories and links of a container's /dev.
static const struct { char name[8]; unsigned major_, minor_; } nodes[] = {
    {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};
static const char dirs[][12] = {"/dev/pts", "/dev/shm", "/dev/mqueue"};
static const char links[][2][16] = {
    {"pts/ptmx", "/dev/ptmx"}, {"/proc/self/fd", "/dev/fd"}, {"/proc/self/fd/0", "/dev/stdin"},
    {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"},
};

/// A container's /dev: a fresh tmpfs with the usual devices, its own pts, shm and mqueue (those of
/// the pod's IPC namespace), and the termination-message file.
static int make_dev(const char *message_file) {
    int e;
    if ((e = mount_or_fail("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k",
                           "mount tmpfs on", "/dev")) != 0)
        return e;
    for (unsigned long i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        if ((e = device(nodes[i].name, nodes[i].major_, nodes[i].minor_)) != 0) return e;
    for (unsigned long i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        long error = sys(SYS_mkdirat, AT_FDCWD, dirs[i], 0755);
        if (error != 0) return fail("mkdir", dirs[i], error);
    }
    if ((e = mount_or_fail("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620",
                           "mount devpts on", "/dev/pts")) != 0 ||
        (e = mount_or_fail("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k",
                           "mount tmpfs on", "/dev/shm")) != 0 ||
        (e = mount_or_fail("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
                           "mount mqueue on", "/dev/mqueue")) != 0)
        return e;
    for (unsigned long i = 0; i < sizeof links / sizeof links[0]; i++) {
        long error = sys(SYS_symlinkat, links[i][0], AT_FDCWD, links[i][1]);
        if (error != 0) return fail("symlink", links[i][1], error);
    }
    if (message_file) {
        long fd = sys(SYS_openat, AT_FDCWD, "/dev/termination-log", O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) return fail("create", "/dev/termination-log", fd);
        sys(SYS_close, fd);
        return mount_or_fail(message_file, "/dev/termination-log", NULL, MS_BIND, NULL,
                             "bind-mount at /dev/termination-log", message_file);
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
    long error;
    if (o->pid == PID_OWN && (error = sys(SYS_unshare, CLONE_NEWPID)) != 0) return fail("unshare", "CLONE_NEWPID", error);
    if (!o->new_mounts) return 0;
    if ((error = sys(SYS_unshare, CLONE_NEWNS)) != 0) return fail("unshare", "CLONE_NEWNS", error);
    // Nothing mounted here may propagate back to the host.
    if ((error = sys(SYS_mount, NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) != 0) return fail("make private", "/", error);
    return make_dev(o->message_file);
}

int finish_namespaces(const struct ns_options *o) {
    // The first process of a new PID namespace mounts the /proc that shows that namespace.
    if (o->new_mounts && o->pid != PID_HOST) {
        int e = mount_or_fail("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, "mount", "/proc");
        if (e != 0) return e;
    }
    // Joining a mount namespace moves us to its root.
    long error = o->workdir ? sys(SYS_chdir, o->workdir) : 0;
    return error != 0 ? fail("chdir", o->workdir, error) : 0;
}
