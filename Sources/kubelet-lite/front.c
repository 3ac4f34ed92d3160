// kubelet-lite — the command users run: it blocks the signals kubelet-lite handles, then becomes
// kubelet-lite-core, the program beside it that does the work (architecture §8.4).
//
// Why a program of its own: a signal's default action kills a process until the process blocks
// it, and kubelet-lite-core cannot block anything before the dynamic loader has mapped and
// relocated the Swift runtime, a millisecond or more after exec. This program blocks them in its
// first instruction; the mask and any signal already pending survive the exec, so a SIGTERM sent
// to a just-started `kubelet-lite apply` is a graceful stop, read by the event loop, never death
// by the default action. The process keeps its pid (systemd's MainPID) and its arguments, argv[0]
// included.
//
// Why without the C library: this program makes three system calls, and the C library's own start
// asks the CPU about itself dozens of times (cpuid, for its string functions and cache sizes);
// under a hypervisor each of those traps, and together they cost more than everything else here
// (0.85 ms of a 0.95 ms start on the machines we measure). So the entry point is ours, no C
// library function is ever called (the build links none: -nostdlib), and the code uses nothing
// that needs one set up: no thread-local storage (no errno, no stack protector), no relocations.
// What it uses instead (entry point, system calls, message text) it shares with the pause program:
// ../CKubeletLiteShims/nolibc/kl_nolibc.h.
#include "../CKubeletLiteShims/include/kl_supervisor_signals.h"
#define KL_NOLIBC_IMPLEMENTATION
#include "../CKubeletLiteShims/nolibc/kl_nolibc.h"

/// kubelet-lite's exit status when kubelet-lite itself failed (design: exit status 3).
enum { failed_itself = 3 };

/// The kernel's sigset_t of the signals to block, read by the entry point.
__attribute__((used)) const unsigned long kl_entry_mask = KL_SUPERVISOR_SIGNAL_MASK;

/* The entry point (linked with -e kl_entry): block the signals with one rt_sigprocmask system
 * call, then call kl_front with the stack as the kernel left it (argc, argv..., NULL, envp...). */
KL_ENTRY(KL_ENTRY_BLOCK(kl_entry_mask), kl_front);

/// Says what failed on standard error and exits with kubelet-lite's own failure status.
static _Noreturn void fail(struct kl_text *message) {
    kl_add(message, "\n");
    kl_flush(message);
    kl_exit(failed_itself);
}

/// Execs kubelet-lite-core from the directory this program was run from, with the same arguments.
__attribute__((used, noreturn)) void kl_front(long *stack) {
    char **argv;
    kl_start_program(stack, &argv);
    static const char core[] = "kubelet-lite-core";
    char path[4096];
    long n = sys(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", path, sizeof path);
    long slash = n - 1;
    while (slash >= 0 && path[slash] != '/') slash--;
    struct kl_text message;  // no initializer: zeroing it would be a call to memset
    kl_text_init(&message, sizeof message.bytes, 2);
    if (n <= 0 || n >= (long)sizeof path || slash < 0 || slash + (long)sizeof core >= (long)sizeof path) {
        kl_add(&message, "kubelet-lite: cannot find where kubelet-lite is installed (/proc/self/exe: ");
        if (n < 0) kl_add_strerror(&message, -n);
        else kl_add(&message, "unusable path");
        kl_add(&message, ")");
        fail(&message);
    }
    for (unsigned long i = 0; i < sizeof core; i++) ((volatile char *)path)[slash + 1 + i] = core[i];
    long error = -sys(SYS_execve, path, argv, kl_environ);
    kl_add(&message, "kubelet-lite: cannot run ");
    kl_add(&message, path);
    kl_add(&message, ": ");
    kl_add_strerror(&message, error);
    kl_add(&message, " (kubelet-lite-core is installed beside kubelet-lite)");
    fail(&message);
}

/// Never called: the entry point is kl_entry. The debug build, which SwiftPM links with the C
/// library's start files, needs a main for them to name.
int main(void) { return failed_itself; }
