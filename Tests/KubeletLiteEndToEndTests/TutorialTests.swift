// kubelet-lite — TutorialTests.swift (end-to-end)
// The probe and hook examples run unchanged through the binary: the Kubernetes liveness tutorial's
// pod (examples/liveness-exec.json, about 80 s) with the spec's windows, and one example per probe
// type and for hooks. Only the tutorial test touches the host's /tmp/healthy; the other examples
// listen on fixed loopback ports 18081–18084, which nothing else in the suite uses.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct TutorialTests {
    static func example(_ name: String) -> String { ExamplesTests.path(name) }

    /// Issue 3: `Started`, then three `Unhealthy` `Liveness probe failed:` (one event object, count 3)
    /// once the file is gone, one `Killing` with the liveness message, and restart count 1.
    @Test(.timeLimit(.minutes(3)))
    func livenessExecTutorialPod() async throws {
        let t = Scratch()
        defer { unlink("/tmp/healthy") }
        let kl = E2E.start(["apply", Self.example("liveness-exec.json")], in: t)
        #expect(await waitUntil(5) { t.startedAt("liveness-exec", "liveness-demo") != nil }, "\(kl.stderr)")
        let started = try #require(t.startedAt("liveness-exec", "liveness-demo"))
        // The file goes at 60 s; failures at the 5 s ticks from then; the kill at the third.
        let restarted = await waitUntil(95, every: 0.25) {
            t.restarts("liveness-exec", "liveness-demo") >= 1 && t.startedAt("liveness-exec", "liveness-demo") != nil
        }
        #expect(restarted, "\(kl.stdout)")
        let restartedAt = t.startedAt("liveness-exec", "liveness-demo") ?? 0
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)

        #expect(kl.stdout.contains("Started container liveness-demo"))
        let all = t.ev("liveness-exec").filter { $0.fieldPath == "spec.containers{liveness-demo}" }
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
        #expect(first >= 60 && first < 60 + 5 + 1, "first failure \(first) s after start")
        let gaps = [failures[1].last - failures[0].last, failures[2].last - failures[1].last]
        #expect(gaps.allSatisfy { abs($0 - 5) < 0.5 }, "failures one period apart: \(gaps)")
        #expect(killing.last - failures[2].last < 0.5, "the kill follows the third failure")
        #expect(restartedAt - killing.last < 2, "restarted \(restartedAt - killing.last) s after the kill")
        #expect(t.restarts("liveness-exec", "liveness-demo") == 1)
        #expect(!all.dropFirst(killIndex + 1).contains { $0.reason == "Unhealthy" }, "the new instance is healthy")
    }

    @Test func livenessHttpExample() async throws {
        let t = Scratch()
        let kl = E2E.start(["apply", Self.example("liveness-http.json")], in: t)
        let started = try #require(await t.firstStart("liveness-http", "liveness"))
        #expect(await waitUntil(25) { t.restarts("liveness-http", "liveness") >= 1 }, "\(kl.stdout)")
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
        let failures = t.ev("liveness-http", "Unhealthy")
        #expect(failures.prefix(3).map(\.count) == [1, 2, 3])
        #expect(failures.allSatisfy { $0.message == "Liveness probe failed: HTTP probe failed with statuscode: 500" })
        // 200 for 10 s, probes every 3 s from 3 s: failures at 12, 15, 18 s, the kill at the third.
        if let first = failures.first { #expect(first.last - started >= 10 && first.last - started < 10 + 3 + 1) }
        #expect(t.ev("liveness-http", "Killing").first?.message == "Container liveness failed liveness probe, will be restarted")
        #expect(kl.stdout.contains("[liveness] GET /healthz 200 Custom-Header: Awesome"))
        #expect(kl.stdout.contains("[liveness] GET /healthz 500 Custom-Header: Awesome"))
    }

    @Test func readinessTcpExample() async throws {
        let t = Scratch()
        let kl = E2E.start(["apply", Self.example("readiness-tcp.json")], in: t)
        let started = try #require(await t.firstStart("readiness-tcp", "server"))
        #expect(await waitUntil(8) { t.podJSON("readiness-tcp")?.condition("Ready")?["status"] == .string("True") }, "\(kl.stdout)")
        let readyAt = try #require(epoch(t.podJSON("readiness-tcp")?.condition("Ready")?["lastTransitionTime"]?.stringValue))
        #expect(readyAt - started >= 3 && readyAt - started < 3 + 1 + 1)
        let failures = t.ev("readiness-tcp", "Unhealthy")
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.message == "Readiness probe failed: dial tcp 127.0.0.1:18082: connect: connection refused" })
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
        #expect(t.podJSON("readiness-tcp")?.phase == "Succeeded")
        #expect(t.restarts("readiness-tcp", "server") == 0)
    }

    @Test func startupProbeExample() async throws {
        let t = Scratch()
        let kl = E2E.start(["apply", Self.example("startup-probe.json")], in: t)
        let started = try #require(await t.firstStart("startup-probe", "slow-starter"))
        #expect(await waitUntil(10) { t.status("startup-probe", "slow-starter")?["started"]?.isTrue == true }, "\(kl.stdout)")
        #expect(await waitUntil(2) { t.status("startup-probe", "slow-starter")?["ready"]?.isTrue == true })
        let readyAt = try #require(epoch(t.podJSON("startup-probe")?.condition("Ready")?["lastTransitionTime"]?.stringValue))
        #expect(readyAt - started >= 5 && readyAt - started < 5 + 1 + 1, "ready \(readyAt - started) s after start")
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
        let failures = t.ev("startup-probe", "Unhealthy")
        #expect(failures.count >= 4)
        #expect(failures.allSatisfy {
            $0.message == #"Startup probe failed: Get "http://127.0.0.1:18083/healthz": dial tcp 127.0.0.1:18083: connect: connection refused"#
        }, "\(failures)")
        #expect(t.ev("startup-probe", "Killing").map(\.message) == ["Stopping container slow-starter"])
        #expect(t.restarts("startup-probe", "slow-starter") == 0)
        #expect(t.podJSON("startup-probe")?.phase == "Succeeded")
    }

    @Test func lifecycleHooksExample() async throws {
        let t = Scratch()
        let kl = E2E.start(["apply", Self.example("lifecycle-hooks.json")], in: t)
        #expect(await waitUntil(8) { t.startedAt("lifecycle-hooks", "web") != nil }, "\(kl.stdout)")
        #expect(kl.stdout.contains("[web] got GET /post-start from Python-urllib/"))
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
        let out = kl.stdout
        let order = ["Stopping container web", "[web] got GET /pre-stop from kube-lifecycle/1.35", "[web] SIGTERM: shutting down"]
            .map { out.range(of: $0)?.lowerBound }
        #expect(!order.contains(nil), "\(out)")
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "\(out)")
        #expect(t.podJSON("lifecycle-hooks")?.phase == "Succeeded")
        #expect(t.status("lifecycle-hooks", "web")?["state"]?["terminated"]?["exitCode"] == .number("0"))
    }
}
