/* kubelet-lite bench: the child every supervisor runs, stamping CLOCK_MONOTONIC (the clock of
 * Python's time.monotonic) into FILE at the moments measured.
 *   child start FILE          stamp at the first instruction, then wait forever
 *   child crash-once FILE M   stamp; the first time (no file M) stamp again and exit 1
 *   child term FILE           stamp; on SIGTERM stamp and exit 0 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *file;

static void stamp(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    char line[64];
    int n = snprintf(line, sizeof line, "%ld.%09ld\n", (long)t.tv_sec, t.tv_nsec);
    int fd = open(file, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        if (write(fd, line, (size_t)n) < 0) { /* nothing to do in a bench child */ }
        close(fd);
    }
}

static void on_term(int sig) {
    (void)sig;
    stamp();
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    file = argv[2];
    stamp();
    if (strcmp(argv[1], "crash-once") == 0 && argc > 3 && access(argv[3], F_OK) != 0) {
        close(open(argv[3], O_WRONLY | O_CREAT, 0644));
        stamp();
        return 1;
    }
    if (strcmp(argv[1], "term") == 0) signal(SIGTERM, on_term);
    for (;;) pause();
}
