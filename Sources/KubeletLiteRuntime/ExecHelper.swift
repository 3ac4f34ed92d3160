// kubelet-lite — ExecHelper.swift
// The one way a container's, probe's or hook's command is started: under the exec helper (architecture §5.3).

import CKubeletLiteShims
import Glibc

/// The user and group a container runs as (`securityContext.runAsUser/runAsGroup`).
struct RunAs: Equatable {
    var uid: Int64
    var gid: Int64
}

/// What a command needs of its container: environment, working directory, process group, user.
struct ContainerContext {
    var environment: [(name: String, value: String)]
    var workingDir: String
    var processGroup: pid_t
    var runAs: RunAs?
    /// cgroup.procs files the helper joins before it starts the command (the container's cgroups).
    var cgroups: [String] = []
    /// The helper's namespace options (the namespaces sandbox; see `SandboxShape`).
    var namespaces: [String] = []
}

/// A command started under the exec helper: the helper's pid and the read ends of its pipes.
struct HelperProcess {
    var pid: pid_t
    /// Non-blocking, close-on-exec read ends of the command's stdout and stderr.
    var stdoutFD: Int32
    var stderrFD: Int32
    /// The read end of the helper's start report (see `StartReport`), when one was asked for.
    var reportFD: Int32?
}

/// `kubelet-lite-pause exec SUPERVISOR [-u UID:GID] PATH ARGV...`: a child subreaper that runs the
/// command, forwards every signal to it, and kills whatever the command leaves behind the moment it
/// exits, as a container's init would (lifecycle §D10). It dies with the supervisor.
struct ExecHelper {
    /// The pause program, which is also the exec helper.
    let program: String
    let supervisor: pid_t
    /// The descriptor limit kubelet-lite started with, given back to commands (ours was raised).
    var fileLimit: rlim_t? = nil

    /// Resolves `argv[0]` in the container's PATH, then starts it under the helper, its output on two
    /// new pipes; with `reporting`, the helper also says on a third when the command runs. Nothing is
    /// left open on failure.
    func start(_ argv: [String], in context: ContainerContext,
               reporting: Bool = false) -> Result<HelperProcess, SpawnError> {
        let path: String
        switch ProgramLookup.resolve(argv, environment: context.environment, workingDir: context.workingDir) {
        case .success(let p): path = p
        case .failure(let e): return .failure(e)
        }
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard kl_pipe_cloexec(&out, 1) == 0 else {
            return .failure(SpawnError(message: "cannot set up the output pipes: pipe2: \(SystemError.text(errno))"))
        }
        guard kl_pipe_cloexec(&err, 1) == 0 else {
            let e = errno
            close(out[0])
            close(out[1])
            return .failure(SpawnError(message: "cannot set up the output pipes: pipe2: \(SystemError.text(e))"))
        }
        var report: [Int32] = [-1, -1]
        if reporting && kl_pipe_cloexec(&report, 1) != 0 {
            let e = errno
            for fd in out + err { close(fd) }
            return .failure(SpawnError(message: "cannot set up the start report: pipe2: \(SystemError.text(e))"))
        }
        let request = SpawnRequest(path: program, argv: helperArguments(path, argv, context, reporting: reporting),
                                   environment: context.environment, workingDir: context.workingDir,
                                   processGroup: context.processGroup, stdoutFD: out[1], stderrFD: err[1],
                                   fd3: reporting ? report[1] : nil)
        let result = Spawner.spawn(request)
        close(out[1])
        close(err[1])
        if reporting { close(report[1]) }
        switch result {
        case .success(let pid):
            return .success(HelperProcess(pid: pid, stdoutFD: out[0], stderrFD: err[0],
                                          reportFD: reporting ? report[0] : nil))
        case .failure(let e):
            close(out[0])
            close(err[0])
            if reporting { close(report[0]) }
            return .failure(e)
        }
    }

    private func helperArguments(_ path: String, _ argv: [String], _ context: ContainerContext,
                                 reporting: Bool) -> [String] {
        let user = context.runAs.map { ["-u", "\($0.uid):\($0.gid)"] } ?? []
        let report = reporting ? ["-s", "3"] : []
        let cgroups = context.cgroups.flatMap { ["-c", $0] }
        // `--`: the program's path follows, even one that starts with a dash.
        let limit = fileLimit.map { ["-l", String($0)] } ?? []
        return [program, "exec", String(supervisor)] + user + limit + report + cgroups + context.namespaces + ["--", path] + argv
    }
}
