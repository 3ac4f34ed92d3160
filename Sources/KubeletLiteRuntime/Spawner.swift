// kubelet-lite — Spawner.swift
// posix_spawn into the pod's process group with a clean signal state (notes §2).

import CKubeletLiteShims
import Glibc

/// What to run, and where its standard streams go.
struct SpawnRequest {
    var argv: [String]
    var environment: [(name: String, value: String)]
    var workingDir: String?
    /// The process group to join; 0 makes the child lead a new group (the pause process).
    var processGroup: pid_t
    var stdoutFD: Int32?
    var stderrFD: Int32?
}

/// Why a spawn failed, worded as the container runtime would (spec §17.7).
struct SpawnError: Error {
    var message: String
}

/// Spawns processes with `posix_spawn`; the child gets an empty signal mask and default dispositions.
enum Spawner {
    /// What runc checks before it starts a process: the working directory exists and the program
    /// is found in the container's PATH. Returns the program's path.
    static func preflight(_ argv: [String], environment: [(name: String, value: String)],
                          workingDir: String?) -> Result<String, SpawnError> {
        guard let program = argv.first, !program.isEmpty else {
            return .failure(SpawnError(message: "unable to start container process: exec: no command"))
        }
        if let dir = workingDir {
            var st = stat()
            if stat(dir, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR {
                let reason = errno == 0 ? "not a directory" : SystemError.text(errno)
                return .failure(SpawnError(
                    message: "unable to start container process: chdir to cwd (\"\(dir)\") set in config.json failed: \(reason)"))
            }
        }
        return resolve(program, environment: environment, workingDir: workingDir)
    }

    /// Starts `request` and returns the pid, or the runtime-style reason it could not start.
    static func spawn(_ request: SpawnRequest) -> Result<pid_t, SpawnError> {
        let path: String
        switch preflight(request.argv, environment: request.environment, workingDir: request.workingDir) {
        case .success(let p): path = p
        case .failure(let e): return .failure(e)
        }
        let program = request.argv[0]

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setpgroup(&attr, request.processGroup)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let out = request.stdoutFD { posix_spawn_file_actions_adddup2(&actions, out, 1) }
        if let err = request.stderrFD { posix_spawn_file_actions_adddup2(&actions, err, 2) }
        if let dir = request.workingDir { kl_spawn_addchdir(&actions, dir) }

        let argv = CStringArray(request.argv)
        let envp = CStringArray(request.environment.map { "\($0.name)=\($0.value)" })
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv.pointers, envp.pointers)
        guard rc == 0 else {
            return .failure(SpawnError(message: execFailure(program, path: path, errno: rc)))
        }
        return .success(pid)
    }

    /// Looks the program up in the container's own PATH, as runc does (decision I.2).
    static func resolve(_ program: String, environment: [(name: String, value: String)],
                        workingDir: String?) -> Result<String, SpawnError> {
        if program.contains("/") {
            let full = program.hasPrefix("/") || workingDir == nil ? program : workingDir! + "/" + program
            var st = stat()
            guard stat(full, &st) == 0 else {
                return .failure(SpawnError(message: execFailure(program, path: program, errno: errno)))
            }
            guard (st.st_mode & S_IFMT) != S_IFDIR, access(full, X_OK) == 0 else {
                return .failure(SpawnError(message: execFailure(program, path: program, errno: EACCES)))
            }
            return .success(program)
        }
        let pathVar = environment.last { $0.name == "PATH" }?.value ?? ""
        var denied = false
        for dir in pathVar.split(separator: ":", omittingEmptySubsequences: false) {
            let base = dir.isEmpty ? "." : String(dir)
            var candidate = base + "/" + program
            if !candidate.hasPrefix("/"), let cwd = workingDir { candidate = cwd + "/" + candidate }
            var st = stat()
            guard stat(candidate, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else { continue }
            if access(candidate, X_OK) == 0 { return .success(candidate) }
            denied = true
        }
        let reason = denied ? "permission denied" : "executable file not found in $PATH"
        return .failure(SpawnError(message: "unable to start container process: exec: \"\(program)\": \(reason)"))
    }

    private static func execFailure(_ program: String, path: String, errno: Int32) -> String {
        switch errno {
        case ENOENT:
            return "unable to start container process: exec: \"\(program)\": stat \(path): no such file or directory"
        case EACCES:
            return "unable to start container process: exec: \"\(program)\": permission denied"
        default:
            return "unable to start container process: exec: \"\(program)\": \(SystemError.text(errno))"
        }
    }
}

/// A NULL-terminated `char *[]` that owns its strings for the duration of a spawn.
final class CStringArray {
    private var storage: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        storage = strings.map { strdup($0) }
        storage.append(nil)
    }

    var pointers: UnsafePointer<UnsafeMutablePointer<CChar>?> {
        storage.withUnsafeBufferPointer { $0.baseAddress! }
    }

    deinit { for p in storage { free(p) } }
}
