// kubelet-lite — TutorialTests.swift (end-to-end)
// The probe and hook examples run unchanged through the binary: the Kubernetes liveness tutorial's
// pod (examples/liveness-exec.json) with the spec's windows, and one example per probe type and for
// hooks. The tutorial pod takes 75–95 s as written, so `make test` runs a copy with shortened
// timings (same structure, same assertions) and `make test-long` (KUBELET_LITE_LONG_TESTS=1) the
// example verbatim. Only the verbatim run touches the host's /tmp/healthy. The other examples run
// as written but for their fixed loopback port (18081–18084), which the test swaps for a free one:
// another copy of the suite (another checkout, another CI job on the host) may hold that port. The
// examples say when their servers listen only in their output, so windows start from that line.

import Glibc
import KubeletLiteModel
import Testing

/// Whether the long tests run (`make test-long` sets KUBELET_LITE_LONG_TESTS=1).
let longTestsEnabled = getenv("KUBELET_LITE_LONG_TESTS").map { String(cString: $0) == "1" } ?? false

@Suite struct TutorialTests {
    static func example(_ name: String) -> String { ExamplesTests.path(name) }

    /// The example `name` written into `t` with its fixed port `port` swapped for a free one.
    static func example(_ name: String, port: Int, in t: Scratch) -> (file: String, port: Int) {
        let text = E2E.readFile(example(name))
        let free = Fixture.freePort()
        #expect(text.contains("\(port)"), "\(name) no longer uses port \(port)")
        return (t.write(name, text.replacingOccurrences(of: "\(port)", with: "\(free)")), free)
    }

    /// Issue 3: `Started`, then three `Unhealthy` `Liveness probe failed:` (one event object, count 3)
    /// once the file is gone after `healthy` seconds, one `Killing` with the liveness message, and
    /// restart count 1, the new instance healthy.
    static func livenessExecTutorial(_ t: Scratch, manifest: String, healthy: Double, period: Double) async throws {
        let pod = "liveness-exec", container = "liveness-demo"
        let kl = E2E.start(["apply", "-o", "json", manifest], in: t)
        await waitUntil("the tutorial pod running", context: kl.stderr) { t.startedAt(pod, container) != nil }
        let started = try #require(t.startedAt(pod, container))
        // The file goes at `healthy` s; failures at the ticks from then; the kill at the third.
        await waitUntil("the tutorial pod restarted", deadline: healthy + 4 * period + E2E.deadline, context: kl.stdout) {
            t.restarts(pod, container) >= 1 && t.startedAt(pod, container) != nil
        }
        let restartedAt = t.startedAt(pod, container) ?? 0
        let (status, _) = await kl.terminate()
        #expect(status == 0)

        #expect(kl.stdout.contains("Started container liveness-demo"))
        let all = t.ev(pod).filter { $0.fieldPath == "spec.containers{liveness-demo}" }
        #expect(all.first { $0.reason == "Started" }.map { abs($0.last - started) < 0.5 } == true)
        let killIndex = try #require(all.firstIndex { $0.reason == "Killing" })
        let killing = all[killIndex]
        #expect(killing.message == "Container liveness-demo failed liveness probe, will be restarted")
        #expect(killing.count == 1)
        let failures = all[..<killIndex].filter { $0.reason == "Unhealthy" }
        #expect(failures.count == 3, "\(failures)")
        #expect(failures.allSatisfy { $0.message.hasPrefix("Liveness probe failed:") && $0.type == "Warning" })
        #expect(Set(failures.map(\.name)).count == 1 && failures.map(\.count) == [1, 2, 3], "one event object, count 3")
        guard failures.count == 3 else { return }
        let first = failures[0].last - started
        #expect(first >= healthy && first < healthy + period + E2E.slack, "first failure \(first) s after start")
        #expect(onePerPeriod(failures.map(\.last), period: period), "failures one period apart: \(failures.map { $0.last - started })")
        #expect(killing.last - failures[2].last < 0.5, "the kill follows the third failure")
        #expect(restartedAt - killing.last < 9, "restarted \(restartedAt - killing.last) s after the kill, not after the 10 s back-off")
        #expect(t.restarts(pod, container) == 1)
        let stop = all.dropFirst(killIndex + 1).firstIndex { $0.reason == "Killing" } ?? all.endIndex
        #expect(!all[(killIndex + 1)..<stop].contains { $0.reason == "Unhealthy" }, "the new instance is healthy")
    }

