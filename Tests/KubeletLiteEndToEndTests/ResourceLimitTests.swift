// kubelet-lite — ResourceLimitTests.swift (end-to-end, root)
// Limits in force through cgroups: memory (OOMKilled), cpu quota, the pod's pids limit (lifecycle §21).

import Glibc
import KubeletLiteModel
import Testing

@Suite(.enabled(if: E2E.isRoot, "needs root: creates cgroups"))
struct ResourceLimitTests {
    static func pod(_ name: String, policy: String = "Never", _ container: String) -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"restartPolicy": "\(policy)", "terminationGracePeriodSeconds": 2, "containers": [\(container)]}}
        """
    }

    @Test func aContainerOverItsMemoryLimitIsOOMKilledAndRestarted() async {
        let t = await Scratch.admitted()
        let container = """
            {"name": "hog", "image": "python", "resources": {"limits": {"memory": "64Mi"}},
             "command": ["\(Fixture.python)", "-c", "b = bytearray(256 * 1024 * 1024); print('survived')"]}
            """
        let manifest = t.write("p.json", Self.pod("oom", policy: "OnFailure", container))
        let kl = E2E.start(["apply", "--backoff-initial", "0.2", "--backoff-max", "0.4", manifest], in: t)
        await waitUntil(#"(t.podJSON("oom")?.containerStatus("hog")?["restartCount"]?.int64Value ?? 0) >= 1"#, deadline: 15, context: "\(kl.stderr)") {
            (t.podJSON("oom")?.containerStatus("hog")?["restartCount"]?.int64Value ?? 0) >= 1
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 10) == 0)
        let status = t.podJSON("oom")?.containerStatus("hog")
        let last = status?["lastState"]?["terminated"] ?? status?["state"]?["terminated"]
        #expect(last?["reason"]?.stringValue == "OOMKilled", "\(status.map { $0.serialized() } ?? "")")
        #expect(last?["exitCode"] == .number("137"))
        #expect(!(t.read(t.podDir("oom") + "/logs/hog/0.log") ?? "").contains("survived"))
        #expect(t.podJSON("oom")?["status"]?["qosClass"]?.stringValue == "Burstable")
    }

    @Test func aBusyLoopGetsNoMoreThanItsCPULimit() async {
        let t = await Scratch.admitted()
        // Spins for 3 s of wall time, then reports the CPU time it got.
        let script = "import os, time\\nend = time.time() + 3\\nwhile time.time() < end: pass\\n"
            + "t = os.times()\\nprint(t.user + t.system)"
        let container = """
            {"name": "spin", "image": "python", "resources": {"limits": {"cpu": "200m"}},
             "command": ["\(Fixture.python)", "-c", "\(script)"]}
            """
        let r = await E2E.run(["apply", t.write("p.json", Self.pod("cpu", container))], in: t, deadline: 30)
        #expect(r.status == 0, "\(r.stderr)")
        let line = (t.read(t.podDir("cpu") + "/logs/spin/0.log") ?? "").split(separator: " ").last ?? ""
        let cpu = Double(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 99
        // 200m of one core over 3 s is 0.6 s; a quarter of a core (0.75 s) is the bound.
        #expect(cpu <= 0.75, "the loop got \(cpu) s of CPU in 3 s")
        #expect(cpu > 0.05, "the loop ran at all: \(cpu) s")
    }

    @Test func aForkBombStopsAtThePodsPidsLimitAndThePodStillStops() async {
        let t = await Scratch.admitted()
        // A fork bomb bounded by a counter: 200 tries, each child sleeping; failures are counted.
        let bomb = "import os, time\\nok = 0\\nfor i in range(200):\\n    try:\\n        pid = os.fork()\\n"
            + "    except OSError:\\n        continue\\n    if pid == 0:\\n        time.sleep(300)\\n        os._exit(0)\\n"
            + "    ok += 1\\nprint('started', ok, flush=True)\\nopen('{T}/done', 'w').close()\\ntime.sleep(300)"
        let container = """
            {"name": "bomb", "image": "python", "command": ["\(Fixture.python)", "-c", "\(bomb)"]}
            """
        let kl = E2E.start(["apply", "--pod-pids-limit", "50", t.write("p.json", Self.pod("pids", container))], in: t)
        await waitUntil(#"t.read("done") != nil"#, deadline: 20, context: "\(kl.stderr) \(t.read(t.podDir("pids") + "/logs/bomb/0.log") ?? "")") { t.read("done") != nil }
        // The supervisor still answers: the stop goes through, and nothing is left.
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 15) == 0)
        let started = (t.read(t.podDir("pids") + "/logs/bomb/0.log") ?? "").split(separator: "\n")
            .first { $0.contains("started") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 999
        #expect(started < 50, "the pod stopped at its pids limit: \(started) sleeps started")
        #expect(kl.stdout.contains("Killing"))
    }

    @Test func describeAndGetShowTheCgroupAndTheSandbox() async {
        let t = await Scratch.admitted()
        let container = """
            {"name": "c", "image": "busybox", "command": ["sleep", "600"], "resources": {"limits": {"memory": "32Mi"}}}
            """
        let kl = E2E.start(["apply", t.write("p.json", Self.pod("shown", container))], in: t)
        await waitUntil(#"t.podJSON("shown")?.phase == "Running""#, deadline: 10, context: "\(kl.stderr)") { t.podJSON("shown")?.phase == "Running" }
        let describe = await E2E.run(["describe", "shown"], in: t)
        #expect(describe.stdout.contains("/kubelet-lite-"), "\(describe.stdout)")
        #expect(describe.stdout.contains("Sandbox:"), "\(describe.stdout)")
        let wide = await E2E.run(["get", "-o", "wide"], in: t)
        #expect(wide.stdout.contains("SANDBOX"), "\(wide.stdout)")
        #expect(wide.stdout.contains("process"), "\(wide.stdout)")
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 10) == 0)
    }
}

extension Substring {
    func trimmingCharacters(in _: Whitespace) -> String {
        String(drop { $0 == " " || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
    }
}

/// Whitespace and newlines, for `trimmingCharacters(in:)` without Foundation.
enum Whitespace { case whitespacesAndNewlines }

extension ResourceLimitTests {
    @Test func withoutCgroupsOneWarningSaysWhichLimitsAreNotEnforced() async {
        let t = await Scratch.admitted()
        let state = t.path + "/nobody-state"
        mkdir(state, 0o700)
        chown(state, 65534, 65534)
        chmod(t.path, 0o755)
        let container = """
            {"name": "app", "image": "busybox", "command": ["true"], "resources": {"limits": {"memory": "64Mi", "cpu": "100m"}}}
            """
        let manifest = t.write("p.json", Self.pod("unenforced", container))
        chmod(manifest, 0o644)
        let command = "su -s /bin/sh nobody -c '\(E2E.binary) apply -o json --state-dir \(state) \(manifest)' "
            + "> \(t.path)/out 2> \(t.path)/err"
        let status = system(command)
        #expect((status >> 8) & 0xff == 0, "\(t.read("err") ?? "")")
        let warnings = (t.read("out") ?? "").split(separator: "\n").filter { $0.contains("FailedCreatePodContainer") }
        #expect(warnings.count == 1, "\(t.read("out") ?? "")")
        #expect(warnings.first?.contains("limits.memory of app") == true)
        #expect(warnings.first?.contains("limits.cpu of app") == true)
        #expect(warnings.first?.contains("not root and no delegated cgroup") == true, "\(warnings)")
    }
}
