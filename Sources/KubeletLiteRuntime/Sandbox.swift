// kubelet-lite — Sandbox.swift
// The pod's sandbox: the pause process that leads the pod's process group (lifecycle §D7).

import Glibc

/// The pause process: it leads the pod's process group, so containers can join and restart into it,
/// and it kills that group when the supervisor dies (architecture §5.2). `sandbox.pid` names it so a
/// later `apply` can clean up after a supervisor that died.
final class Sandbox {
    private let program: String
    private let pidFile: String
    /// The pause process, 0 while there is none.
    private(set) var pid: pid_t = 0

    init(program: String, podDir: String) {
        self.program = program
        self.pidFile = podDir + "/sandbox.pid"
    }

    /// Starts a pause process that watches `supervisor`.
    func start(supervisor: pid_t) throws(SystemError) {
        guard access(program, X_OK) == 0 else {
            throw SystemError("cannot run the pause program (kubelet-lite-pause, installed next to kubelet-lite):", program)
        }
        let request = SpawnRequest(path: program, argv: [program, String(supervisor)], environment: [],
                                   workingDir: "/", processGroup: 0, stdoutFD: nil, stderrFD: nil)
        switch Spawner.spawn(request) {
        case .success(let started):
            pid = started
            try StateDirectory.writeAtomically(pidFile, "\(started)\n")
        case .failure(let e):
            throw SystemError("spawn of the pause process failed: \(e.message)", nil, errno: 0)
        }
    }

    /// Whether `reaped` was the pause process; it is gone then.
    func isPause(_ reaped: pid_t) -> Bool {
        guard pid > 0, reaped == pid else { return false }
        pid = 0
        return true
    }

    /// Kills the pod's whole process group; the pause process's death is then expected, not a loss.
    func discard() {
        guard pid > 0 else { return }
        let group = pid
        pid = 0
        kill(-group, SIGKILL)
    }

    /// The end of the pod: the group is killed and `sandbox.pid` removed.
    func remove() {
        discard()
        unlink(pidFile)
    }
}
