// kubelet-lite — ProbeScenarioTests.swift (end-to-end)
// Scenarios 1–5, 7–9, 11, 13–16 and 19 of scenarios.md (section A, probes) through the binary.
// Scaled: initialDelaySeconds 15 → 2–4 s, periodSeconds 10 → 1–3 s, srv's 10 healthy seconds →
// 1–5 s, minute-long observations → a few probe runs. Times come from timestamps the product, srv
// or the pod wrote. A container that is an `srv` whose first probe must find it listening has the
// `Fixture.awaitListening` postStart gate: probes never run while postStart runs (§8.1).
// Windows: lower bounds exact, upper bounds with `E2E.slack` (see ScenarioSupport.swift).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ProbeScenarioTests {
    static func pod(_ name: String, _ containers: String, spec: String = "") -> String {
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "NAME"}, "spec": {SPEC"containers": [CONTAINERS]}}"#
            .replacingOccurrences(of: "NAME", with: name)
            .replacingOccurrences(of: "SPEC", with: spec.isEmpty ? "" : spec + ", ")
            .replacingOccurrences(of: "CONTAINERS", with: containers)
    }

    /// When the container's first `srv` listened (and its healthy seconds began): srv's own stamp.
    static func listening(_ t: Scratch) -> Double? { stamps(t.read("listening")).first }

    /// When the postStart gate of the first instance returned: probes run from then on.
    static func gate(_ t: Scratch) -> Double? { stamps(t.read("gate")).first }

    // MARK: 1. Readiness with initial delay — not ready early, never restarted

    @Test(.needs(.python3)) func s01_readinessWaitsForItsInitialDelayAndNeverRestarts() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let file = t.manifest(Self.pod("s1", #"""
            {"name": "test-webserver", "image": "busybox", "command": ["python3", "{T}/srv.py", "web", "{P1}"],
             "ports": [{"containerPort": {P1}}], GATE,
             "readinessProbe": {"httpGet": {"path": "/", "port": {P1}}, "initialDelaySeconds": 3, "periodSeconds": 2}}
            """#.replacingOccurrences(of: "GATE", with: Fixture.awaitListening())), ["P1": Fixture.freePort()])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s1 Ready", context: kl.stdout) { t.isReady("s1") }
        let pod = try #require(t.podJSON("s1"))
        let (status, _) = await kl.terminate()
        let s = try #require(pod.containerStatus("test-webserver"))
        let started = try #require(epoch(s["state"]?["running"]?["startedAt"]?.stringValue))
        let readyAt = try #require(epoch(pod.condition("Ready")?["lastTransitionTime"]?.stringValue))
        let gate = try #require(Self.gate(t))
        // Never before the initial delay; then at the first tick once the gate let probes run.
        #expect(readyAt - started >= 3.0, "Ready \(readyAt - started) s after start")
        #expect(readyAt < max(started + 3, gate) + 2 + E2E.slack, "Ready \(readyAt - started) s after start")
        #expect(s["restartCount"] == .number("0"), "\(kl.stderr)")
        #expect(s["ready"]?.isTrue == true && s["started"]?.isTrue == true)
        #expect(pod.phase == "Running")
        #expect(!t.evBeforeStop("s1").contains { $0.reason == "Unhealthy" }, "\(t.ev("s1"))")
        #expect(status == 0)
    }

    // MARK: 2. Readiness always failing — never ready, never restarted

    /// Period 5 s (not 1) so that "the first run comes at once, not a period later" has room for load.
    @Test(.needs(.python3)) func s02_failingReadinessIsNeverReadyAndNeverRestarts() async throws {
        let t = await Scratch.admitted(seconds: 11)
        Fixture.install(t)
        let p2 = Fixture.freePort()
        let file = t.manifest(Self.pod("s2", #"""
            {"name": "test-webserver", "image": "busybox", "command": ["python3", "{T}/srv.py", "web", "{P1}"],
             "ports": [{"containerPort": {P1}}],
             "readinessProbe": {"httpGet": {"path": "/", "port": {P2}}, "periodSeconds": 5}}
            """#), ["P1": Fixture.freePort(), "P2": p2])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("s2", "test-webserver"))
        var everReady = false
        await waitUntil("three readiness failures of s2") {
            if t.isReady("s2") { everReady = true }
            return t.ev("s2", "Unhealthy").count >= 3
        }
        let pod = try #require(t.podJSON("s2"))
        let (status, _) = await kl.terminate()
        #expect(!everReady)
        let readyCondition = pod.condition("Ready")
        #expect(readyCondition?["status"] == .string("False"))
        #expect(readyCondition?["reason"] == .string("ContainersNotReady"))
        #expect(readyCondition?["message"] == .string("containers with unready status: [test-webserver]"))
        #expect(pod.phase == "Running")
        #expect(pod.containerStatus("test-webserver")?["restartCount"] == .number("0"), "\(kl.stderr)")
        let failures = t.evBeforeStop("s2").filter { $0.reason == "Unhealthy" }
        let expected = #"Readiness probe failed: Get "http://127.0.0.1:\#(p2)/": dial tcp 127.0.0.1:\#(p2): connect: connection refused"#
        #expect(!failures.isEmpty && failures.allSatisfy { $0.message == expected }, "\(failures)")
        #expect(Set(failures.map(\.name)).count == 1, "one event object, its count growing")
        #expect(failures.map(\.count) == Array(1...max(failures.count, 1)))
        // Readiness runs at once (no initial delay), then one failure per period.
        let first = try #require(failures.first)
        #expect(first.last - started >= 0 && first.last - started < 5, "first failure \(first.last - started) s after start")
        #expect(onePerPeriod(failures.map(\.last), period: 5), "\(failures.map { $0.last - started })")
        #expect(status == 0)
    }

    // MARK: 3. Exec liveness `cat health` — restarted once the file disappears

    @Test func s03_execLivenessRestartsOnceTheFileIsGone() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("s3", #"""
            {"name": "busybox", "image": "busybox",
             "command": ["/bin/sh", "-c", "echo ok >{T}/health; sleep 2; date +%s%3N >>{T}/removed; rm -f {T}/health; sleep 600"],
             "livenessProbe": {"exec": {"command": ["cat", "{T}/health"]}, "initialDelaySeconds": 3, "periodSeconds": 2,
                               "timeoutSeconds": 5, "failureThreshold": 1}, GATE}
            """#.replacingOccurrences(of: "GATE", with: Fixture.awaitFile("{T}/health"))))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("s3", "busybox"))
        var seen: [Int] = []
        var restartedAt: Double?
        await waitUntil("s3 restarted and running again", context: kl.stdout) {
            let n = t.restarts("s3", "busybox")
            if seen.last != n { seen.append(n) }
            restartedAt = n > 0 ? t.startedAt("s3", "busybox") : nil
            return restartedAt != nil
        }
        let lastState = t.status("s3", "busybox")?["lastState"]?["terminated"]
        let (status, _) = await kl.terminate()
        #expect(seen == seen.sorted(), "restart count monotonic: \(seen)")
        // The first instance's removal: the restarted one appends its own two seconds after its start.
        let removed = try #require(stamps(t.read("removed")).first)
        let all = t.ev("s3")
        let i = try #require(all.firstIndex { $0.reason == "Unhealthy" })
        let unhealthy = all[i]
        #expect(unhealthy.message.hasPrefix("Liveness probe failed: cat: "), "\(unhealthy)")
        #expect(unhealthy.message.contains("health: No such file or directory"), "\(unhealthy)")
        // Not before the initial delay nor before the file went; then at the next tick.
        #expect(unhealthy.last - started >= 3 && unhealthy.last >= removed, "\(unhealthy.last - started)")
        #expect(unhealthy.last < max(started + 3, removed) + 2 + E2E.slack, "\(unhealthy.last - started)")
        let killing = try #require(all.dropFirst(i + 1).first)
        #expect(killing.reason == "Killing")
        #expect(killing.message == "Container busybox failed liveness probe, will be restarted")
        // The first restart is immediate, not after the default 10 s back-off.
        #expect((restartedAt ?? .infinity) - killing.last < 9, "restarted \((restartedAt ?? .infinity) - killing.last) s after the kill")
        #expect(lastState?["reason"] == .string("Error"))
        #expect(lastState?["exitCode"] == .number("143"))
        #expect(status == 0)
    }

    // MARK: 4. Exec liveness healthy — never restarted

    @Test func s04_healthyExecLivenessNeverRestarts() async throws {
        let t = await Scratch.admitted(seconds: 5)
        // The probe is `cat health`, run through sh to count its runs.
        let file = t.manifest(Self.pod("s4", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "echo ok >{T}/health; sleep 600"],
             "livenessProbe": {"exec": {"command": ["sh", "-c", "echo run >>{T}/runs; cat {T}/health"]}, "initialDelaySeconds": 1,
                               "periodSeconds": 1, "timeoutSeconds": 5, "failureThreshold": 1}, GATE}
            """#.replacingOccurrences(of: "GATE", with: Fixture.awaitFile("{T}/health"))))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        #expect(await t.firstStart("s4", "busybox") != nil)
        await waitUntil("five runs of s4's liveness probe") { lines(t.read("runs")).count >= 5 }
        let phase = t.podJSON("s4")?.phase
        let (status, _) = await kl.terminate()
        #expect(t.restarts("s4", "busybox") == 0)
        #expect(t.evBeforeStop("s4").filter { ["Unhealthy", "Killing"].contains($0.reason) }.isEmpty, "\(t.ev("s4"))")
        #expect(t.ev("s4", "Killing").map(\.message) == ["Stopping container busybox"])
        #expect(phase == "Running")
        #expect(status == 0)
    }

    // MARK: 5. HTTP liveness turning to 500 — restarted

    static func livenessPod(_ name: String, path: String, delay: Int, period: Int, healthy: Int) -> String {
        pod(name, #"""
            {"name": "liveness", "image": "busybox", "command": ["python3", "{T}/srv.py", "liveness", "{P1}"],
             "env": [{"name": "LIVENESS_SECS", "value": "HEALTHY"}], GATE,
             "livenessProbe": {"httpGet": {"path": "PATH", "port": {P1}}, "initialDelaySeconds": DELAY,
                               "periodSeconds": PERIOD, "failureThreshold": 1}}
            """#.replacingOccurrences(of: "PATH", with: path).replacingOccurrences(of: "DELAY", with: "\(delay)")
            .replacingOccurrences(of: "PERIOD", with: "\(period)").replacingOccurrences(of: "HEALTHY", with: "\(healthy)")
            .replacingOccurrences(of: "GATE", with: Fixture.awaitListening()))
    }

    @Test(.needs(.python3)) func s05_httpLivenessTurning500Restarts() async throws {
        let t = await Scratch.admitted(seconds: 10)
        Fixture.install(t)
        let p1 = Fixture.freePort()
        let file = t.manifest(Self.livenessPod("s5", path: "/healthz", delay: 4, period: 2, healthy: 5), ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("s5", "liveness"))
        // Running again means the new instance's srv listens (the postStart gate returned).
        await waitUntil("s5 restarted and running again", context: kl.stdout) {
            t.restarts("s5", "liveness") >= 1 && t.startedAt("s5", "liveness") != nil
        }
        // The new instance serves 200 again (for its first 5 s).
        let code = await httpStatus(port: p1, path: "/healthz")
        let (status, _) = await kl.terminate()
        #expect(code == 200)
        let listening = try #require(Self.listening(t))
        let unhealthy = try #require(t.ev("s5", "Unhealthy").first)
        #expect(unhealthy.message == "Liveness probe failed: HTTP probe failed with statuscode: 500")
        // Not before the initial delay nor within srv's 5 healthy seconds; then at the next tick.
        #expect(unhealthy.last - started >= 4 && unhealthy.last - listening >= 5, "\(unhealthy.last - started)")
        let gate = try #require(Self.gate(t))
        #expect(unhealthy.last < max(started + 4, listening + 5, gate) + 2 + E2E.slack, "\(unhealthy.last - started)")
        let killing = try #require(t.ev("s5", "Killing").first)
        #expect(killing.message == "Container liveness failed liveness probe, will be restarted")
        #expect(abs(killing.last - unhealthy.last) < 0.5, "killed at the failure")
        let probes = lines(t.read("requests")).filter { $0.contains(" GET /healthz ") && $0.contains("kube-probe") }
        #expect(!probes.isEmpty)
        #expect(probes.allSatisfy { $0.hasSuffix(" UA=kube-probe/1.35 ACCEPT=*/*") }, "\(probes)")
        #expect(status == 0)
    }

    // MARK: 7. Monotonically increasing restart count

    @Test(.needs(.python3)) func s07_restartCountOnlyGrowsAndBackOffOvertakesTheLifetime() async throws {
        let t = await Scratch.admitted(seconds: 21)
        Fixture.install(t)
        let file = t.manifest(Self.livenessPod("s7", path: "/healthz", delay: 1, period: 1, healthy: 1),
                              ["P1": Fixture.freePort()])
        let kl = E2E.start(["apply", "-o", "json", "--backoff-initial", "1", "--backoff-max", "4", file], in: t)
        // Each restart count stays for an instance's life plus its back-off: seconds, seen by a 10 ms poll.
        var seen: [Int] = []
        var backOff: Set<String> = []
        await waitUntil("s7 restarted five times", deadline: 90, context: kl.stdout) {
            guard let s = t.status("s7", "liveness") else { return false }
            let n = Int(s["restartCount"]?.int64Value ?? 0)
            if seen.last != n { seen.append(n) }
            if let w = s["state"]?["waiting"], w["reason"] == .string("CrashLoopBackOff"), let m = w["message"]?.stringValue {
                backOff.insert(m)
            }
            return n >= 5
        }
        let (status, _) = await kl.terminate()
        #expect(seen == [0, 1, 2, 3, 4, 5], "restart counts seen: \(seen)")
        let uid = t.podJSON("s7")?["metadata"]?["uid"]?.stringValue ?? "?"
        #expect(!backOff.isEmpty)
        #expect(backOff.allSatisfy {
            $0.hasPrefix("back-off ") && $0.hasSuffix("s restarting failed container=liveness pod=s7_default(\(uid))")
        }, "\(backOff)")
        #expect(!t.ev("s7", "BackOff").isEmpty)
        #expect(t.ev("s7", "Killing").count >= 5)
        #expect(status == 0)
    }

    /// §11.2: a kill-and-restart decided while the container runs (liveness) is gated by the *previous
    /// exited* instance's finish, so early liveness restarts are immediate while the back-off is shorter
    /// than the container's life. Here the life is over 10 s (srv's healthy seconds, counted once it
    /// listens) and the back-off 8 s: the 2nd restart is immediate, where a gate on the kill itself
    /// would hold it 8 s.
    @Test(.needs(.python3))
    func s07b_earlyLivenessRestartsAreImmediateWhileTheBackOffIsShorterThanTheLife() async throws {
        let t = await Scratch.admitted(seconds: 24)
        Fixture.install(t)
        let file = t.manifest(Self.livenessPod("s7b", path: "/healthz", delay: 1, period: 1, healthy: 10),
                              ["P1": Fixture.freePort()])
        let kl = E2E.start(["apply", "-o", "json", "--backoff-initial", "8", "--backoff-max", "60", file], in: t)
        await waitUntil("three starts of s7b", deadline: 90, context: kl.stdout) { t.ev("s7b", "Started").count >= 3 }
        let (status, _) = await kl.terminate()
        #expect(status == 0)
        let kills = t.ev("s7b", "Killing").map(\.last)
        let starts = t.ev("s7b", "Started").map(\.last)
        #expect(kills.count >= 2 && starts.count >= 3)
        if kills.count >= 2 && starts.count >= 3 {
            #expect(starts[1] - kills[0] < 4, "1st restart \(starts[1] - kills[0]) s after the kill, not 8")
            #expect(starts[2] - kills[1] < 4, "2nd restart \(starts[2] - kills[1]) s after the kill, not 8")
            #expect(kills[1] - kills[0] > 8, "the life outlasts the back-off")
        }
    }

    // MARK: 8. HTTP liveness on a healthy server — not restarted

    @Test(.needs(.python3)) func s08_healthyHttpLivenessNeverRestarts() async throws {
        let t = await Scratch.admitted(seconds: 5)
        Fixture.install(t)
        let file = t.manifest(Self.pod("s8", #"""
            {"name": "test-webserver", "image": "busybox", "command": ["python3", "{T}/srv.py", "web", "{P1}"], GATE,
             "livenessProbe": {"httpGet": {"path": "/", "port": {P1}}, "initialDelaySeconds": 1, "periodSeconds": 1,
                               "timeoutSeconds": 5, "failureThreshold": 5}}
            """#.replacingOccurrences(of: "GATE", with: Fixture.awaitListening())), ["P1": Fixture.freePort()])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        #expect(await t.firstStart("s8", "test-webserver") != nil)
        let probes = { lines(t.read("requests")).filter { $0.contains(" GET / UA=kube-probe/1.35 ACCEPT=*/*") } }
        await waitUntil("five liveness probes of s8") { probes().count >= 5 }
        let (status, _) = await kl.terminate()
        #expect(t.restarts("s8", "test-webserver") == 0, "\(kl.stderr)")
        #expect(t.evBeforeStop("s8").filter { $0.reason == "Unhealthy" || $0.message.contains("failed liveness") }.isEmpty, "\(t.ev("s8"))")
        #expect(!t.ev("s8").contains { $0.message.contains("failed liveness") }, "\(t.ev("s8"))")
        #expect(probes().count >= 5, "the probe ran: \(probes())")
        #expect(status == 0)
    }

    // MARK: 9. Exec probe timeout

    @Test func s09a_execLivenessTimeoutRestartsAndLeavesNothing() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("s9a", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "sleep 600"],
             "livenessProbe": {"exec": {"command": ["/bin/sh", "-c", "sleep 10"]}, "initialDelaySeconds": 2, "periodSeconds": 2,
                               "timeoutSeconds": 1, "failureThreshold": 1}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("s9a", "busybox"))
        let pgrp = t.pid(t.podDir("s9a") + "/sandbox.pid") ?? -1
        // A probe runs a second before it times out: the poll sees its processes. Should it miss
        // the first run, the restarted instance's probe times out the same way.
        var probePids: Set<pid_t> = []
        await waitUntil("s9a's probe seen running, then timed out") {
            probePids.formUnion(processes(inGroup: pgrp, matching: "sleep 10"))
            return !probePids.isEmpty && !t.ev("s9a", "Unhealthy").isEmpty
        }
        let failedAt = t.ev("s9a", "Unhealthy").first?.last ?? 0
        // Killed at the timeout: gone long before `sleep 10` would have ended by itself.
        var goneSeen = Double.infinity
        await waitUntil("the timed-out probe's processes gone: \(probePids.sorted())") {
            goneSeen = wallNow()
            return !probePids.contains(where: E2E.isAlive)
        }
        await waitUntil("s9a restarted") { t.restarts("s9a", "busybox") >= 1 }
        let (status, _) = await kl.terminate()
        #expect(goneSeen - failedAt < 10 - 1 - 1, "the probe's processes were gone \(goneSeen - failedAt) s after its timeout")
        let unhealthy = try #require(t.ev("s9a", "Unhealthy").first)
        #expect(unhealthy.message == #"Liveness probe failed: command "/bin/sh -c sleep 10" timed out"#)
        // The tick is at startedAt + 2; the timeout 1 s later.
        #expect(unhealthy.last - started >= 2 + 1 && unhealthy.last - started < 2 + 1 + 2 + E2E.slack, "\(unhealthy.last - started)")
        #expect(t.ev("s9a", "Killing").first?.message == "Container busybox failed liveness probe, will be restarted")
        #expect(status == 0)
    }

    @Test func s09b_execReadinessTimeoutIsNeverReady() async throws {
        let t = await Scratch.admitted(seconds: 6)
        let file = t.manifest(Self.pod("s9b", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "sleep 600"],
             "readinessProbe": {"exec": {"command": ["/bin/sh", "-c", "sleep 10"]}, "initialDelaySeconds": 1, "periodSeconds": 2,
                                "timeoutSeconds": 1, "failureThreshold": 1}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        #expect(await t.firstStart("s9b", "busybox") != nil)
        var everReady = false
        await waitUntil("three readiness timeouts of s9b") {
            if t.isReady("s9b") { everReady = true }
            return t.ev("s9b", "Unhealthy").count >= 3
        }
        let (status, _) = await kl.terminate()
        #expect(!everReady)
        let failures = t.evBeforeStop("s9b").filter { $0.reason == "Unhealthy" }
        #expect(failures.count >= 3)
        #expect(failures.allSatisfy { $0.message == #"Readiness probe failed: command "/bin/sh -c sleep 10" timed out"# }, "\(failures)")
        #expect(t.restarts("s9b", "busybox") == 0)
        #expect(t.ev("s9b", "Killing").map(\.message) == ["Stopping container busybox"])
        #expect(status == 0)
    }

    // MARK: 11. HTTP liveness through a local redirect

    @Test(.needs(.python3)) func s11_httpLivenessFollowsALocalRedirect() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let p1 = Fixture.freePort()
        let file = t.manifest(Self.livenessPod("s11", path: "/redirect?loc=%2Fhealthz", delay: 3, period: 2, healthy: 2), ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("s11", "liveness"))
        await waitUntil("s11 restarted", context: kl.stdout) { t.restarts("s11", "liveness") >= 1 }
        let (status, _) = await kl.terminate()
        let listening = try #require(Self.listening(t))
        let unhealthy = try #require(t.ev("s11", "Unhealthy").first)
        #expect(unhealthy.message == "Liveness probe failed: HTTP probe failed with statuscode: 500")
        #expect(unhealthy.last - started >= 3 && unhealthy.last - listening >= 2, "\(unhealthy.last - started)")
        let gate = try #require(Self.gate(t))
        #expect(unhealthy.last < max(started + 3, listening + 2, gate) + 2 + E2E.slack, "\(unhealthy.last - started)")
        #expect(t.ev("s11", "Killing").first?.message == "Container liveness failed liveness probe, will be restarted")
        #expect(t.ev("s11", "ProbeWarning").isEmpty, "a local redirect is followed, not a warning")
        let requests = lines(t.read("requests")).map { $0.split(separator: " ").dropFirst().prefix(2).joined(separator: " ") }
        let i = requests.firstIndex(of: "GET /redirect?loc=%2Fhealthz")
        #expect(i != nil, "\(requests)")
        if let i { #expect(requests.dropFirst(i + 1).first == "GET /healthz", "\(requests)") }
        #expect(status == 0)
    }

    // MARK: 13. Failing startup probe restarts even though liveness would pass

    @Test func s13_failingStartupProbeRestartsAndLivenessNeverRuns() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("s13", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "sleep 600"],
             "livenessProbe": {"exec": {"command": ["/bin/true"]}, "initialDelaySeconds": 2, "periodSeconds": 1, "failureThreshold": 1},
             "startupProbe": {"exec": {"command": ["/bin/false"]}, "initialDelaySeconds": 2, "periodSeconds": 1, "failureThreshold": 3}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("s13", "busybox"))
        var everStarted = false
        await waitUntil("s13 restarted", context: kl.stdout) {
            let s = t.status("s13", "busybox")
            if s?["restartCount"] == .number("0"), s?["started"]?.isTrue == true { everStarted = true }
            return t.restarts("s13", "busybox") >= 1
        }
        let (status, _) = await kl.terminate()
        #expect(!everStarted, "started stays false")
        let all = t.ev("s13")
        let failures = Array(all.filter { $0.reason == "Unhealthy" }.prefix(3))
        #expect(failures.count == 3)
        #expect(failures.allSatisfy { $0.message == "Startup probe failed: " }, "\(failures)")
        #expect(failures.map(\.count) == [1, 2, 3] && Set(failures.map(\.name)).count == 1)
        let killing = try #require(all.first { $0.reason == "Killing" })
        #expect(killing.message == "Container busybox failed startup probe, will be restarted")
        if failures.count == 3 {
            #expect(failures[0].last - started >= 2 && failures[0].last - started < 2 + 1 + E2E.slack)
            // Three runs of the worker (one period apart on an idle machine: make bench's probe lateness).
            #expect(failures[0].last < failures[1].last && failures[1].last < failures[2].last)
            // The kill is decided by the third failure, at the same instant.
            #expect(abs(killing.last - failures[2].last) < 0.5)
        }
        #expect(killing.last - started >= 4 && killing.last - started < 4 + 1 + E2E.slack, "killed \(killing.last - started) s after start")
        #expect(!all.contains { $0.message.hasPrefix("Liveness probe") }, "no liveness probe ever ran")
        #expect(status == 0)
    }

    // MARK: 14. Startup probe holds off a failing liveness probe

    @Test func s14_startupProbeHoldsOffAFailingLivenessProbe() async throws {
        let t = await Scratch.admitted(seconds: 7)
        let file = t.manifest(Self.pod("s14", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "sleep 600"],
             "livenessProbe": {"exec": {"command": ["/bin/false"]}, "initialDelaySeconds": 2, "periodSeconds": 1, "failureThreshold": 1},
             "startupProbe": {"exec": {"command": ["/bin/false"]}, "initialDelaySeconds": 2, "periodSeconds": 1, "failureThreshold": 60}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        #expect(await t.firstStart("s14", "busybox") != nil)
        var everStartedOrReady = false
        await waitUntil("six startup failures of s14") {
            let s = t.status("s14", "busybox")
            if s?["started"]?.isTrue == true || s?["ready"]?.isTrue == true { everStartedOrReady = true }
            return t.ev("s14", "Unhealthy").count >= 6
        }
        let (status, _) = await kl.terminate()
        #expect(!everStartedOrReady)
        #expect(t.restarts("s14", "busybox") == 0)
        let unhealthy = t.evBeforeStop("s14").filter { $0.reason == "Unhealthy" }
        #expect(unhealthy.count >= 6)
        #expect(unhealthy.allSatisfy { $0.message == "Startup probe failed: " }, "\(unhealthy)")
        #expect(t.ev("s14", "Killing").map(\.message) == ["Stopping container busybox"])
        #expect(status == 0)
    }

    // MARK: 15. Liveness takes over once startup succeeds

    @Test func s15_livenessTakesOverOnceStartupSucceeds() async throws {
        let t = await Scratch.admitted(seconds: 9)
        let file = t.manifest(Self.pod("s15", #"""
            {"name": "busybox", "image": "busybox",
             "command": ["/bin/sh", "-c", "sleep 2; date +%s%3N >{T}/t; mv {T}/t {T}/startup; [ -e {T}/created ] || cp {T}/startup {T}/created; sleep 600"],
             "livenessProbe": {"exec": {"command": ["/bin/false"]}, "initialDelaySeconds": 3, "periodSeconds": 6, "failureThreshold": 1},
             "startupProbe": {"exec": {"command": ["cat", "{T}/startup"]}, "initialDelaySeconds": 3, "periodSeconds": 2,
                              "failureThreshold": 60}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("s15", "busybox"))
        var sawStarted = false
        await waitUntil("s15 restarted", context: kl.stdout) {
            let s = t.status("s15", "busybox")
            if s?["restartCount"] == .number("0"), s?["started"]?.isTrue == true { sawStarted = true }
            return t.restarts("s15", "busybox") >= 1
        }
        let (status, _) = await kl.terminate()
        #expect(sawStarted, "started: true once the startup probe succeeded")
        // The first instance's file (the restarted one writes its own).
        let created = try #require(stamps(t.read("created")).first)
        let all = t.ev("s15")
        let killingIndex = try #require(all.firstIndex { $0.reason == "Killing" })
        let before = all[..<killingIndex]
        // The file comes at 2 s, the first startup probe at 3 s: it succeeds at its first run (a
        // failure is only possible if load held the shell back past that run).
        #expect(!before.contains { $0.message.hasPrefix("Startup probe failed") && $0.last >= created },
                "startup fails no more once the file exists")
        #expect(before.last?.message == "Liveness probe failed: ")
        #expect(all[killingIndex].message == "Container busybox failed liveness probe, will be restarted")
        // Startup succeeds at the first tick from 3 s with the file; liveness fails at its next tick,
        // on a grid of 6 s from 3 s: `started: true` lasts seconds, long enough to be seen under load.
        let k = all[killingIndex].last
        #expect(k - started >= 3 && k < max(started + 3, created) + 2 + 6 + E2E.slack, "killed \(k - started) s after start")
        #expect(status == 0)
    }

    // MARK: 16. Ready immediately after startup succeeds

    @Test func s16_readyAtOnceWhenStartupSucceedsDespiteA30sReadinessPeriod() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("s16", #"""
            {"name": "busybox", "image": "busybox",
             "command": ["/bin/sh", "-c", "echo ok >{T}/health; sleep 4; date +%s%3N >{T}/t; mv {T}/t {T}/startup; sleep 600"],
             "readinessProbe": {"exec": {"command": ["cat", "{T}/health"]}, "initialDelaySeconds": 0, "periodSeconds": 30},
             "startupProbe": {"exec": {"command": ["cat", "{T}/startup"]}, "initialDelaySeconds": 0, "periodSeconds": 1,
                              "failureThreshold": 120}, GATE}
            """#.replacingOccurrences(of: "GATE", with: Fixture.awaitFile("{T}/health"))))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("s16", "busybox"))
        await waitUntil("s16 Ready", context: kl.stdout) { t.isReady("s16") }
        let s = t.status("s16", "busybox")
        let readyAt = try #require(epoch(t.podJSON("s16")?.condition("Ready")?["lastTransitionTime"]?.stringValue))
        let (status, _) = await kl.terminate()
        #expect(s?["started"]?.isTrue == true && s?["ready"]?.isTrue == true)
        let created = try #require(stamps(t.read("startup")).first)
        // The startup probe succeeds at its first tick once the file exists (1 s period); Ready follows
        // at once, not after another 30 s readiness period.
        #expect(readyAt - started >= 4 && readyAt >= created, "Ready \(readyAt - started) s after start")
        #expect(readyAt - created < 1 + E2E.slack, "Ready \(readyAt - created) s after the file")
        let lastStartupFailure = try #require(t.ev("s16", "Unhealthy", "Startup probe failed").last)
        #expect(readyAt - lastStartupFailure.last < 1 + E2E.slack, "ready one period after the last startup failure")
        #expect(!t.evBeforeStop("s16").contains { $0.reason == "Unhealthy" && $0.message.hasPrefix("Readiness") }, "\(t.ev("s16"))")
        #expect(status == 0)
    }

    // MARK: 19. Readiness turns false during graceful termination

    /// Scaled: the loop sleeps 4 s, the trap 30 s, the grace is 10 s. The delete comes while the shell
    /// waits for a `sleep 4` (the test sees that sleep among the shell's children, after a tick); if
    /// SIGTERM reached that sleep too, the trap would run at the delete instead of when it ends.
    @Test func s19_readinessGoesFalseWhileTheContainerTerminates() async throws {
        let t = await Scratch.admitted(seconds: 18)
        let file = t.manifest(Self.pod("s19", #"""
            {"name": "c", "image": "busybox",
             "command": ["/bin/sh", "-c", "echo $$$$ >{T}/shell; trap 'date +%s%3N >{T}/trapped; rm -f {T}/ready; sleep 30; exit 0' TERM; touch {T}/ready; while true; do date +%s%3N >>{T}/ticks; echo hello; sleep 4; done"],
             "readinessProbe": {"exec": {"command": ["cat", "{T}/ready"]}, "initialDelaySeconds": 1, "periodSeconds": 1,
                                "failureThreshold": 1}}
            """#, spec: #""terminationGracePeriodSeconds": 10"#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s19 Ready", context: kl.stdout) { t.isReady("s19") }
        let shell = try #require(t.pid("shell"))
        let ticks = lines(t.read("ticks")).count
        // After a tick, the shell's only `sleep 4` child is the one of this turn of the loop.
        await waitUntil("a new loop tick of s19, the shell in its sleep") {
            lines(t.read("ticks")).count > ticks && !processes(withParent: shell, matching: "sleep 4").isEmpty
        }
        let lastTick = try #require(stamps(t.read("ticks")).last)
        let deleteAt = wallNow()
        kl.signal(SIGTERM)
        var readyFalseAt: Double?
        await waitUntil("s19 gone") {
            if readyFalseAt == nil, let c = t.podJSON("s19")?.condition("Ready"), c["status"] == .string("False") {
                readyFalseAt = epoch(c["lastTransitionTime"]?.stringValue)
            }
            return kl.status != nil
        }
        #expect(kl.status == 0)
        let goneAt = try #require(kl.exitedAt)
        #expect(stamps(t.read("ticks")).last == lastTick, "the delete came during the sleep after the tick seen")
        let killing = try #require(t.ev("s19", "Killing").first)
        #expect(killing.message == "Stopping container c")
        #expect(killing.last >= deleteAt - 0.05 && killing.last - deleteAt < E2E.slack, "Killing \(killing.last - deleteAt) s after the delete")
        let trapped = try #require(stamps(t.read("trapped")).first)
        // SIGTERM reached the shell only: its trap ran when the current `sleep 4` ended.
        #expect(trapped - lastTick >= 4 - 0.05 && trapped - lastTick < 4 + E2E.slack, "trap \(trapped - lastTick) s after the tick")
        let falseAt = try #require(readyFalseAt, "Ready turned False before the pod ended")
        #expect(falseAt - trapped < 1 + E2E.slack, "Ready False \(falseAt - trapped) s after the file was removed")
        #expect(falseAt < goneAt)
        // The trap's sleep outlasts the 10 s grace: SIGKILL at 10 s.
        #expect(goneAt - deleteAt >= 10 - 0.2 && goneAt - deleteAt < 10 + E2E.slack, "gone \(goneAt - deleteAt) s after the delete")
    }

    // MARK: $(VAR) in exec probe commands (§12.4: the container's static env only)

    @Test
    func execProbeCommandsExpandOnlyTheStaticEnv() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("probe-env", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "env": [{"name": "STATIC", "value": "static-value"},
                     {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
             "readinessProbe": {"exec": {"command": ["sh", "-c", "echo '$(STATIC) $(POD_NAME) $$' >{T}/saw.tmp; mv {T}/saw.tmp {T}/saw"]}, "periodSeconds": 1}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("the probe of probe-env ran") { t.read("saw") != nil }
        let (status, _) = await kl.terminate()
        #expect(status == 0)
        #expect(t.read("saw") == "static-value $(POD_NAME) $\n", "a fieldRef variable is not expanded in a probe")
    }

    @Test
    func execProbeTimeoutMessageShowsTheExpandedCommand() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("probe-timeout-env", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"], "env": [{"name": "FOO", "value": "bar"}],
             "readinessProbe": {"exec": {"command": ["sh", "-c", "sleep 10 # $(FOO) $$"]}, "timeoutSeconds": 1}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("a readiness failure of probe-timeout-env") { !t.ev("probe-timeout-env", "Unhealthy").isEmpty }
        let (status, _) = await kl.terminate()
        #expect(status == 0)
        #expect(t.ev("probe-timeout-env", "Unhealthy").first?.message
                == #"Readiness probe failed: command "sh -c sleep 10 # bar $" timed out"#)
    }

    // MARK: TCP readiness (issue 3: tcpSocket probes)

    @Test(.needs(.python3)) func tcpReadinessFailsWithTheDialErrorThenSucceeds() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let p1 = Fixture.freePort()
        let file = t.manifest(Self.pod("tcp", #"""
            {"name": "late-listener", "image": "busybox",
             "command": ["/bin/sh", "-c", "sleep 2.5; exec python3 {T}/srv.py web {P1}"],
             "readinessProbe": {"tcpSocket": {"port": {P1}}, "periodSeconds": 1}}
            """#), ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let started = try #require(await t.firstStart("tcp", "late-listener"))
        await waitUntil("tcp Ready", context: kl.stdout) { t.isReady("tcp") }
        let readyAt = try #require(epoch(t.podJSON("tcp")?.condition("Ready")?["lastTransitionTime"]?.stringValue))
        let (status, _) = await kl.terminate()
        let failures = t.ev("tcp", "Unhealthy")
        #expect(failures.count >= 2)
        #expect(failures.allSatisfy {
            $0.message == "Readiness probe failed: dial tcp 127.0.0.1:\(p1): connect: connection refused"
        }, "\(failures)")
        // Never before the listener exists; then at the next tick.
        let listening = try #require(Self.listening(t))
        #expect(readyAt - started >= 2.5 && readyAt < listening + 1 + E2E.slack, "Ready \(readyAt - started) s after start")
        #expect(lines(t.read("requests")).isEmpty, "a TCP probe sends nothing")
        #expect(status == 0)
    }
}