    /// examples/liveness-exec.json with shortened timings: the file goes after 6 s (not 60), probes
    /// every 2 s from 2 s (not 5 from 5), in this test's directory (not /tmp). About 13 s.
    @Test func livenessExecTutorialPodShortened() async throws {
        let t = await Scratch.admitted(seconds: 13)
        let example = E2E.readFile(Self.example("liveness-exec.json"))
        var short = example
        for (from, to) in [("/tmp/healthy", "{T}/healthy"), ("sleep 60;", "sleep 6;"),
                           (#""initialDelaySeconds": 5"#, #""initialDelaySeconds": 2"#), (#""periodSeconds": 5"#, #""periodSeconds": 2"#)] {
            #expect(short.contains(from), "the example no longer has \(from)")
            short = short.replacingOccurrences(of: from, with: to)
        }
        try await Self.livenessExecTutorial(t, manifest: t.write("liveness-exec.json", short), healthy: 6, period: 2)
    }

    /// The example verbatim: 60 s healthy, probes every 5 s (75–95 s). `make test-long`.
    @Test(.enabled(if: longTestsEnabled, "long: make test-long (KUBELET_LITE_LONG_TESTS=1) runs the tutorial pod verbatim"),
          .timeLimit(.minutes(3)))
    func livenessExecTutorialPod() async throws {
        let t = await Scratch.admitted(seconds: 95)
        defer { unlink("/tmp/healthy") }
        try await Self.livenessExecTutorial(t, manifest: Self.example("liveness-exec.json"), healthy: 60, period: 5)
    }

    /// 200 for 10 s from python's start, probes every 3 s from 3 s: failures from 10 s on, the kill at
    /// the third. Should python start after the first probe, that probe is refused (then the window
    /// starts from the server's "serving" line).
    @Test(.needs(.python3)) func livenessHttpExample() async throws {
        let t = await Scratch.admitted(seconds: 18)
        let (file, port) = Self.example("liveness-http.json", port: 18081, in: t)
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("liveness-http", "liveness"))
        await waitUntil("liveness-http restarted", deadline: 60, context: kl.stdout) { t.restarts("liveness-http", "liveness") >= 1 }
        let (status, _) = await kl.terminate()
        #expect(status == 0)
        let serving = try #require(t.loggedAt("liveness-http", "liveness", "serving on 127.0.0.1:\(port)"))
        let killing = try #require(t.ev("liveness-http", "Killing").first)
        let all = t.ev("liveness-http", "Unhealthy").filter { $0.last <= killing.last }
        let refused = all.filter { $0.message.hasSuffix("connect: connection refused") }
        #expect(refused.allSatisfy { $0.last < serving + 1 }, "refused only before the server listens: \(refused)")
        let failures = all.filter { !$0.message.hasSuffix("connect: connection refused") }
        #expect(failures.map(\.count) == [1, 2, 3], "\(failures)")
        #expect(failures.allSatisfy { $0.message == "Liveness probe failed: HTTP probe failed with statuscode: 500" }, "\(failures)")
        if let first = failures.first {
            #expect(first.last - started >= 10 && first.last < serving + 10 + 3 + E2E.slack, "first 500 \(first.last - started) s after start")
        }
        #expect(killing.message == "Container liveness failed liveness probe, will be restarted")
        #expect(t.loggedAt("liveness-http", "liveness", "GET /healthz 200 Custom-Header: Awesome") != nil)
        #expect(t.loggedAt("liveness-http", "liveness", "GET /healthz 500 Custom-Header: Awesome") != nil)
    }

