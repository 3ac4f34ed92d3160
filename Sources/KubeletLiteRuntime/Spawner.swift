// kubelet-lite — Spawner.swift
// posix_spawn into the pod's process group with a clean signal state (architecture §8.2).

import CKubeletLiteShims
import Glibc

/// What to run, and where its standard streams go.
struct SpawnRequest {
    /// The program, already resolved (see `ProgramLookup`).
    var path: String
    var argv: [String]
    var environment: [(name: String, value: String)]
    var workingDir: String?
    /// The process group to join; 0 makes the child lead a new group (the pause process).
    var processGroup: pid_t
    var stdoutFD: Int32?
    var stderrFD: Int32?
    /// One more descriptor the child gets as fd 3 (the pause process's readiness pipe).
    var fd3: Int32? = nil
    /// What standard input opens (a pod host hands its supervisors a manifest this way); /dev/null if nil.
    var stdinPath: String? = nil
}

/// Why a spawn failed, worded as the container runtime would (lifecycle §17.7).
struct SpawnError: Error {
    var message: String
}

/// Spawns processes with `posix_spawn`; the child gets an empty signal mask and default dispositions.
enum Spawner {
    /// Starts `request` and returns the pid, or the runtime-style reason it could not start.
    static func spawn(_ request: SpawnRequest) -> Result<pid_t, SpawnError> {
        var attr = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        guard posix_spawnattr_init(&attr) == 0 else { return .failure(setupFailure("posix_spawnattr_init")) }
        defer { posix_spawnattr_destroy(&attr) }
        guard posix_spawn_file_actions_init(&actions) == 0 else {
            return .failure(setupFailure("posix_spawn_file_actions_init"))
        }
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let failed = configure(&attr, &actions, request) { return .failure(setupFailure(failed)) }
        var pid: pid_t = 0
        let rc = withCStrings(request.argv) { argv in
            withCStrings(request.environment.map { "\($0.name)=\($0.value)" }) { envp in
                posix_spawn(&pid, request.path, &actions, &attr, argv, envp)
            }
        }
        guard rc == 0 else {
            return .failure(SpawnError(message: ProgramLookup.execFailure(request.argv.first ?? request.path,
                                                                          path: request.path, errno: rc)))
        }
        return .success(pid)
    }

    /// Clean signal state, the process group, stdin from /dev/null, the output pipes, the working
    /// directory (architecture §8.2). Returns the name of a call that failed, or nil.
    private static func configure(_ attr: inout posix_spawnattr_t, _ actions: inout posix_spawn_file_actions_t,
                                  _ request: SpawnRequest) -> String? {
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        let flags = Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        guard posix_spawnattr_setsigmask(&attr, &empty) == 0, posix_spawnattr_setsigdefault(&attr, &all) == 0,
              posix_spawnattr_setpgroup(&attr, request.processGroup) == 0,
              posix_spawnattr_setflags(&attr, flags) == 0 else { return "posix_spawnattr_set*" }
        guard posix_spawn_file_actions_addopen(&actions, 0, request.stdinPath ?? "/dev/null", O_RDONLY, 0) == 0 else {
            return "posix_spawn_file_actions_addopen"
        }
        if let out = request.stdoutFD, posix_spawn_file_actions_adddup2(&actions, out, 1) != 0 {
            return "posix_spawn_file_actions_adddup2"
        }
        if let err = request.stderrFD, posix_spawn_file_actions_adddup2(&actions, err, 2) != 0 {
            return "posix_spawn_file_actions_adddup2"
        }
        if let extra = request.fd3, posix_spawn_file_actions_adddup2(&actions, extra, 3) != 0 {
            return "posix_spawn_file_actions_adddup2"
        }
        if let dir = request.workingDir, kl_spawn_addchdir(&actions, dir) != 0 {
            return "posix_spawn_file_actions_addchdir_np"
        }
        return nil
    }

    private static func setupFailure(_ call: String) -> SpawnError {
        SpawnError(message: "unable to start container process: \(call) failed")
    }
}

/// Calls `body` with a NULL-terminated `char *[]` of `strings`, valid only inside `body`.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
