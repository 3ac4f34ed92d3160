// kubelet-lite — ProbeScenarioTests.swift (end-to-end)
// Scenarios 1–5, 7–9, 11, 13–16 and 19 of scenarios.md (section A, probes) through the binary.
// Scaled: initialDelaySeconds 15 → 2–4 s, periodSeconds 10 → 1–2 s, srv's 10 healthy seconds →
// 1–3 s, minute-long observations → a few periods; windows are the spec's (§12.2, §12.6) for the
// scaled values, with about 1 s of tolerance. Each test's live part runs on a thread of its own
// (`live`), and times come from timestamps the product or the pod wrote.

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

    // MARK: 1. Readiness with initial delay — not ready early, never restarted

    @Test func s01_readinessWaitsForItsInitialDelayAndNeverRestarts() async throws {
        let t = Scratch()
        Fixture.install(t)
        let file = t.manifest(Self.pod("s1", #"""
            {"name": "test-webserver", "image": "busybox", "command": ["python3", "{T}/srv.py", "web", "{P1}"],
             "ports": [{"containerPort": {P1}}],
             "readinessProbe": {"httpGet": {"path": "/", "port": {P1}}, "initialDelaySeconds": 3, "periodSeconds": 2}}
            """#), ["P1": Fixture.freePort()])
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l["ready"] = until(12) { t.isReady("s1") }
            l.list["pod"] = [t.read(t.podDir("s1") + "/pod.json") ?? ""]
            kl.terminate(&l)
        }
        #expect(l["ready"], "\(l.stdout)")
        let pod = try JSONParser.parse(l.list["pod"]?.first ?? "")
        let s = try #require(pod.containerStatus("test-webserver"))
        let started = try #require(epoch(s["state"]?["running"]?["startedAt"]?.stringValue))
        let readyAt = try #require(epoch(pod.condition("Ready")?["lastTransitionTime"]?.stringValue))
        #expect(readyAt - started >= 3.0 && readyAt - started < 3 + 2 + 1, "Ready \(readyAt - started) s after start")
        #expect(s["restartCount"] == .number("0"))
        #expect(s["ready"]?.isTrue == true && s["started"]?.isTrue == true)
        #expect(pod.phase == "Running")
        #expect(t.ev("s1", "Unhealthy").isEmpty)
        #expect(l.status == 0)
    }

    // MARK: 2. Readiness always failing — never ready, never restarted

    @Test func s02_failingReadinessIsNeverReadyAndNeverRestarts() async throws {
        let t = Scratch()
        Fixture.install(t)
        let p2 = Fixture.freePort()
        let file = t.manifest(Self.pod("s2", #"""
            {"name": "test-webserver", "image": "busybox", "command": ["python3", "{T}/srv.py", "web", "{P1}"],
             "ports": [{"containerPort": {P1}}],
             "readinessProbe": {"httpGet": {"path": "/", "port": {P2}}, "periodSeconds": 1}}
            """#), ["P1": Fixture.freePort(), "P2": p2])
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s2", "test-webserver")
            until(5) {
                if t.isReady("s2") { l["everReady"] = true }
                return false
            }
            l.list["pod"] = [t.read(t.podDir("s2") + "/pod.json") ?? ""]
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(!l["everReady"])
        let pod = try JSONParser.parse(l.list["pod"]?.first ?? "")
        let readyCondition = pod.condition("Ready")
        #expect(readyCondition?["status"] == .string("False"))
        #expect(readyCondition?["reason"] == .string("ContainersNotReady"))
        #expect(readyCondition?["message"] == .string("containers with unready status: [test-webserver]"))
        #expect(pod.phase == "Running")
        #expect(pod.containerStatus("test-webserver")?["restartCount"] == .number("0"))
        let failures = t.ev("s2", "Unhealthy")
        let expected = #"Readiness probe failed: Get "http://127.0.0.1:\#(p2)/": dial tcp 127.0.0.1:\#(p2): connect: connection refused"#
        #expect(!failures.isEmpty && failures.allSatisfy { $0.message == expected }, "\(failures)")
        #expect(Set(failures.map(\.name)).count == 1, "one event object, its count growing")
        #expect(failures.map(\.count) == Array(1...max(failures.count, 1)))
        // One per period (1 s): at 0 (readiness runs at once), 1, 2, 3 and 4 s.
        let firstFive = failures.filter { $0.last - started < 5 }
        #expect(firstFive.count >= 4 && firstFive.count <= 6, "\(firstFive.count) failures in the first 5 s")
        let gaps = zip(failures.dropFirst(), failures).map { $0.last - $1.last }
        #expect(gaps.allSatisfy { $0 > 0.7 && $0 < 1.6 }, "gaps \(gaps)")
        #expect(l.status == 0)
    }

    // MARK: 3. Exec liveness `cat health` — restarted once the file disappears

    @Test func s03_execLivenessRestartsOnceTheFileIsGone() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s3", #"""
            {"name": "busybox", "image": "busybox",
             "command": ["/bin/sh", "-c", "echo ok >{T}/health; sleep 2; rm -f {T}/health; sleep 600"],
             "livenessProbe": {"exec": {"command": ["cat", "{T}/health"]}, "initialDelaySeconds": 3, "periodSeconds": 2,
                               "timeoutSeconds": 5, "failureThreshold": 1}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s3", "busybox")
            var seen: [String] = []
            l["restarted"] = until(12) {
                let n = String(t.restarts("s3", "busybox"))
                if seen.last != n { seen.append(n) }
                l.at["restartedAt"] = n != "0" ? t.startedAt("s3", "busybox") : nil
                return l.at["restartedAt"] != nil
            }
            l.list["seen"] = seen
            l.list["lastState"] = [t.status("s3", "busybox")?["lastState"]?["terminated"]?.serialized() ?? ""]
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(l["restarted"], "\(l.stdout)")
        let seen = (l.list["seen"] ?? []).compactMap { Int($0) }
        #expect(seen == seen.sorted(), "restart count monotonic: \(seen)")
        let all = t.ev("s3")
        let i = try #require(all.firstIndex { $0.reason == "Unhealthy" })
        let unhealthy = all[i]
        #expect(unhealthy.message.hasPrefix("Liveness probe failed: cat: "), "\(unhealthy)")
        #expect(unhealthy.message.contains("health: No such file or directory"), "\(unhealthy)")
        #expect(unhealthy.last - started >= 3 && unhealthy.last - started < 3 + 2 + 1, "\(unhealthy.last - started)")
        let killing = try #require(all.dropFirst(i + 1).first)
        #expect(killing.reason == "Killing")
        #expect(killing.message == "Container busybox failed liveness probe, will be restarted")
        #expect((l.at["restartedAt"] ?? 0) - killing.last < 2, "first restart is immediate")
        let last = try JSONParser.parse(l.list["lastState"]?.first ?? "")
        #expect(last["reason"] == .string("Error"))
        #expect(last["exitCode"] == .number("143"))
        #expect(l.status == 0)
    }

    // MARK: 4. Exec liveness healthy — never restarted

    @Test func s04_healthyExecLivenessNeverRestarts() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s4", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "echo ok >{T}/health; sleep 600"],
             "livenessProbe": {"exec": {"command": ["cat", "{T}/health"]}, "initialDelaySeconds": 1, "periodSeconds": 1,
                               "timeoutSeconds": 5, "failureThreshold": 1}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s4", "busybox")
            usleep(6_000_000)
            l["running"] = t.podJSON("s4")?.phase == "Running"
            kl.terminate(&l)
        }
        #expect(l.at["started"] != nil)
        #expect(t.restarts("s4", "busybox") == 0)
        #expect(t.ev("s4").filter { ["Unhealthy", "Killing"].contains($0.reason) && $0.message != "Stopping container busybox" }.isEmpty)
        #expect(l["running"])
        #expect(l.status == 0)
    }

    // MARK: 5. HTTP liveness turning to 500 — restarted

    static func livenessPod(_ name: String, path: String, delay: Int, period: Int, healthy: Int) -> String {
        pod(name, #"""
            {"name": "liveness", "image": "busybox", "command": ["python3", "{T}/srv.py", "liveness", "{P1}"],
             "env": [{"name": "LIVENESS_SECS", "value": "HEALTHY"}],
             "livenessProbe": {"httpGet": {"path": "PATH", "port": {P1}}, "initialDelaySeconds": DELAY,
                               "periodSeconds": PERIOD, "failureThreshold": 1}}
            """#.replacingOccurrences(of: "PATH", with: path).replacingOccurrences(of: "DELAY", with: "\(delay)")
            .replacingOccurrences(of: "PERIOD", with: "\(period)").replacingOccurrences(of: "HEALTHY", with: "\(healthy)"))
    }

    /// The status a GET gets (0 if it could not connect), with python's urllib.
    static func httpStatus(_ url: String) -> Int {
        let script = "import sys, urllib.request as u, urllib.error as e\ntry: print(u.urlopen(sys.argv[1], timeout=2).status)\nexcept e.HTTPError as x: print(x.code)\nexcept OSError: print(0)"
        let t = Scratch()
        let py = t.write("get.py", script)
        _ = system("\(Fixture.python) \(py) '\(url)' > \(t.path)/status")
        return Int((t.read("status") ?? "").filter(\.isNumber)) ?? 0
    }

    @Test func s05_httpLivenessTurning500Restarts() async throws {
        let t = Scratch()
        Fixture.install(t)
        let p1 = Fixture.freePort()
        let file = t.manifest(Self.livenessPod("s5", path: "/healthz", delay: 4, period: 2, healthy: 3), ["P1": p1])
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s5", "liveness")
            l["restarted"] = until(12) { t.restarts("s5", "liveness") >= 1 }
            // The new instance serves 200 again (for its first 3 s).
            var code = 0
            until(2) {
                code = Self.httpStatus("http://127.0.0.1:\(p1)/healthz")
                return code != 0
            }
            l.list["code"] = [String(code)]
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(l["restarted"], "\(l.stdout)")
        #expect(l.list["code"] == ["200"])
        let unhealthy = try #require(t.ev("s5", "Unhealthy").first)
        #expect(unhealthy.message == "Liveness probe failed: HTTP probe failed with statuscode: 500")
        #expect(unhealthy.last - started >= 4 && unhealthy.last - started < 4 + 2 + 1, "\(unhealthy.last - started)")
        let killing = try #require(t.ev("s5", "Killing").first)
        #expect(killing.message == "Container liveness failed liveness probe, will be restarted")
        #expect(killing.last - started >= 4 && killing.last - started < 4 + 2 + 1 + 1, "killed \(killing.last - started) s after start")
        let probes = lines(t.read("requests")).filter { $0.contains(" GET /healthz ") && $0.contains("kube-probe") }
        #expect(!probes.isEmpty)
        #expect(probes.allSatisfy { $0.hasSuffix(" UA=kube-probe/1.35 ACCEPT=*/*") }, "\(probes)")
        #expect(l.status == 0)
    }

    // MARK: 7. Monotonically increasing restart count

    @Test func s07_restartCountOnlyGrowsAndBackOffOvertakesTheLifetime() async throws {
        let t = Scratch()
        Fixture.install(t)
        let file = t.manifest(Self.livenessPod("s7", path: "/healthz", delay: 1, period: 1, healthy: 1),
                              ["P1": Fixture.freePort()])
        let l = await live { l in
            let kl = E2E.start(["apply", "--backoff-initial", "1", "--backoff-max", "4", file], in: t)
            var seen: [String] = []
            var backOff: Set<String> = []
            l["five"] = until(24) {
                guard let s = t.status("s7", "liveness") else { return false }
                let n = Int(s["restartCount"]?.int64Value ?? 0)
                if seen.last != String(n) { seen.append(String(n)) }
                if let w = s["state"]?["waiting"], w["reason"] == .string("CrashLoopBackOff"), let m = w["message"]?.stringValue {
                    backOff.insert(m)
                }
                return n >= 5
            }
            l.list["seen"] = seen
            l.list["backOff"] = Array(backOff)
            kl.terminate(&l)
        }
        #expect(l["five"], "\(l.stdout)")
        #expect(l.list["seen"] == ["0", "1", "2", "3", "4", "5"], "restart counts seen: \(l.list["seen"] ?? [])")
        let uid = t.podJSON("s7")?["metadata"]?["uid"]?.stringValue ?? "?"
        let backOff = l.list["backOff"] ?? []
        #expect(!backOff.isEmpty)
        #expect(backOff.allSatisfy {
            $0.hasPrefix("back-off ") && $0.hasSuffix("s restarting failed container=liveness pod=s7_default(\(uid))")
        }, "\(backOff)")
        #expect(!t.ev("s7", "BackOff").isEmpty)
        #expect(t.ev("s7", "Killing").count >= 5)
        #expect(l.status == 0)
    }

    /// §11.2: a kill-and-restart decided while the container runs (liveness) is gated by the *previous
    /// exited* instance's finish, so early liveness restarts are immediate while the back-off is shorter
    /// than the container's life. Here the life is 2 s and the back-off 1.5 s: the 2nd restart is immediate.
    @Test
    func s07b_earlyLivenessRestartsAreImmediateWhileTheBackOffIsShorterThanTheLife() async throws {
        let t = Scratch()
        Fixture.install(t)
        let file = t.manifest(Self.livenessPod("s7b", path: "/healthz", delay: 1, period: 1, healthy: 1),
                              ["P1": Fixture.freePort()])
        let l = await live { l in
            let kl = E2E.start(["apply", "--backoff-initial", "1.5", "--backoff-max", "60", file], in: t)
            l["three"] = until(10) { t.ev("s7b", "Started").count >= 3 }
            kl.terminate(&l)
        }
        #expect(l["three"], "\(l.stdout)")
        let kills = t.ev("s7b", "Killing").map(\.last)
        let starts = t.ev("s7b", "Started").map(\.last)
        #expect(kills.count >= 2 && starts.count >= 3)
        if kills.count >= 2 && starts.count >= 3 {
            #expect(starts[1] - kills[0] < 0.5, "1st restart \(starts[1] - kills[0]) s after the kill")
            #expect(starts[2] - kills[1] < 0.5, "2nd restart \(starts[2] - kills[1]) s after the kill")
        }
    }

    // MARK: 8. HTTP liveness on a healthy server — not restarted

    @Test func s08_healthyHttpLivenessNeverRestarts() async throws {
        let t = Scratch()
        Fixture.install(t)
        let file = t.manifest(Self.pod("s8", #"""
            {"name": "test-webserver", "image": "busybox", "command": ["python3", "{T}/srv.py", "web", "{P1}"],
             "livenessProbe": {"httpGet": {"path": "/", "port": {P1}}, "initialDelaySeconds": 1, "periodSeconds": 1,
                               "timeoutSeconds": 5, "failureThreshold": 5}}
            """#), ["P1": Fixture.freePort()])
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s8", "test-webserver")
            usleep(6_000_000)
            kl.terminate(&l)
        }
        #expect(l.at["started"] != nil)
        #expect(t.restarts("s8", "test-webserver") == 0)
        #expect(t.ev("s8").filter { $0.reason == "Unhealthy" || $0.message.contains("failed liveness") }.isEmpty, "\(t.ev("s8"))")
        let probes = lines(t.read("requests")).filter { $0.contains(" GET / UA=kube-probe/1.35 ACCEPT=*/*") }
        #expect(probes.count >= 4, "the probe ran: \(probes)")
        #expect(l.status == 0)
    }

    // MARK: 9. Exec probe timeout

    @Test func s09a_execLivenessTimeoutRestartsAndLeavesNothing() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s9a", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "sleep 600"],
             "livenessProbe": {"exec": {"command": ["/bin/sh", "-c", "sleep 10"]}, "initialDelaySeconds": 2, "periodSeconds": 2,
                               "timeoutSeconds": 1, "failureThreshold": 1}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s9a", "busybox")
            let pgrp = t.pid(t.podDir("s9a") + "/sandbox.pid") ?? -1
            var probePids: Set<pid_t> = []
            var failedAt: Double?
            l["failed"] = until(8, every: 0.02) {
                probePids.formUnion(processes(inGroup: pgrp, matching: "sleep 10"))
                failedAt = t.ev("s9a", "Unhealthy").first?.last
                return failedAt != nil
            }
            // Nothing of the probe is left a second after its timeout.
            usleep(UInt32(max(0, (failedAt ?? 0) + 1 - wallNow()) * 1e6))
            l.list["probePids"] = probePids.map { String($0) }
            l.list["survivors"] = probePids.filter(E2E.isAlive).map { String($0) }
            l["restarted"] = until(3) { t.restarts("s9a", "busybox") >= 1 }
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(l["failed"])
        #expect(!(l.list["probePids"] ?? []).isEmpty, "the probe's processes were seen while it ran")
        #expect(l.list["survivors"] == [], "left over after the timeout: \(l.list["survivors"] ?? [])")
        let unhealthy = try #require(t.ev("s9a", "Unhealthy").first)
        #expect(unhealthy.message == #"Liveness probe failed: command "/bin/sh -c sleep 10" timed out"#)
        // The tick is at startedAt + 2; the timeout 1 s later.
        #expect(unhealthy.last - started >= 2 + 1 && unhealthy.last - started < 2 + 1 + 1, "\(unhealthy.last - started)")
        #expect(l["restarted"])
        #expect(t.ev("s9a", "Killing").first?.message == "Container busybox failed liveness probe, will be restarted")
        #expect(l.status == 0)
    }

    @Test func s09b_execReadinessTimeoutIsNeverReady() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s9b", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "sleep 600"],
             "readinessProbe": {"exec": {"command": ["/bin/sh", "-c", "sleep 10"]}, "initialDelaySeconds": 1, "periodSeconds": 2,
                                "timeoutSeconds": 1, "failureThreshold": 1}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s9b", "busybox")
            until(6) {
                if t.isReady("s9b") { l["everReady"] = true }
                return false
            }
            kl.terminate(&l)
        }
        #expect(l.at["started"] != nil)
        #expect(!l["everReady"])
        let failures = t.ev("s9b", "Unhealthy")
        #expect(failures.count >= 2)
        #expect(failures.allSatisfy { $0.message == #"Readiness probe failed: command "/bin/sh -c sleep 10" timed out"# }, "\(failures)")
        #expect(t.restarts("s9b", "busybox") == 0)
        #expect(t.ev("s9b", "Killing").map(\.message) == ["Stopping container busybox"])
        #expect(l.status == 0)
    }

    // MARK: 11. HTTP liveness through a local redirect

    @Test func s11_httpLivenessFollowsALocalRedirect() async throws {
        let t = Scratch()
        Fixture.install(t)
        let file = t.manifest(Self.livenessPod("s11", path: "/redirect?loc=%2Fhealthz", delay: 3, period: 2, healthy: 2),
                              ["P1": Fixture.freePort()])
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s11", "liveness")
            l["restarted"] = until(12) { t.restarts("s11", "liveness") >= 1 }
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(l["restarted"], "\(l.stdout)")
        let unhealthy = try #require(t.ev("s11", "Unhealthy").first)
        #expect(unhealthy.message == "Liveness probe failed: HTTP probe failed with statuscode: 500")
        #expect(unhealthy.last - started >= 3 && unhealthy.last - started < 3 + 2 + 1)
        #expect(t.ev("s11", "Killing").first?.message == "Container liveness failed liveness probe, will be restarted")
        #expect(t.ev("s11", "ProbeWarning").isEmpty, "a local redirect is followed, not a warning")
        let requests = lines(t.read("requests")).map { $0.split(separator: " ").dropFirst().prefix(2).joined(separator: " ") }
        let i = requests.firstIndex(of: "GET /redirect?loc=%2Fhealthz")
        #expect(i != nil, "\(requests)")
        if let i { #expect(requests.dropFirst(i + 1).first == "GET /healthz", "\(requests)") }
        #expect(l.status == 0)
    }

    // MARK: 13. Failing startup probe restarts even though liveness would pass

    @Test func s13_failingStartupProbeRestartsAndLivenessNeverRuns() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s13", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "sleep 600"],
             "livenessProbe": {"exec": {"command": ["/bin/true"]}, "initialDelaySeconds": 2, "periodSeconds": 1, "failureThreshold": 1},
             "startupProbe": {"exec": {"command": ["/bin/false"]}, "initialDelaySeconds": 2, "periodSeconds": 1, "failureThreshold": 3}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s13", "busybox")
            l["restarted"] = until(10) {
                let s = t.status("s13", "busybox")
                if s?["restartCount"] == .number("0"), s?["started"]?.isTrue == true { l["everStarted"] = true }
                return t.restarts("s13", "busybox") >= 1
            }
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(l["restarted"], "\(l.stdout)")
        #expect(!l["everStarted"], "started stays false")
        let all = t.ev("s13")
        let failures = Array(all.filter { $0.reason == "Unhealthy" }.prefix(3))
        #expect(failures.count == 3)
        #expect(failures.allSatisfy { $0.message == "Startup probe failed: " }, "\(failures)")
        #expect(failures.map(\.count) == [1, 2, 3] && Set(failures.map(\.name)).count == 1)
        let killing = try #require(all.first { $0.reason == "Killing" })
        #expect(killing.message == "Container busybox failed startup probe, will be restarted")
        if failures.count == 3 {
            #expect(failures[0].last - started >= 2 && failures[0].last - started < 2 + 1 + 1)
            let gaps = [failures[1].last - failures[0].last, failures[2].last - failures[1].last]
            #expect(gaps.allSatisfy { $0 > 0.7 && $0 < 1.5 }, "one period apart: \(gaps)")
            #expect(abs(killing.last - failures[2].last) < 0.5)
        }
        #expect(killing.last - started >= 4 && killing.last - started < 4 + 1 + 1 + 1, "killed \(killing.last - started) s after start")
        #expect(!all.contains { $0.message.hasPrefix("Liveness probe") }, "no liveness probe ever ran")
        #expect(l.status == 0)
    }

    // MARK: 14. Startup probe holds off a failing liveness probe

    @Test func s14_startupProbeHoldsOffAFailingLivenessProbe() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s14", #"""
            {"name": "busybox", "image": "busybox", "command": ["/bin/sh", "-c", "sleep 600"],
             "livenessProbe": {"exec": {"command": ["/bin/false"]}, "initialDelaySeconds": 2, "periodSeconds": 1, "failureThreshold": 1},
             "startupProbe": {"exec": {"command": ["/bin/false"]}, "initialDelaySeconds": 2, "periodSeconds": 1, "failureThreshold": 60}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s14", "busybox")
            until(8) {
                let s = t.status("s14", "busybox")
                if s?["started"]?.isTrue == true || s?["ready"]?.isTrue == true { l["everStartedOrReady"] = true }
                return false
            }
            kl.terminate(&l)
        }
        #expect(l.at["started"] != nil)
        #expect(!l["everStartedOrReady"])
        #expect(t.restarts("s14", "busybox") == 0)
        let unhealthy = t.ev("s14", "Unhealthy")
        #expect(unhealthy.count >= 5)
        #expect(unhealthy.allSatisfy { $0.message == "Startup probe failed: " }, "\(unhealthy)")
        #expect(t.ev("s14", "Killing").map(\.message) == ["Stopping container busybox"])
        #expect(l.status == 0)
    }

    // MARK: 15. Liveness takes over once startup succeeds

    @Test func s15_livenessTakesOverOnceStartupSucceeds() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s15", #"""
            {"name": "busybox", "image": "busybox",
             "command": ["/bin/sh", "-c", "sleep 2; echo ok >{T}/startup; sleep 600"],
             "livenessProbe": {"exec": {"command": ["/bin/false"]}, "initialDelaySeconds": 3, "periodSeconds": 2, "failureThreshold": 1},
             "startupProbe": {"exec": {"command": ["cat", "{T}/startup"]}, "initialDelaySeconds": 3, "periodSeconds": 2,
                              "failureThreshold": 60}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s15", "busybox")
            l["restarted"] = until(12) {
                let s = t.status("s15", "busybox")
                if s?["restartCount"] == .number("0"), s?["started"]?.isTrue == true { l["sawStarted"] = true }
                return t.restarts("s15", "busybox") >= 1
            }
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(l["restarted"], "\(l.stdout)")
        #expect(l["sawStarted"], "started: true once the startup probe succeeded")
        let all = t.ev("s15")
        let killingIndex = try #require(all.firstIndex { $0.reason == "Killing" })
        let before = all[..<killingIndex]
        #expect(!before.contains { $0.message.hasPrefix("Startup probe failed") }, "startup succeeds at its first run")
        #expect(before.last?.message == "Liveness probe failed: ")
        #expect(all[killingIndex].message == "Container busybox failed liveness probe, will be restarted")
        // Startup succeeds at 3 s; liveness fails at its next tick (5 s).
        let k = all[killingIndex].last - started
        #expect(k >= 3 && k < 3 + 2 + 2 + 1, "killed \(k) s after start")
        #expect(l.status == 0)
    }

    // MARK: 16. Ready immediately after startup succeeds

    @Test func s16_readyAtOnceWhenStartupSucceedsDespiteA30sReadinessPeriod() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s16", #"""
            {"name": "busybox", "image": "busybox",
             "command": ["/bin/sh", "-c", "echo ok >{T}/health; sleep 4; echo ok >{T}/startup; sleep 600"],
             "readinessProbe": {"exec": {"command": ["cat", "{T}/health"]}, "initialDelaySeconds": 0, "periodSeconds": 30},
             "startupProbe": {"exec": {"command": ["cat", "{T}/startup"]}, "initialDelaySeconds": 0, "periodSeconds": 1,
                              "failureThreshold": 120}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("s16", "busybox")
            l["ready"] = until(10) { t.isReady("s16") }
            let s = t.status("s16", "busybox")
            l["startedAndReady"] = s?["started"]?.isTrue == true && s?["ready"]?.isTrue == true
            l.at["readyAt"] = epoch(t.podJSON("s16")?.condition("Ready")?["lastTransitionTime"]?.stringValue)
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(l["ready"], "\(l.stdout)")
        #expect(l["startedAndReady"])
        let readyAt = try #require(l.at["readyAt"])
        // The startup probe succeeds at its first tick after 4 s, i.e. in [4, 6); Ready follows within a second.
        #expect(readyAt - started >= 4 && readyAt - started < 4 + 1 + 1 + 1, "Ready \(readyAt - started) s after start")
        let lastStartupFailure = try #require(t.ev("s16", "Unhealthy", "Startup probe failed").last)
        #expect(readyAt - lastStartupFailure.last < 1 + 1, "ready one period after the last startup failure at most")
        #expect(t.ev("s16", "Unhealthy", "Readiness").isEmpty)
        #expect(l.status == 0)
    }

    // MARK: 19. Readiness turns false during graceful termination

    @Test func s19_readinessGoesFalseWhileTheContainerTerminates() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("s19", #"""
            {"name": "c", "image": "busybox",
             "command": ["/bin/sh", "-c", "trap 'date +%s%3N >{T}/trapped; rm -f {T}/ready; sleep 10; exit 0' TERM; touch {T}/ready; while true; do date +%s%3N >>{T}/ticks; echo hello; sleep 3; done"],
             "readinessProbe": {"exec": {"command": ["cat", "{T}/ready"]}, "initialDelaySeconds": 1, "periodSeconds": 2,
                                "failureThreshold": 1}}
            """#, spec: #""terminationGracePeriodSeconds": 6"#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l["ready"] = until(8) { t.isReady("s19") }
            // Delete 0.3 s after a loop tick, so that the shell is inside `sleep 3` for another 2.7 s.
            let ticks = lines(t.read("ticks")).count
            until(5, every: 0.01) { lines(t.read("ticks")).count > ticks }
            usleep(300_000)
            l.at["lastTick"] = lines(t.read("ticks")).last.flatMap(epochMillis)
            l.at["deleteAt"] = wallNow()
            kl.signal(SIGTERM)
            until(9) {
                if let s = kl.wait(timeout: 0.001) {
                    l.status = s
                    l.at["goneAt"] = wallNow()
                    return true
                }
                if l.at["readyFalseAt"] == nil, let c = t.podJSON("s19")?.condition("Ready"), c["status"] == .string("False") {
                    l.at["readyFalseAt"] = epoch(c["lastTransitionTime"]?.stringValue)
                }
                return false
            }
            kl.finish(&l)
        }
        #expect(l["ready"], "\(l.stdout)")
        #expect(l.status == 0)
        let lastTick = try #require(l.at["lastTick"])
        let deleteAt = try #require(l.at["deleteAt"])
        let killing = try #require(t.ev("s19", "Killing").first)
        #expect(killing.message == "Stopping container c")
        #expect(abs(killing.last - deleteAt) < 0.5)
        let trapped = try #require(lines(t.read("trapped")).first.flatMap(epochMillis))
        // SIGTERM reached the shell only: its trap ran when the current `sleep 3` ended.
        #expect(trapped - lastTick > 2.8 && trapped - lastTick < 3.6, "trap \(trapped - lastTick) s after the tick")
        #expect(trapped - deleteAt > 2.2, "the sleep was not signalled: trap \(trapped - deleteAt) s after the delete")
        let falseAt = try #require(l.at["readyFalseAt"], "Ready turned False before the pod ended")
        #expect(falseAt - trapped < 2 + 1, "Ready False \(falseAt - trapped) s after the file was removed")
        #expect(falseAt - deleteAt < 12)
        // The trap's sleep outlasts the 6 s grace: SIGKILL at 6 s.
        let gone = (l.at["goneAt"] ?? 0) - deleteAt
        #expect(gone >= 6 - 0.2 && gone < 6 + 1.5, "gone \(gone) s after the delete")
    }

    // MARK: $(VAR) in exec probe commands (§12.4: the container's static env only)

    @Test
    func execProbeCommandsExpandOnlyTheStaticEnv() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("probe-env", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "env": [{"name": "STATIC", "value": "static-value"},
                     {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
             "readinessProbe": {"exec": {"command": ["sh", "-c", "echo '$(STATIC) $(POD_NAME) $$' >{T}/saw"]}, "periodSeconds": 1}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l["saw"] = until(5) { t.read("saw") != nil }
            kl.terminate(&l)
        }
        #expect(l["saw"])
        #expect(t.read("saw") == "static-value $(POD_NAME) $\n", "a fieldRef variable is not expanded in a probe")
    }

    @Test
    func execProbeTimeoutMessageShowsTheExpandedCommand() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("probe-timeout-env", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"], "env": [{"name": "FOO", "value": "bar"}],
             "readinessProbe": {"exec": {"command": ["sh", "-c", "sleep 10 # $(FOO) $$"]}, "timeoutSeconds": 1}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l["failed"] = until(5) { !t.ev("probe-timeout-env", "Unhealthy").isEmpty }
            kl.terminate(&l)
        }
        #expect(l["failed"])
        #expect(t.ev("probe-timeout-env", "Unhealthy").first?.message
                == #"Readiness probe failed: command "sh -c sleep 10 # bar $" timed out"#)
    }

    // MARK: TCP readiness (issue 3: tcpSocket probes)

    @Test func tcpReadinessFailsWithTheDialErrorThenSucceeds() async throws {
        let t = Scratch()
        Fixture.install(t)
        let p1 = Fixture.freePort()
        let file = t.manifest(Self.pod("tcp", #"""
            {"name": "late-listener", "image": "busybox",
             "command": ["/bin/sh", "-c", "sleep 2.5; exec python3 {T}/srv.py web {P1}"],
             "readinessProbe": {"tcpSocket": {"port": {P1}}, "periodSeconds": 1}}
            """#), ["P1": p1])
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["started"] = t.firstStart("tcp", "late-listener")
            l["ready"] = until(15) { t.isReady("tcp") }
            l.at["readyAt"] = epoch(t.podJSON("tcp")?.condition("Ready")?["lastTransitionTime"]?.stringValue)
            kl.terminate(&l)
        }
        let started = try #require(l.at["started"])
        #expect(l["ready"], "\(l.stdout)")
        let failures = t.ev("tcp", "Unhealthy")
        #expect(failures.count >= 2)
        #expect(failures.allSatisfy {
            $0.message == "Readiness probe failed: dial tcp 127.0.0.1:\(p1): connect: connection refused"
        }, "\(failures)")
        let readyAt = try #require(l.at["readyAt"])
        // Never before the listener exists; the upper bound leaves room for python's start on a busy CI box.
        #expect(readyAt - started >= 2.5 && readyAt - started < 2.5 + 6)
        #expect(lines(t.read("requests")).isEmpty, "a TCP probe sends nothing")
        #expect(l.status == 0)
    }
}
