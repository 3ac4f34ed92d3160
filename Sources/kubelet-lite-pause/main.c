// kubelet-lite-pause — the pod infra process (spec Part I.7), and a tiny init for checks.
//
// `kubelet-lite-pause SUPERVISOR_PID`
//   Leads the pod's process group so that containers can join it and restart into it, and
//   makes the pod die with its supervisor: it asks for a death signal, and answers that
//   signal by SIGKILLing its whole group (itself included). It reaps nothing: the supervisor
//   is a child subreaper and the only reaper. C, not Swift, so an idle pod costs well under 1 MiB.
//
// `kubelet-lite-pause exec SUPERVISOR_PID [-u UID:GID] PATH ARGV0 [ARGS...]`
//   Runs a container's, probe's or hook's command (decision I.10) like a container's init: it
//   passes every signal it gets to the command, and as a child subreaper it inherits everything
//   the command leaves behind; when the command exits it SIGKILLs and reaps all of that before
//   exiting with the command's status (128+N for a signal). It dies with the supervisor.
//   With -u the command runs as that user and group, with no supplementary groups.
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void kill_group(int sig) {
    (void)sig;
    kill(0, SIGKILL);  // 0: our own process group, which we lead
    _exit(137);
}

static _Noreturn void pause_main(pid_t expected_parent) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = kill_group;
    sigfillset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    // A stray Ctrl-C or SIGUSR must not end the pod; the supervisor sends nothing else here.
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    // Close the race with a supervisor that died before prctl took effect.
    if (expected_parent > 0 && getppid() != expected_parent) kill_group(SIGTERM);
    sigset_t none;
    sigemptyset(&none);
    for (;;) sigsuspend(&none);
}

// SIGKILLs every child of ours (orphans we inherited as subreaper); returns how many it found.
static int kill_children(void) {
    pid_t self = getpid();
    int found = 0;
    DIR *dir = opendir("/proc");
    if (!dir) return 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        pid_t pid = (pid_t)atol(e->d_name);
        if (pid <= 0) continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        char *close = strrchr(buf, ')');
        if (!close) continue;
        char state;
        int ppid;
        if (sscanf(close + 1, " %c %d", &state, &ppid) != 2) continue;
        if (ppid == self) {
            kill(pid, SIGKILL);
            found++;
        }
    }
    closedir(dir);
    return found;
}

static int exec_main(pid_t expected_parent, long uid, long gid, char *path, char **argv) {
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (expected_parent > 0 && getppid() != expected_parent) _exit(137);
    // Every signal is taken synchronously below: SIGCHLD reaps, anything else goes to the command,
    // so a stop signal sent to us reaches the command's main process only (decision I.4).
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "kubelet-lite: fork: %s\n", strerror(errno));
        _exit(126);
    }
    if (child == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        // The group before the user: once the uid is dropped, the gid can no longer change.
        if (gid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)gid) != 0)) {
            fprintf(stderr, "kubelet-lite: cannot run as group %ld: %s\n", gid, strerror(errno));
            _exit(126);
        }
        if (uid >= 0 && setuid((uid_t)uid) != 0) {
            fprintf(stderr, "kubelet-lite: cannot run as user %ld: %s\n", uid, strerror(errno));
            _exit(126);
        }
        execv(path, argv);
        fprintf(stderr, "kubelet-lite: exec %s: %s\n", path, strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    int result = 1;
    for (int done = 0; !done;) {
        siginfo_t info;
        int sig = sigwaitinfo(&all, &info);
        if (sig < 0) continue;
        if (sig != SIGCHLD) {
            kill(child, sig);
            continue;
        }
        int st;
        pid_t p;
        while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
            if (p == child) {
                result = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
                done = 1;
            }
        }
    }
    // The command is done: what it left behind goes now, as when PID 1 of a container exits (I.10).
    // Every leftover descends from a child of ours (we are its subreaper), so no child means none.
    int st0;
    if (waitpid(-1, &st0, WNOHANG) < 0 && errno == ECHILD) return result;
    for (;;) {
        int found = kill_children();
        int st;
        pid_t p = waitpid(-1, &st, found ? 0 : WNOHANG);
        if (p < 0 && errno == EINTR) continue;
        if (p <= 0 && !found) break;
    }
    return result;
}

int main(int argc, char **argv) {
    if (argc >= 5 && strcmp(argv[1], "exec") == 0) {
        long uid = -1, gid = -1;
        int at = 3;
        if (strcmp(argv[3], "-u") == 0 && argc >= 7) {
            if (sscanf(argv[4], "%ld:%ld", &uid, &gid) != 2) return 126;
            at = 5;
        }
        return exec_main((pid_t)atol(argv[2]), uid, gid, argv[at], &argv[at + 1]);
    }
    pause_main(argc > 1 ? (pid_t)atol(argv[1]) : 0);
}
