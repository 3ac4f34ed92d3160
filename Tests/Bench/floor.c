/* kubelet-lite bench: the floor a supervisor is measured against. The least a supervisor can do:
 * posix_spawn the child, take signals from a signalfd, restart the child at once when it exits,
 * forward SIGTERM to it, and exit once it is gone. Nothing else.
 *   floor PROGRAM [ARGS...] */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static pid_t spawn(char **argv, sigset_t *empty) {
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, empty);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], NULL, &attr, argv, environ) != 0) pid = -1;
    posix_spawnattr_destroy(&attr);
    return pid;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    sigset_t set, empty;
    sigemptyset(&set);
    sigemptyset(&empty);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_CLOEXEC);
    pid_t child = spawn(argv + 1, &empty);
    int stopping = 0;
    for (;;) {
        struct signalfd_siginfo si;
        if (read(fd, &si, sizeof si) != sizeof si) continue;
        if (si.ssi_signo == SIGTERM) {
            stopping = 1;
            if (child > 0) kill(child, SIGTERM);
            continue;
        }
        int st;
        pid_t p;
        while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
            if (p != child) continue;
            if (stopping) return 0;
            child = spawn(argv + 1, &empty);
        }
    }
}