    /// The server listens after 3 s of warming up; readiness every 1 s from 1 s.
    @Test(.needs(.python3)) func readinessTcpExample() async throws {
        let t = await Scratch.admitted()
        let (file, port) = Self.example("readiness-tcp.json", port: 18082, in: t)
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("readiness-tcp", "server"))
        await waitUntil("readiness-tcp Ready", context: kl.stdout) {
            t.podJSON("readiness-tcp")?.condition("Ready")?["status"] == .string("True")
        }
        let readyAt = try #require(epoch(t.podJSON("readiness-tcp")?.condition("Ready")?["lastTransitionTime"]?.stringValue))
        let (status, _) = await kl.terminate()
        #expect(status == 0)
        let accepting = try #require(t.loggedAt("readiness-tcp", "server", "accepting connections on 127.0.0.1:\(port)"))
        #expect(readyAt - started >= 3 && readyAt < accepting + 1 + E2E.slack, "Ready \(readyAt - started) s after start")
        let failures = t.ev("readiness-tcp", "Unhealthy")
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.message == "Readiness probe failed: dial tcp 127.0.0.1:\(port): connect: connection refused" })
        #expect(t.podJSON("readiness-tcp")?.phase == "Succeeded")
        #expect(t.restarts("readiness-tcp", "server") == 0)
    }

    /// The server answers after 5 s; the startup probe every 1 s holds the 10 s liveness probe off.
    @Test(.needs(.python3)) func startupProbeExample() async throws {
        let t = await Scratch.admitted()
        let (file, port) = Self.example("startup-probe.json", port: 18083, in: t)
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("startup-probe", "slow-starter"))
        await waitUntil("startup-probe started and ready", context: kl.stdout) {
            let s = t.status("startup-probe", "slow-starter")
            return s?["started"]?.isTrue == true && s?["ready"]?.isTrue == true
        }
        let readyAt = try #require(epoch(t.podJSON("startup-probe")?.condition("Ready")?["lastTransitionTime"]?.stringValue))
        let (status, _) = await kl.terminate()
        #expect(status == 0)
        let serving = try #require(t.loggedAt("startup-probe", "slow-starter", "serving /healthz on 127.0.0.1:\(port)"))
        #expect(readyAt - started >= 5 && readyAt < serving + 1 + E2E.slack, "ready \(readyAt - started) s after start")
        let failures = t.evBeforeStop("startup-probe").filter { $0.reason == "Unhealthy" }
        #expect(failures.count >= 4)
        #expect(failures.allSatisfy {
            $0.message == #"Startup probe failed: Get "http://127.0.0.1:\#(port)/healthz": dial tcp 127.0.0.1:\#(port): connect: connection refused"#
        }, "\(failures)")
        #expect(t.ev("startup-probe", "Killing").map(\.message) == ["Stopping container slow-starter"])
        #expect(t.restarts("startup-probe", "slow-starter") == 0)
        #expect(t.podJSON("startup-probe")?.phase == "Succeeded")
    }

    @Test(.needs(.python3)) func lifecycleHooksExample() async throws {
        let t = await Scratch.admitted()
        let (file, _) = Self.example("lifecycle-hooks.json", port: 18084, in: t)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("lifecycle-hooks running", context: kl.stdout) { t.startedAt("lifecycle-hooks", "web") != nil }
        // The server's line reaches kubelet-lite's output through the container's pipe, maybe after the status.
        await waitUntil("the postStart request in the output", context: kl.stdout) {
            kl.stdout.contains("[web] got GET /post-start from Python-urllib/")
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        let out = kl.stdout
        let order = ["Stopping container web", "[web] got GET /pre-stop from kube-lifecycle/1.35", "[web] SIGTERM: shutting down"]
            .map { out.range(of: $0)?.lowerBound }
        #expect(!order.contains(nil), "\(out)")
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "\(out)")
        #expect(t.podJSON("lifecycle-hooks")?.phase == "Succeeded")
        #expect(t.status("lifecycle-hooks", "web")?["state"]?["terminated"]?["exitCode"] == .number("0"))
    }
}
