// kubelet-lite — the command users run: it blocks the signals kubelet-lite handles, then becomes
// kubelet-lite-core, the program beside it that does the work (architecture §8.4).
//
// Why a program of its own: a signal's default action kills a process until the process blocks
// it, and kubelet-lite-core cannot block anything before the dynamic loader has mapped and
// relocated the Swift runtime, a millisecond or more after exec. This program is linked statically
// and blocks them in its first instructions; the mask and any signal already pending survive the
// exec, so a SIGTERM sent to a just-started `kubelet-lite apply` is a graceful stop, read by the
// event loop, never death by the default action. The process keeps its pid (systemd's MainPID)
// and its arguments, argv[0] included.
#include "../CKubeletLiteShims/include/kl_supervisor_signals.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/// kubelet-lite's exit status when kubelet-lite itself failed (design: exit status 3).
enum { failed_itself = 3 };

/// Blocks kubelet-lite's signals. From .preinit_array: before any initializer of the C library
/// or, in the debug build SwiftPM links, of the Swift runtime.
static void block_signals_first(void) {
    sigset_t set;
    kl_supervisor_signal_set(&set);
    sigprocmask(SIG_BLOCK, &set, NULL);
}

__attribute__((section(".preinit_array"), used)) static void (*const preinit)(void) = block_signals_first;

int main(int argc, char **argv) {
    (void)argc;
    static const char core[] = "kubelet-lite-core";
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path);
    char *slash = n > 0 && n < (ssize_t)sizeof path ? memrchr(path, '/', (size_t)n) : NULL;
    if (slash == NULL || (size_t)(slash + 1 - path) + sizeof core > sizeof path) {
        fprintf(stderr, "kubelet-lite: cannot find where kubelet-lite is installed (/proc/self/exe: %s)\n",
                n < 0 ? strerror(errno) : "unusable path");
        return failed_itself;
    }
    memcpy(slash + 1, core, sizeof core);
    execv(path, argv);
    fprintf(stderr, "kubelet-lite: cannot run %s: %s (kubelet-lite-core is installed beside kubelet-lite)\n", path,
            strerror(errno));
    return failed_itself;
}
