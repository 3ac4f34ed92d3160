// kubelet-lite — ProgramLookup.swift
// What runc checks before a start: the working directory exists, the program is found (lifecycle §D2).

import Glibc

/// Finds a container's program as the runtime would, with runc's error wording (lifecycle §17.7).
enum ProgramLookup {
    /// Checks the working directory and resolves the program in the container's own PATH.
    static func resolve(_ argv: [String], environment: [(name: String, value: String)],
                        workingDir: String?) -> Result<String, SpawnError> {
        guard let program = argv.first, !program.isEmpty else {
            return .failure(SpawnError(message: "unable to start container process: exec: no command"))
        }
        if let dir = workingDir, let reason = notADirectory(dir) {
            return .failure(SpawnError(
                message: "unable to start container process: chdir to cwd (\"\(dir)\") set in config.json failed: \(reason)"))
        }
        return program.contains("/") ? explicitPath(program, workingDir: workingDir)
            : search(program, environment: environment, workingDir: workingDir)
    }

    /// Why `dir` is no usable working directory, or nil if it is one.
    private static func notADirectory(_ dir: String) -> String? {
        var st = stat()
        guard stat(dir, &st) == 0 else { return SystemError.text(errno) }
        return (st.st_mode & S_IFMT) == S_IFDIR ? nil : "not a directory"
    }

    private static func explicitPath(_ program: String, workingDir: String?) -> Result<String, SpawnError> {
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

    /// The container's own PATH, not ours (lifecycle §D12).
    private static func search(_ program: String, environment: [(name: String, value: String)],
                               workingDir: String?) -> Result<String, SpawnError> {
        let pathVar = environment.last { $0.name == "PATH" }?.value ?? ""
        var denied = false
        for dir in pathVar.split(separator: ":", omittingEmptySubsequences: false) {
            var candidate = (dir.isEmpty ? "." : String(dir)) + "/" + program
            if !candidate.hasPrefix("/"), let cwd = workingDir { candidate = cwd + "/" + candidate }
            var st = stat()
            guard stat(candidate, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else { continue }
            if access(candidate, X_OK) == 0 { return .success(candidate) }
            denied = true
        }
        let reason = denied ? "permission denied" : "executable file not found in $PATH"
        return .failure(SpawnError(message: "unable to start container process: exec: \"\(program)\": \(reason)"))
    }

    static func execFailure(_ program: String, path: String, errno: Int32) -> String {
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
