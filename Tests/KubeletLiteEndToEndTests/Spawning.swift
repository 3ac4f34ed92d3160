// kubelet-lite — Spawning.swift (end-to-end)
// The one way the tests start a process: signals unblocked and defaulted, the test's environment.

import Glibc
import Testing

/// Where one standard descriptor of a started process comes from.
enum StandardStream {
    /// A file opened with these flags.
    case file(String, flags: Int32)
    /// A copy of a descriptor of the test (or of one set up just before).
    case descriptor(Int32)
}

/// POSIX_SPAWN_SETSID, which Swift's Glibc module does not export (architecture §8.1).
private let spawnSetsid: Int32 = 0x80

/// Starts `argv` (searched on PATH) with descriptors 0, 1 and 2 as given (the test's own for any
/// not given), every signal unblocked and at its default action, PATH and the scratch's state
/// directory, if any, in the environment (plus `env`), as the leader of a new session (and so of
/// a process group of its own) with `setsid`. Returns its pid.
func spawnTestProcess(_ argv: [String], streams: [StandardStream], scratch: Scratch?, env extra: [String] = [],
                      setsid: Bool = false) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    for (fd, stream) in streams.enumerated() {
        switch stream {
        case .file(let path, let flags): posix_spawn_file_actions_addopen(&actions, Int32(fd), path, flags, 0o644)
        case .descriptor(let from): posix_spawn_file_actions_adddup2(&actions, from, Int32(fd))
        }
    }
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attr, &empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attr, &all)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (setsid ? spawnSetsid : 0)))
    let envStrings = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
        + (scratch.map { ["KUBELET_LITE_STATE_DIR=\($0.state)"] } ?? []) + extra
    var env: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
    var pid: pid_t = 0
    // A program a test wrote goes through Scratch.installProgram, so no ETXTBSY can come from here.
    var rc = spawn(argv, &pid, &actions, &attr, &env)
    if rc != 0 {
        // The test fails with the reason, and a stand-in exits 127 with it on the same streams, as
        // a shell would: a trap here would end every test of the run, leaving their pods running.
        let why = String(cString: strerror(rc))
        Issue.record("cannot start \(argv[0]): \(why)")
        rc = spawn(["/bin/sh", "-c", "echo \"cannot start $0: $1\" >&2; exit 127", argv[0], why], &pid, &actions, &attr, &env)
    }
    precondition(rc == 0, "cannot start /bin/sh: \(rc)")
    for p in env { free(p) }
    posix_spawn_file_actions_destroy(&actions)
    posix_spawnattr_destroy(&attr)
    return pid
}

/// posix_spawnp of `argv` with these actions, attributes and environment; 0 or the error number.
private func spawn(_ argv: [String], _ pid: inout pid_t, _ actions: inout posix_spawn_file_actions_t,
                   _ attr: inout posix_spawnattr_t, _ env: inout [UnsafeMutablePointer<CChar>?]) -> Int32 {
    let cargv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for p in cargv { free(p) } }
    return posix_spawnp(&pid, argv[0], &actions, &attr, cargv, &env)
}

/// A pipe whose two ends are close-on-exec at once, so that no process another test starts holds
/// an end open (its reader would never see end of file). Swift's Glibc has no pipe2; the window
/// between the two calls is a few instructions.
func closeOnExecPipe() -> [Int32]? {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return nil }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return fds
}
