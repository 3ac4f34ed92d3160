// kubelet-lite-pause — the pod infra process (spec Part I.7).
//
// It leads the pod's process group so that containers can join it and restart into it,
// and it makes the pod die with its supervisor: it asks for a death signal, and answers
// that signal by SIGKILLing its whole group (itself included). It reaps nothing: the
// supervisor is a child subreaper and the only reaper. C, not Swift, so that an idle pod
// costs well under 1 MiB.
//
// Usage: kubelet-lite-pause SUPERVISOR_PID

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

static void kill_group(int sig) {
    (void)sig;
    kill(0, SIGKILL);  // 0: our own process group, which we lead
    _exit(137);
}

int main(int argc, char **argv) {
    pid_t expected_parent = argc > 1 ? (pid_t)atol(argv[1]) : 0;
    struct sigaction sa = {0};
    sa.sa_handler = kill_group;
    sigfillset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    // The supervisor forwards nothing else here; a stray Ctrl-C or SIGUSR must not end the pod.
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
