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
#include "../CKubeletLiteShims/include/kl_supervisor_signals.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "the kubelet-lite front is written for x86_64 and aarch64 (its entry point and system calls)"
#endif

/// kubelet-lite's exit status when kubelet-lite itself failed (design: exit status 3).
enum { failed_itself = 3 };

/// The kernel's sigset_t of the signals to block, read by the entry point.
__attribute__((used)) const unsigned long kl_entry_mask = KL_SUPERVISOR_SIGNAL_MASK;

/* The entry point (linked with -e kl_entry): block the signals with one rt_sigprocmask system
 * call, then call kl_front with the stack as the kernel left it (argc, argv..., NULL, envp...). */
#if defined(__x86_64__)
__asm__(".text\n.globl kl_entry\n.type kl_entry,@function\nkl_entry:\n"
        "  mov $14, %eax\n"              /* SYS_rt_sigprocmask */
        "  xor %edi, %edi\n"             /* SIG_BLOCK */
        "  lea kl_entry_mask(%rip), %rsi\n"
        "  xor %edx, %edx\n"
        "  mov $8, %r10d\n"
        "  syscall\n"
        "  mov %rsp, %rdi\n"
        "  and $-16, %rsp\n"
        "  call kl_front\n"
        "  ud2\n");
#else
__asm__(".text\n.globl kl_entry\n.type kl_entry,%function\nkl_entry:\n"
        "  mov x8, #135\n"               /* SYS_rt_sigprocmask */
        "  mov x0, #0\n"                 /* SIG_BLOCK */
        "  adrp x1, kl_entry_mask\n"
        "  add x1, x1, :lo12:kl_entry_mask\n"
        "  mov x2, #0\n"
        "  mov x3, #8\n"
        "  svc #0\n"
        "  mov x0, sp\n"
        "  bl kl_front\n"
        "  brk #0\n");
#endif

/// A system call of up to four arguments; a negative result is -errno.
static long sys(long number, long a, long b, long c, long d) {
#if defined(__x86_64__)
    long result;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall" : "=a"(result) : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
    return result;
#else
    register long x8 __asm__("x8") = number;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
#endif
}

/// A message under construction; what does not fit is cut.
struct text {
    char bytes[8192];
    unsigned long length;
};

static void add(struct text *t, const char *s) {
    while (*s && t->length < sizeof t->bytes) t->bytes[t->length++] = *s++;
}

static void add_number(struct text *t, long n) {
    char digits[24];
    int at = (int)sizeof digits;
    digits[--at] = 0;
    do digits[--at] = (char)('0' + n % 10); while ((n /= 10) > 0 && at > 0);
    add(t, digits + at);
}

/// The reasons an exec or readlink can give here, worded as strerror words them.
static void add_reason(struct text *t, long error) {
    switch (error) {
    case ENOENT: add(t, "No such file or directory"); return;
    case EACCES: add(t, "Permission denied"); return;
    case ENOEXEC: add(t, "Exec format error"); return;
    case ENOMEM: add(t, "Cannot allocate memory"); return;
    case E2BIG: add(t, "Argument list too long"); return;
    case ENAMETOOLONG: add(t, "File name too long"); return;
    case ELOOP: add(t, "Too many levels of symbolic links"); return;
    case ENOTDIR: add(t, "Not a directory"); return;
    case ETXTBSY: add(t, "Text file busy"); return;
    default: add(t, "error "); add_number(t, error); return;
    }
}

/// Says what failed on standard error and exits with kubelet-lite's own failure status.
static _Noreturn void fail(struct text *message) {
    add(message, "\n");
    sys(SYS_write, 2, (long)message->bytes, (long)message->length, 0);
    sys(SYS_exit_group, failed_itself, 0, 0, 0);
    __builtin_unreachable();
}

/// Execs kubelet-lite-core from the directory this program was run from, with the same arguments.
__attribute__((used, noreturn)) void kl_front(long *stack) {
    char **argv = (char **)(stack + 1);
    char **envp = argv + stack[0] + 1;
    static const char core[] = "kubelet-lite-core";
    char path[4096];
    long n = sys(SYS_readlinkat, AT_FDCWD, (long)"/proc/self/exe", (long)path, sizeof path);
    long slash = n - 1;
    while (slash >= 0 && path[slash] != '/') slash--;
    struct text message;  // no initializer: zeroing it would be a call to memset
    message.length = 0;
    if (n <= 0 || n >= (long)sizeof path || slash < 0 || slash + (long)sizeof core >= (long)sizeof path) {
        add(&message, "kubelet-lite: cannot find where kubelet-lite is installed (/proc/self/exe: ");
        if (n < 0) add_reason(&message, -n);
        else add(&message, "unusable path");
        add(&message, ")");
        fail(&message);
    }
    for (unsigned long i = 0; i < sizeof core; i++) ((volatile char *)path)[slash + 1 + i] = core[i];
    long error = -sys(SYS_execve, (long)path, (long)argv, (long)envp, 0);
    add(&message, "kubelet-lite: cannot run ");
    add(&message, path);
    add(&message, ": ");
    add_reason(&message, error);
    add(&message, " (kubelet-lite-core is installed beside kubelet-lite)");
    fail(&message);
}

/// Never called: the entry point is kl_entry. The debug build, which SwiftPM links with the C
/// library's start files, needs a main for them to name.
int main(void) { return failed_itself; }
