// kubelet-lite — Sandbox.swift
// The pod's sandbox: the pause process that leads the pod's process group (lifecycle §D7).

import Glibc

/// What holds the pod together: the pause process, which leads the pod's process group so
/// containers can join and restart into it, and kills that group when the supervisor dies
/// (architecture §5.2); and the pod's cgroups where the host allows them (architecture §4.10).
/// `sandbox.pid` and `cgroups` name them, so a later `apply` can clean up after a supervisor that died.
final class Sandbox {
    private let program: String
    private let pidFile: String
    private let cgroupsFile: String
    /// The pause process, 0 while there is none.
    private(set) var pid: pid_t = 0
    /// The pod's cgroups, nil where the host gives none.
    private(set) var cgroups: PodCgroups?

    init(program: String, podDir: String) {
        self.program = program
        self.pidFile = podDir + "/sandbox.pid"
        self.cgroupsFile = podDir + "/cgroups"
    }

    /// Creates the pod's cgroups; returns why it could not (the pod then runs without them).
    func createCgroups(name: String, wanted: Set<String>, pod: CgroupSettings) -> CgroupsUnavailable? {
        switch PodCgroups.create(CgroupLayout.current(), name: name, wanted: wanted, pod: pod) {
        case .success(let created):
            cgroups = created
            do throws(SystemError) {
                try StateDirectory.writeAtomically(cgroupsFile, created.directories.joined(separator: "\n") + "\n")
            } catch {
                // Without the record a crash leaves the cgroups behind; the pod itself is unaffected.
            }
            return nil
        case .failure(let why):
            return why
        }
    }

    /// Kills and removes the cgroups a supervisor that died recorded (a re-apply's cleanup).
    func removeStaleCgroups() {
        guard let text = readFile(cgroupsFile).map({ String(decoding: $0, as: UTF8.self) }) else { return }
        PodCgroups.remove(text.split(separator: "\n").map(String.init))
        unlink(cgroupsFile)
    }

    /// Starts a pause process that watches `supervisor`.
    func start(supervisor: pid_t) throws(SystemError) {
        guard access(program, X_OK) == 0 else {
            throw SystemError("cannot run the pause program (kubelet-lite-pause, installed next to kubelet-lite):", program)
        }
        // With the pod's cgroup, the pause process kills the whole pod in one write if we die.
        let killFile = cgroups.map { [$0.unified.path + "/cgroup.kill"] } ?? []
        let request = SpawnRequest(path: program, argv: [program, String(supervisor)] + killFile, environment: [],
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

    /// The end of the pod: the group and the cgroups are killed, and their records removed.
    func remove() {
        discard()
        unlink(pidFile)
        cgroups?.remove()
        cgroups = nil
        unlink(cgroupsFile)
    }
}
