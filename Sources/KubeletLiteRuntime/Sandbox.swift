// kubelet-lite — Sandbox.swift
// The pod's sandbox: the pause process, the pod's cgroups and, as root, its namespaces (lifecycle §D7, §D3).

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// What holds the pod together: the pause process, which leads the pod's process group so
/// containers can join and restart into it and kills the pod when the supervisor dies
/// (architecture §5.2); the pod's cgroups where the host allows them (architecture §4.10); and in the namespaces
/// mode the pod's IPC, UTS and PID namespaces, which the pause process holds. `sandbox.pid` and
/// `cgroups` name them, so a later `apply` can clean up after a supervisor that died.
final class Sandbox {
    private let program: String
    let podDir: SecureDirectory
    private(set) var shape: SandboxShape
    /// The pause process, 0 while there is none.
    private(set) var pid: pid_t = 0
    /// The pod's cgroups, nil where the host gives none.
    private(set) var cgroups: PodCgroups?

    init(program: String, podDir: SecureDirectory, shape: SandboxShape) {
        self.program = program
        self.podDir = podDir
        self.shape = shape
    }

    private var pidFile: String { "sandbox.pid" }
    private var cgroupsFile: String { "cgroups" }

    /// A new pod (a reload) may ask for another hostname or PID sharing.
    func reshape(_ shape: SandboxShape) { self.shape = shape }

    /// Creates the pod's cgroups named `name` with the pod's limits and returns the Warning event
    /// for any limit the host cannot enforce (none when nothing is asked for).
    func createCgroups(for pod: Pod, name: String, podPidsLimit: Int64?) -> ResourceEnforcementWarning? {
        let podLimits = CgroupLimits.pod(pod, podPidsLimit: podPidsLimit)
        let asked = (pod.spec.initContainers + pod.spec.containers).reduce(podLimits.controllers) {
            $0.union(CgroupLimits.container($1).controllers)
        }
        let wanted = Set(asked.map(\.rawValue))
        switch PodCgroups.create(CgroupLayout.current(), name: name, wanted: wanted, pod: podLimits) {
        case .success(let created):
            cgroups = created
            do throws(StateDirectoryError) {
                // A loop, not joined(separator:): that generic's first use cost about 0.1 ms of
                // every start (architecture §8.11).
                var record = ""
                for directory in created.directories { record += directory + "\n" }
                try podDir.writeAtomically(cgroupsFile, record)
            } catch {
                // Without the record a crash leaves the cgroups behind; the pod itself is unaffected.
            }
            let missing = Set(created.missing.keys.compactMap(ResourceEnforcementWarning.Controller.init(rawValue:)))
            let cause = created.missing.values.sorted().first ?? ""
            return missing.isEmpty ? nil
                : ResourceEnforcementWarning(pod: pod, podPidsLimit: podPidsLimit, missing: missing, cause: cause)
        case .failure(let why):
            return ResourceEnforcementWarning(pod: pod, podPidsLimit: podPidsLimit,
                                              cause: "cgroups are not available: \(why.reason)")
        }
    }

    /// Kills and removes the cgroups a supervisor that died recorded (a re-apply's cleanup).
    func removeStaleCgroups() {
        guard let bytes = try? podDir.read(cgroupsFile) else { return }
        PodCgroups.remove(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init))
        podDir.remove(cgroupsFile)
    }

    /// Starts a pause process that watches `supervisor`; in the namespaces mode, returns once it
    /// holds the pod's namespaces.
    func start(supervisor: pid_t) throws(SystemError) {
        guard access(program, X_OK) == 0 else {
            throw SystemError("cannot run the pause program (kubelet-lite-pause, installed next to kubelet-lite):", program)
        }
        // With the pod's cgroups (the unified one first), the pause process kills the whole pod in
        // one write if we die, then removes them (architecture §4.10).
        let kill = cgroups.map { $0.directories.flatMap { ["-d", $0] } } ?? []
        var ready: [Int32] = [-1, -1]
        let waits = shape.mode == .namespaces
        if waits { guard kl_pipe_cloexec(&ready, 0) == 0 else { throw SystemError("pipe2") } }
        let request = SpawnRequest(path: program, argv: [program, String(supervisor)] + kill + shape.pauseOptions
                                       + (waits ? ["-r", "3"] : []),
                                   environment: [], workingDir: "/", processGroup: 0, stdoutFD: nil, stderrFD: nil,
                                   fd3: waits ? ready[1] : nil)
        let spawned = Spawner.spawn(request)
        if waits { close(ready[1]) }
        switch spawned {
        case .success(let started):
            pid = started
            if waits { try awaitNamespaces(ready[0]) }
            do throws(StateDirectoryError) {
                try podDir.writeAtomically(pidFile, "\(started)\n")
            } catch {
                throw SystemError("cannot record the pause process: \(error)", nil, errno: 0)
            }
        case .failure(let e):
            if waits { close(ready[0]) }
            throw SystemError("spawn of the pause process failed: \(e.message)", nil, errno: 0)
        }
    }

    /// Blocks (briefly: the pause process answers at once) until it says its namespaces are ready.
    private func awaitNamespaces(_ fd: Int32) throws(SystemError) {
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = retryingOnInterrupt { buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
        guard n >= 2, buffer[0] == UInt8(ascii: "o"), buffer[1] == UInt8(ascii: "k") else {
            throw SystemError("the pause process could not create the pod's namespaces (see above)", nil, errno: 0)
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
        Glibc.kill(-group, SIGKILL)
    }

    /// The end of the pod: the group and the cgroups are killed, and their records removed.
    func remove() {
        discard()
        podDir.remove(pidFile)
        cgroups?.remove()
        cgroups = nil
        podDir.remove(cgroupsFile)
        podDir.remove("termination")
    }
}
