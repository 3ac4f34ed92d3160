// kubelet-lite — C without the C library, for the two small C programs: the front (kubelet-lite)
// and the pause program (kubelet-lite-pause, also every command's exec helper): why the front has
// none, architecture §8.4; why the pause program has none, architecture §5.2.
//
// A static C library's start-up asks the CPU about itself dozens of times (cpuid, for its string
// functions and cache sizes); under a hypervisor each of those traps, and together they cost most
// of a small program's start. These programs need none of it: the entry point here calls the
// program with the stack the kernel left, system calls are made directly (sys(), a negative result
// is -errno), and the few helpers they need (strings, numbers, messages, strerror's wording) are
// below. What code built this way must not use: thread-local storage (errno, the stack protector),
// anything that needs relocating at start (no pointers in initialized data: a table of strings is
// a table of char arrays), and any C library function, even in the debug build, which links the C
// library but never runs its start-up (its IFUNCs, memcpy among them, are never resolved there).
//
// The functions are defined once per program: the file with the entry point defines
// KL_NOLIBC_IMPLEMENTATION before including this header.
#ifndef KL_NOLIBC_H
#define KL_NOLIBC_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <sys/syscall.h>

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "kubelet-lite's C programs are written for x86_64 and aarch64 (their entry point and system calls)"
#endif

/* KL_ENTRY(FIRST, TARGET) defines the entry point kl_entry (linked with -e kl_entry): the
 * instructions FIRST (a string, "" for none), then TARGET(stack) with the stack as the kernel left
 * it (argc, argv..., NULL, envp..., NULL, auxv); TARGET must not return.
 * KL_ENTRY_BLOCK(MASK) is a FIRST that blocks the signals of the sigset_t word MASK (a global). */
#define KL_ENTRY_STR_(x) #x
#define KL_ENTRY_STR(x) KL_ENTRY_STR_(x)
#if defined(__x86_64__)
#define KL_ENTRY_BLOCK(mask)                                                       \
    "  mov $14, %eax\n"               /* SYS_rt_sigprocmask */                     \
    "  xor %edi, %edi\n"              /* SIG_BLOCK */                              \
    "  lea " KL_ENTRY_STR(mask) "(%rip), %rsi\n"                                   \
    "  xor %edx, %edx\n"                                                           \
    "  mov $8, %r10d\n"                                                            \
    "  syscall\n"
#define KL_ENTRY(first, target)                                                    \
    __asm__(".text\n.globl kl_entry\n.type kl_entry,@function\nkl_entry:\n" first  \
            "  mov %rsp, %rdi\n"                                                   \
            "  and $-16, %rsp\n"                                                   \
            "  call " KL_ENTRY_STR(target) "\n"                                    \
            "  ud2\n")
#else
#define KL_ENTRY_BLOCK(mask)                                                       \
    "  mov x8, #135\n"                /* SYS_rt_sigprocmask */                     \
    "  mov x0, #0\n"                  /* SIG_BLOCK */                              \
    "  adrp x1, " KL_ENTRY_STR(mask) "\n"                                          \
    "  add x1, x1, :lo12:" KL_ENTRY_STR(mask) "\n"                                 \
    "  mov x2, #0\n"                                                               \
    "  mov x3, #8\n"                                                               \
    "  svc #0\n"
#define KL_ENTRY(first, target)                                                    \
    __asm__(".text\n.globl kl_entry\n.type kl_entry,%function\nkl_entry:\n" first  \
            "  mov x0, sp\n"                                                       \
            "  bl " KL_ENTRY_STR(target) "\n"                                      \
            "  brk #0\n")
#endif

