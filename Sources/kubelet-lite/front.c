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

/* The program's entry point (linked with -e kl_entry): one rt_sigprocmask system call that blocks
 * SIGHUP, SIGINT, SIGUSR1, SIGTERM and SIGCHLD, then the C library's own _start. Even a static C
 * library starts by asking the CPU about itself (cpuid, which traps to the hypervisor on a VM, and
 * more under load): a SIGTERM in that time would kill. The registers and the stack are as the
 * kernel left them when _start runs. Elsewhere the entry is _start, and .preinit_array blocks. */
#if defined(__x86_64__)
__asm__(".text\n.globl kl_entry\n.type kl_entry,@function\nkl_entry:\n"
        "  mov %rdx, %r12\n"
        "  mov $14, %eax\n"              /* SYS_rt_sigprocmask */
        "  xor %edi, %edi\n"             /* SIG_BLOCK */
        "  lea kl_entry_mask(%rip), %rsi\n"
        "  xor %edx, %edx\n"
        "  mov $8, %r10d\n"
        "  syscall\n"
        "  mov %r12, %rdx\n"
        "  jmp _start\n");
#elif defined(__aarch64__)
__asm__(".text\n.globl kl_entry\n.type kl_entry,%function\nkl_entry:\n"
        "  mov x9, x0\n"
        "  mov x8, #135\n"               /* SYS_rt_sigprocmask */
        "  mov x0, #0\n"                 /* SIG_BLOCK */
        "  adr x1, kl_entry_mask\n"
        "  mov x2, #0\n"
        "  mov x3, #8\n"
        "  svc #0\n"
        "  mov x0, x9\n"
        "  b _start\n");
#else
__asm__(".globl kl_entry\n.set kl_entry, _start\n");
#endif

/// The kernel's sigset_t bits (signal N is bit N-1) of SIGHUP, SIGINT, SIGUSR1, SIGTERM, SIGCHLD.
__attribute__((used)) const unsigned long kl_entry_mask =
    1UL << (SIGHUP - 1) | 1UL << (SIGINT - 1) | 1UL << (SIGUSR1 - 1) | 1UL << (SIGTERM - 1) | 1UL << (SIGCHLD - 1);

/// Blocks kubelet-lite's signals (again, through the C library's own list). From .preinit_array:
/// before any initializer of the C library or, in the debug build SwiftPM links, of the Swift runtime.
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
