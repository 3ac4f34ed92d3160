// kubelet-lite-pause — the pod infra process (lifecycle §D7), and the exec helper for commands.
//
// `kubelet-lite-pause SUPERVISOR_PID [CGROUP_KILL_FILE]`
//   Leads the pod's process group so that containers can join it and restart into it, and makes
//   the pod die with its supervisor: on the supervisor's death it writes to the pod cgroup's
//   cgroup.kill when given one, then SIGKILLs every member of the group except exec helpers,
//   which clean up their own subtrees. It reaps nothing: the
//   supervisor is a child subreaper and the only reaper. C, not Swift, so an idle pod costs
//   well under 1 MiB.
//
// `kubelet-lite-pause exec SUPERVISOR_PID [-u UID:GID] [-c CGROUP_PROCS]... [--] PATH ARGV0 [ARGS...]`
//   Runs a container's, probe's or hook's command (lifecycle §D10) like a container's init: it
//   joins the given cgroups, passes every signal it gets to the command, and as a child subreaper
//   inherits everything the command leaves behind; when the command exits it SIGKILLs and reaps
//   all of that before exiting with the command's status (128+N for a signal). When the
//   supervisor dies it kills and reaps its whole subtree, setsid daemons included, then exits;
//   and if the helper itself is killed, its command dies with it (a death signal of its own).
//   With -u the command runs as that user and group, with no supplementary groups.
#include "helper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Parses the options of `exec` up to PATH; returns 0, or 126 on a malformed command line.
static int parse_exec(int argc, char **argv, struct exec_options *o) {
    memset(o, 0, sizeof *o);
    o->uid = o->gid = -1;
    o->supervisor = (pid_t)atol(argv[2]);
    int at = 3;
    while (at + 1 < argc && argv[at][0] == '-' && argv[at][1] != 0 && argv[at][2] == 0) {
        if (argv[at][1] == '-') {  // `--`: PATH follows, whatever it looks like
            at++;
            break;
        }
        char flag = argv[at][1];
        const char *value = argv[at + 1];
        if (flag == 'u') {
            if (sscanf(value, "%ld:%ld", &o->uid, &o->gid) != 2) return 126;
        } else if (flag == 'c') {
            if (o->cgroup_count == (int)(sizeof o->cgroups / sizeof o->cgroups[0])) return 126;
            o->cgroups[o->cgroup_count++] = value;
        } else {
            return 126;
        }
        at += 2;
    }
    if (at + 1 >= argc) return 126;
    o->path = argv[at];
    o->argv = &argv[at + 1];
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 5 && strcmp(argv[1], "exec") == 0) {
        struct exec_options options;
        if (parse_exec(argc, argv, &options) != 0) {
            fprintf(stderr, "kubelet-lite: the exec helper was called with a malformed command line\n");
            return 126;
        }
        return exec_main(&options);
    }
    pause_main(argc > 1 ? (pid_t)atol(argv[1]) : 0, argc > 2 ? argv[2] : NULL);
}