/// A system call of up to six arguments, each converted to long; a negative result is -errno.
/// `sys(SYS_close, fd)` or `sys(SYS_mount, source, target, type, flags, data)`.
#define sys(...) kl_syscall_(__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define kl_syscall_(n, a, b, c, d, e, f, ...) \
    kl_syscall((long)(n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

static inline long kl_syscall(long number, long a, long b, long c, long d, long e, long f) {
#if defined(__x86_64__)
    long result;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
#else
    register long x8 __asm__("x8") = number;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
#endif
}

/// Ends the process (every thread: there is one) with `status`.
_Noreturn void kl_exit(int status);

/// The environment the program was started with (set by kl_start_program).
extern char **kl_environ;

/// Reads argc, argv and the environment from the entry point's stack; returns argc.
int kl_start_program(long *stack, char ***argv);

/// C strings: length, equality, the first or last `c` (NULL if none).
unsigned long kl_strlen(const char *s);
int kl_streq(const char *a, const char *b);
const char *kl_strchr(const char *s, char c);
const char *kl_strrchr(const char *s, char c);

/// Sets n bytes to zero (written so that no compiler makes it a call to memset).
void kl_zero(void *p, unsigned long n);

/// A base-10 long as strtol reads it: leading white space, a sign, digits, clamped to LONG_MIN or
/// LONG_MAX on overflow; *end is where it stopped, or `s` itself if there were no digits.
long kl_parse_long(const char *s, const char **end);

/// A message under construction. With `fd` -1 what does not fit in `limit` bytes is cut (as
/// snprintf cuts); otherwise a full buffer is written to fd and the message goes on.
struct kl_text {
    unsigned long length, limit;
    int fd;
    char bytes[8192];
};

/// An empty message: cut at `limit` bytes (at most 8192), or with fd >= 0 written there as it fills.
void kl_text_init(struct kl_text *t, unsigned long limit, int fd);
void kl_add(struct kl_text *t, const char *s);
void kl_add_number(struct kl_text *t, long n);
/// strerror's words for `error`, as glibc words them ("Unknown error N" for one it does not know).
void kl_add_strerror(struct kl_text *t, long error);
/// The message so far as a C string (a message cut below 8192 bytes keeps every byte).
const char *kl_text_string(struct kl_text *t);
/// Writes what the message holds to its fd (every byte, unless the write fails), and empties it.
void kl_flush(struct kl_text *t);

#ifdef KL_NOLIBC_IMPLEMENTATION

char **kl_environ;

_Noreturn void kl_exit(int status) {
    for (;;) sys(SYS_exit_group, status);
}

int kl_start_program(long *stack, char ***argv) {
    *argv = (char **)(stack + 1);
    kl_environ = *argv + stack[0] + 1;
    return (int)stack[0];
}

unsigned long kl_strlen(const char *s) {
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

int kl_streq(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

const char *kl_strchr(const char *s, char c) {
    for (; *s; s++)
        if (*s == c) return s;
    return NULL;
}

const char *kl_strrchr(const char *s, char c) {
    const char *found = NULL;
    for (; *s; s++)
        if (*s == c) found = s;
    return found;
}

void kl_zero(void *p, unsigned long n) {
    volatile char *bytes = p;
    while (n--) *bytes++ = 0;
}

long kl_parse_long(const char *s, const char **end) {
    const char *at = s;
    while (*at == ' ' || (*at >= '\t' && *at <= '\r')) at++;
    int negative = *at == '-';
    if (*at == '-' || *at == '+') at++;
    if (*at < '0' || *at > '9') {
        *end = s;
        return 0;
    }
    unsigned long value = 0, most = (unsigned long)LONG_MAX + (negative ? 1 : 0);
    int over = 0;
    for (; *at >= '0' && *at <= '9'; at++) {
        unsigned long digit = (unsigned long)(*at - '0');
        if (value > (most - digit) / 10) over = 1;
        else value = value * 10 + digit;
    }
    *end = at;
    if (over) return negative ? LONG_MIN : LONG_MAX;
    return negative ? (long)(0 - value) : (long)value;
}

void kl_text_init(struct kl_text *t, unsigned long limit, int fd) {
    t->length = 0;
    t->limit = fd >= 0 || limit > sizeof t->bytes ? sizeof t->bytes : limit;
    t->fd = fd;
}

const char *kl_text_string(struct kl_text *t) {
    t->bytes[t->length < sizeof t->bytes ? t->length : sizeof t->bytes - 1] = 0;
    return t->bytes;
}

void kl_flush(struct kl_text *t) {
    for (unsigned long done = 0; done < t->length;) {
        long n = sys(SYS_write, t->fd, t->bytes + done, t->length - done);
        if (n == -EINTR) continue;
        if (n <= 0) break;
        done += (unsigned long)n;
    }
    t->length = 0;
}

void kl_add(struct kl_text *t, const char *s) {
    for (; *s; s++) {
        if (t->length == t->limit) {
            if (t->fd < 0) return;
            kl_flush(t);
        }
        t->bytes[t->length++] = *s;
    }
}

void kl_add_number(struct kl_text *t, long n) {
    char digits[24];
    int at = (int)sizeof digits;
    unsigned long magnitude = n < 0 ? 0 - (unsigned long)n : (unsigned long)n;
    digits[--at] = 0;
    do digits[--at] = (char)('0' + magnitude % 10); while ((magnitude /= 10) > 0);
    if (n < 0) digits[--at] = '-';
    kl_add(t, digits + at);
}

/// strerror's words for errors 0 to 133, in order; an empty one is an error glibc does not name.
static const char kl_error_words[] =
    "Success\0" "Operation not permitted\0" "No such file or directory\0" "No such process\0"
    "Interrupted system call\0" "Input/output error\0" "No such device or address\0"
    "Argument list too long\0" "Exec format error\0" "Bad file descriptor\0" "No child processes\0"
    "Resource temporarily unavailable\0" "Cannot allocate memory\0" "Permission denied\0" "Bad address\0"
    "Block device required\0" "Device or resource busy\0" "File exists\0" "Invalid cross-device link\0"
    "No such device\0" "Not a directory\0" "Is a directory\0" "Invalid argument\0"
    "Too many open files in system\0" "Too many open files\0" "Inappropriate ioctl for device\0"
    "Text file busy\0" "File too large\0" "No space left on device\0" "Illegal seek\0"
    "Read-only file system\0" "Too many links\0" "Broken pipe\0" "Numerical argument out of domain\0"
    "Numerical result out of range\0" "Resource deadlock avoided\0" "File name too long\0"
    "No locks available\0" "Function not implemented\0" "Directory not empty\0"
    "Too many levels of symbolic links\0" "\0" "No message of desired type\0" "Identifier removed\0"
    "Channel number out of range\0" "Level 2 not synchronized\0" "Level 3 halted\0" "Level 3 reset\0"
    "Link number out of range\0" "Protocol driver not attached\0" "No CSI structure available\0"
    "Level 2 halted\0" "Invalid exchange\0" "Invalid request descriptor\0" "Exchange full\0" "No anode\0"
    "Invalid request code\0" "Invalid slot\0" "\0" "Bad font file format\0" "Device not a stream\0"
    "No data available\0" "Timer expired\0" "Out of streams resources\0" "Machine is not on the network\0"
    "Package not installed\0" "Object is remote\0" "Link has been severed\0" "Advertise error\0"
    "Srmount error\0" "Communication error on send\0" "Protocol error\0" "Multihop attempted\0"
    "RFS specific error\0" "Bad message\0" "Value too large for defined data type\0"
    "Name not unique on network\0" "File descriptor in bad state\0" "Remote address changed\0"
    "Can not access a needed shared library\0" "Accessing a corrupted shared library\0"
    ".lib section in a.out corrupted\0" "Attempting to link in too many shared libraries\0"
    "Cannot exec a shared library directly\0" "Invalid or incomplete multibyte or wide character\0"
    "Interrupted system call should be restarted\0" "Streams pipe error\0" "Too many users\0"
    "Socket operation on non-socket\0" "Destination address required\0" "Message too long\0"
    "Protocol wrong type for socket\0" "Protocol not available\0" "Protocol not supported\0"
    "Socket type not supported\0" "Operation not supported\0" "Protocol family not supported\0"
    "Address family not supported by protocol\0" "Address already in use\0"
    "Cannot assign requested address\0" "Network is down\0" "Network is unreachable\0"
    "Network dropped connection on reset\0" "Software caused connection abort\0"
    "Connection reset by peer\0" "No buffer space available\0" "Transport endpoint is already connected\0"
    "Transport endpoint is not connected\0" "Cannot send after transport endpoint shutdown\0"
    "Too many references: cannot splice\0" "Connection timed out\0" "Connection refused\0" "Host is down\0"
    "No route to host\0" "Operation already in progress\0" "Operation now in progress\0"
    "Stale file handle\0" "Structure needs cleaning\0" "Not a XENIX named type file\0"
    "No XENIX semaphores available\0" "Is a named type file\0" "Remote I/O error\0" "Disk quota exceeded\0"
    "No medium found\0" "Wrong medium type\0" "Operation canceled\0" "Required key not available\0"
    "Key has expired\0" "Key has been revoked\0" "Key was rejected by service\0" "Owner died\0"
    "State not recoverable\0" "Operation not possible due to RF-kill\0" "Memory page has hardware error\0";

void kl_add_strerror(struct kl_text *t, long error) {
    const char *words = kl_error_words;
    for (long i = 0; i < error && words < kl_error_words + sizeof kl_error_words - 1; i++) words += kl_strlen(words) + 1;
    if (error < 0 || words >= kl_error_words + sizeof kl_error_words - 1 || !*words) {
        kl_add(t, "Unknown error ");
        kl_add_number(t, error);
        return;
    }
    kl_add(t, words);
}

/* What a compiler may call even in freestanding code (for a structure's copy or zeroing): weak, so
 * that in the debug build, which links the C library, its own win. Written so that the compiler
 * does not make them calls to themselves. */
__attribute__((weak)) void *memset(void *p, int c, unsigned long n) {
    volatile unsigned char *bytes = p;
    while (n--) *bytes++ = (unsigned char)c;
    return p;
}

__attribute__((weak)) void *memcpy(void *to, const void *from, unsigned long n) {
    volatile unsigned char *out = to;
    const unsigned char *in = from;
    while (n--) *out++ = *in++;
    return to;
}

__attribute__((weak)) void *memmove(void *to, const void *from, unsigned long n) {
    volatile unsigned char *out = to;
    const unsigned char *in = from;
    if (out < in) {
        while (n--) *out++ = *in++;
    } else {
        while (n--) out[n] = in[n];
    }
    return to;
}

__attribute__((weak)) int memcmp(const void *a, const void *b, unsigned long n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x - *y;
    return 0;
}

#endif
#endif
