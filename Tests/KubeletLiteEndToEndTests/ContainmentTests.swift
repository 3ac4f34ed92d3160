// kubelet-lite — ContainmentTests.swift (end-to-end)
// Nothing of a pod outlives its supervisor, however the supervisor or a helper dies (lifecycle §D10).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ContainmentTests {
    /// Runs Fixtures/containment.py: SIGKILLs of the supervisor at random moments, then a search for
    /// survivors. Returns its exit status and report.
    static func trials(_ count: Int, _ extra: [String] = []) async -> (Int32, String) {
        // About 0.4 s a trial: among the suite's longest, so admitted early, not left for the end.
        let t = await Scratch.admitted(seconds: 0.4 * Double(count))
        let script = Fixture.directory + "/containment.py"
        let args = [Fixture.python, script, E2E.binary, String(count), "--parallel", "5"] + extra
        let out = t.path + "/report"
        let command = args.map { "'\($0)'" }.joined(separator: " ") + " > '\(out)' 2>&1"
        let status = await offPool { system(command) }
        return ((status >> 8) & 0xff, t.read("report") ?? "")
    }

    @Test func aKilledSupervisorLeavesNoSurvivors() async {
        let (status, report) = await Self.trials(20)
        #expect(status == 0, "\(report)")
        #expect(report.contains("0 of 20 trials had survivors after 1 s"), "\(report)")
    }

    @Test(.enabled(if: E2E.isRoot, "needs root: runs the pod as another user"))
    func aKilledUnprivilegedSupervisorLeavesNoSurvivors() async {
        let (status, report) = await Self.trials(10, ["--user", "65534"])
        #expect(status == 0, "\(report)")
    }

    @Test func aKilledPauseThenAKilledSupervisorLeaveNoSurvivors() async {
        let (status, report) = await Self.trials(10, ["--pause-first"])
        #expect(status == 0, "\(report)")
    }

    static let sleeper = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "helper"},
         "spec": {"containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "echo $$$$ >> {T}/pids; setsid sleep 600 & echo $! >> {T}/pids; wait"]}]}}
        """

    /// The pids recorded in `pids`, in order.
    static func recorded(_ t: Scratch) -> [pid_t] { (t.read("pids") ?? "").split(separator: "\n").compactMap { pid_t($0) } }

    @Test func aKilledExecHelperTakesItsCommandWithItAndOneNewInstanceStarts() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", "--backoff-initial", "0.1", t.write("p.json", Self.sleeper)], in: t)
        await waitUntil(#"Self.recorded(t).count == 2"#, deadline: 10) { Self.recorded(t).count == 2 }
        let first = Self.recorded(t)
        guard first.count == 2, let helper = ProcessInfoReader.parent(of: first[0]) else {
            Issue.record("the container did not start: \(kl.stderr)")
            return
        }
        kill(helper, SIGKILL)
        await waitUntil(#"Self.recorded(t).count == 4"#, deadline: 5, context: "a new instance: \(kl.stderr)") { Self.recorded(t).count == 4 }
        await waitUntil(#"!first.contains(where: E2E.isAlive)"#, deadline: 5, context: "the old instance died: \(first)") { !first.contains(where: E2E.isAlive) }
        // Exactly one instance runs: the second, and nothing more starts.
        await waitUntil("pod.json to count the restart") { t.podJSON("helper")?.containerStatus("c")?["restartCount"] == .number("1") }
        let second = Array(Self.recorded(t).suffix(2))
        #expect(second.allSatisfy(E2E.isAlive))
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 10) == 0)
        #expect(Self.recorded(t).count == 4)
        #expect(!second.contains(where: E2E.isAlive))
    }
}

extension ContainmentTests {
    /// Kept alive on purpose: with the supervisor stopped, so it cannot react, the pause process and
    /// the exec helper are SIGKILLed, then the supervisor. The command dies (its death signal), but
    /// the setsid daemon below it is left with nothing to kill it. Only the pod's cgroup knows it.
    @Test(.enabled(if: E2E.isRoot, "needs root: the pod's cgroup is how a re-apply finds such a process"))
    func aReapplyKillsWhatACrashedSupervisorLeftBehind() async {
        let t = await Scratch.admitted()
        let manifest = t.write("p.json", Self.sleeper)
        let first = E2E.start(["apply", manifest], in: t)
        await waitUntil(#"Self.recorded(t).count == 2"#, deadline: 10) { Self.recorded(t).count == 2 }
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
        #expect(await first.exit(within: 5) == 128 + SIGKILL)
        let daemon = old[1]
        #expect(E2E.isAlive(daemon), "kept alive for the test")
        let second = E2E.start(["apply", manifest], in: t)
        await waitUntil(#"Self.recorded(t).count == 4"#, deadline: 10, context: "\(second.stderr)") { Self.recorded(t).count == 4 }
        await waitUntil(#"!E2E.isAlive(daemon)"#, deadline: 2, context: "the re-apply killed the old pod's daemon") { !E2E.isAlive(daemon) }
        second.signal(SIGTERM)
        #expect(await second.exit(within: 10) == 0)
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
