// kubelet-lite — ContainmentTests.swift (end-to-end)
// Nothing of a pod outlives its supervisor, however the supervisor or a helper dies (lifecycle §D10).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ContainmentTests {
    /// Runs Fixtures/containment.py: SIGKILLs of the supervisor at random moments, then a search for
    /// survivors. Returns its exit status and report.
    static func trials(_ count: Int, _ extra: [String] = []) -> (Int32, String) {
        let t = Scratch()
        let script = Fixture.directory + "/containment.py"
        let args = [Fixture.python, script, E2E.binary, String(count), "--parallel", "5"] + extra
        let out = t.path + "/report"
        let command = args.map { "'\($0)'" }.joined(separator: " ") + " > '\(out)' 2>&1"
        let status = system(command)
        return ((status >> 8) & 0xff, t.read("report") ?? "")
    }

    @Test func aKilledSupervisorLeavesNoSurvivors() {
        let (status, report) = Self.trials(20)
        #expect(status == 0, "\(report)")
        #expect(report.contains("0 of 20 trials had survivors after 1 s"), "\(report)")
    }

    @Test(.enabled(if: E2E.isRoot, "needs root: runs the pod as another user"))
    func aKilledUnprivilegedSupervisorLeavesNoSurvivors() {
        let (status, report) = Self.trials(10, ["--user", "65534"])
        #expect(status == 0, "\(report)")
    }

    @Test func aKilledPauseThenAKilledSupervisorLeaveNoSurvivors() {
        let (status, report) = Self.trials(10, ["--pause-first"])
        #expect(status == 0, "\(report)")
    }

    static let sleeper = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "helper"},
         "spec": {"containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "echo $$$$ >> {T}/pids; setsid sleep 600 & echo $! >> {T}/pids; wait"]}]}}
        """

    /// The pids recorded in `pids`, in order.
    static func recorded(_ t: Scratch) -> [pid_t] { (t.read("pids") ?? "").split(separator: "\n").compactMap { pid_t($0) } }

    @Test func aKilledExecHelperTakesItsCommandWithItAndOneNewInstanceStarts() {
        let t = Scratch()
        let kl = E2E.start(["apply", "--backoff-initial", "0.1", t.write("p.json", Self.sleeper)], in: t)
        #expect(E2E.eventually(timeout: 10) { Self.recorded(t).count == 2 })
        let first = Self.recorded(t)
        guard first.count == 2, let helper = ProcessInfoReader.parent(of: first[0]) else {
            Issue.record("the container did not start: \(kl.stderr)")
            return
        }
        kill(helper, SIGKILL)
        #expect(E2E.eventually(timeout: 5) { Self.recorded(t).count == 4 }, "a new instance: \(kl.stderr)")
        #expect(E2E.eventually(timeout: 5) { !first.contains(where: E2E.isAlive) }, "the old instance died: \(first)")
        // Exactly one instance runs: the second, and nothing more starts.
        #expect(t.podJSON("helper")?.containerStatus("c")?["restartCount"] == .number("1"))
        let second = Array(Self.recorded(t).suffix(2))
        #expect(second.allSatisfy(E2E.isAlive))
        kl.signal(SIGTERM)
        #expect(kl.wait(timeout: 10) == 0)
        #expect(Self.recorded(t).count == 4)
        #expect(!second.contains(where: E2E.isAlive))
    }
}

extension ContainmentTests {
    /// Kept alive on purpose: with the supervisor stopped, so it cannot react, the pause process and
    /// the exec helper are SIGKILLed, then the supervisor. The command dies (its death signal), but
    /// the setsid daemon below it is left with nothing to kill it. Only the pod's cgroup knows it.
    @Test(.enabled(if: E2E.isRoot, "needs root: the pod's cgroup is how a re-apply finds such a process"))
    func aReapplyKillsWhatACrashedSupervisorLeftBehind() {
        let t = Scratch()
        let manifest = t.write("p.json", Self.sleeper)
        let first = E2E.start(["apply", manifest], in: t)
        #expect(E2E.eventually(timeout: 10) { Self.recorded(t).count == 2 })
        let old = Self.recorded(t)
        guard old.count == 2, let helper = ProcessInfoReader.parent(of: old[0]) else {
            Issue.record("the container did not start: \(first.stderr)")
            return
        }
        let pause = pid_t((t.read(t.podDir("helper") + "/sandbox.pid") ?? "").split(separator: "\n").first ?? "")
        first.signal(SIGSTOP)
        if let pause { kill(pause, SIGKILL) }
        kill(helper, SIGKILL)
        first.signal(SIGKILL)
        first.wait(timeout: 5)
        let daemon = old[1]
        #expect(E2E.isAlive(daemon), "kept alive for the test")
        let second = E2E.start(["apply", manifest], in: t)
        #expect(E2E.eventually(timeout: 10) { Self.recorded(t).count == 4 }, "\(second.stderr)")
        #expect(E2E.eventually(timeout: 2) { !E2E.isAlive(daemon) }, "the re-apply killed the old pod's daemon")
        second.signal(SIGTERM)
        #expect(second.wait(timeout: 10) == 0)
        if E2E.isAlive(daemon) { kill(daemon, SIGKILL) }
    }
}

/// Parent links from /proc, for tests that need a process's parent.
enum ProcessInfoReader {
    static func parent(of pid: pid_t) -> pid_t? {
        let stat = E2E.readFile("/proc/\(pid)/stat")
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }
}
