// kubelet-lite — AdversarialProbeTests.swift (end-to-end)
// Issue 3's hostile cases: HTTP probe targets that never answer, trickle, reset or speak garbage
// (each a Failure within timeoutSeconds while the supervisor stays on time and responsive), and
// probe or hook commands whose background children outlive them (nothing survives; I.4, I.10).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct AdversarialProbeTests {
    static func pod(_ name: String, _ containers: String, spec: String = "") -> String {
        ProbeScenarioTests.pod(name, containers, spec: spec)
    }

    /// The ticker's exec readiness probe logs each run and flips with the parity of the second.
    static let ticker = #"""
        {"name": "ticker", "image": "busybox", "command": ["sleep", "infinity"],
         "readinessProbe": {"exec": {"command": ["sh", "-c", "date +%s%3N >>{T}/ticks; test $$(( $$(date +%s) % 2 )) -eq 0"]},
                            "periodSeconds": 1, "failureThreshold": 1}}
        """#

    /// Lateness of each logged run against the grid `startedAt + k` (seconds, first run excluded).
    static func lateness(_ t: Scratch, startedAt: Double) -> [Double] {
        lines(t.read("ticks")).compactMap(epochMillis).dropFirst().map { at in
            let k = (at - startedAt).rounded(.down)
            return at - startedAt - k
        }
    }

    @Test(arguments: ["silent", "trickle", "reset", "garbage"])
    func hostileHttpTargetFailsWithinTheTimeoutWhileTheSupervisorStaysOnTime(_ mode: String) async throws {
        let t = Scratch()
        Fixture.install(t)
        let p1 = Fixture.freePort()
        let name = "adv-\(mode)"
        let file = t.manifest(Self.pod(name, #"""
            {"name": "target", "image": "busybox", "command": ["python3", "{T}/srv.py", "{MODE}", "{P1}", "{T}"],
             "readinessProbe": {"httpGet": {"path": "/", "port": {P1}}, "initialDelaySeconds": 1, "periodSeconds": 4,
                                "timeoutSeconds": 2, "failureThreshold": 1}},
            """# + Self.ticker), ["P1": p1, "MODE": mode])
        // Watch the ticker's readiness flip while the target's probes hang (ticks at 1, 5, 9 s), then
        // SIGTERM during the probe that started at 9 s (still hanging for the slow modes).
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            l.at["targetStart"] = t.firstStart(name, "target")
            l.at["tickerStart"] = t.firstStart(name, "ticker")
            let end = (l.at["targetStart"] ?? 0) + 9.5
            var flips = 0
            var last: Bool?
            while wallNow() < end {
                let r = t.status(name, "ticker")?["ready"]?.isTrue
                if let r, let l = last, r != l { flips += 1 }
                if r != nil { last = r }
                usleep(50_000)
            }
            l.at["flips"] = Double(flips)
            l.at["stopWall"] = wallNow()
            kl.terminate(&l)
        }
        let targetStart = try #require(l.at["targetStart"])
        let tickerStart = try #require(l.at["tickerStart"])
        let stopWall = try #require(l.at["stopWall"])
        let flips = Int(l.at["flips"] ?? 0)
        let status = l.status
        let took = l.at["took"] ?? 99
        #expect(status == 0)
        #expect(took < 1.5, "SIGTERM handled \(took) s after it was sent")

        // The failures before the stop (the one in flight then may see the target die instead).
        let failures = t.ev(name, "Unhealthy", "Readiness probe failed: Get ").filter { $0.last < stopWall }
        #expect(failures.count >= 2, "\(t.ev(name))")
        let url = #"Get "http://127.0.0.1:\#(p1)/": "#
        for f in failures {
            let offset = (f.last - targetStart - 1).truncatingRemainder(dividingBy: 4)
            switch mode {
            case "silent", "trickle":
                #expect(f.message == "Readiness probe failed: " + url
                        + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)", "\(f)")
                #expect(offset >= 2 - 0.05 && offset < 2 + 0.6, "failed \(offset) s after its tick (timeout 2 s)")
            case "reset":
                #expect(f.message.hasPrefix("Readiness probe failed: " + url + "read tcp 127.0.0.1:"), "\(f)")
                #expect(f.message.hasSuffix("->127.0.0.1:\(p1): read: connection reset by peer"), "\(f)")
                #expect(offset < 0.6, "failed \(offset) s after its tick")
            default:
                #expect(f.message == "Readiness probe failed: " + url
                        + #"net/http: HTTP/1.x transport connection broken: malformed HTTP status code "two""#,
                        "\(f)")
                #expect(offset < 0.6, "failed \(offset) s after its tick")
            }
        }
        #expect(t.podJSON(name)?.containerStatus("target")?["restartCount"] == .number("0"))
        // The other container's exec probe kept its 1 s grid and its readiness kept flipping.
        let late = Self.lateness(t, startedAt: tickerStart)
        #expect(late.count >= 7, "ticker runs: \(late.count)")
        #expect((late.max() ?? 1) < 0.5, "worst lateness \(late.max() ?? -1) s, median \(median(late)) s")
        #expect(flips >= 5, "ticker readiness flipped \(flips) times")
    }

    // MARK: Children that outlive their probe or hook

    @Test func aProbeChildOutlivingATimedOutProbeIsKilledWithIt() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("orphan-probe", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "readinessProbe": {"exec": {"command": ["sh", "-c", "sleep 300 & echo $! >>{T}/children; sleep 10"]},
                                "periodSeconds": 3, "timeoutSeconds": 1, "failureThreshold": 1}}
            """#))
        let l = await live { l in
            let kl = E2E.start(["apply", file], in: t)
            var failedAt: Double?
            l["failed"] = until(6) {
                failedAt = t.ev("orphan-probe", "Unhealthy").first?.last
                return failedAt != nil
            }
            // The first run's child, a second after that run timed out.
            usleep(UInt32(max(0, (failedAt ?? 0) + 1 - wallNow()) * 1e6))
            if let child = lines(t.read("children")).first.flatMap({ Int32($0) }) {
                l.at["child"] = Double(child)
                l["childAlive"] = E2E.isAlive(child)
            }
            kl.terminate(&l)
        }
        #expect(l["failed"], "\(l.stdout)")
        let failure = try #require(t.ev("orphan-probe", "Unhealthy").first)
        #expect(failure.message.hasPrefix(#"Readiness probe failed: command "sh -c sleep 300 & echo $"#), "\(failure)")
        #expect(failure.message.hasSuffix(#"/children; sleep 10" timed out"#), "\(failure)")
        #expect(l.at["child"] != nil)
        #expect(!l["childAlive"], "the probe's background child survived its timeout")
        #expect(l.status == 0)
        let children = lines(t.read("children")).compactMap { Int32($0) }
        #expect(await waitUntil(1) { children.allSatisfy { !E2E.isAlive($0) } }, "children left after the pod ended")
    }

    @Test func aProbeChildOutlivingASuccessfulProbeIsKilledAndTheProbeStillSucceeds() async throws {
        let t = Scratch()
        // The child keeps the probe's stdout open: the probe is over when the command exits all the same.
        let file = t.manifest(Self.pod("orphan-ok", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "readinessProbe": {"exec": {"command": ["sh", "-c", "sleep 300 & echo $! >>{T}/children; exit 0"]},
                                "periodSeconds": 1, "timeoutSeconds": 5}}
            """#))
        let kl = E2E.start(["apply", file], in: t)
        #expect(await waitUntil(5) { t.podJSON("orphan-ok")?.condition("Ready")?["status"] == .string("True") }, "\(kl.stdout)")
        await pause(2)
        let children = lines(t.read("children")).compactMap { Int32($0) }
        #expect(children.count >= 2)
        #expect(children.dropLast().allSatisfy { !E2E.isAlive($0) }, "alive: \(children.filter(E2E.isAlive))")
        #expect(t.ev("orphan-ok", "Unhealthy").isEmpty)
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
        #expect(await waitUntil(1) { children.allSatisfy { !E2E.isAlive($0) } })
    }

    @Test func aPostStartChildIsKilledWhenTheHookReturns() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("orphan-hook", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "setsid sleep 300 >/dev/null 2>&1 & echo $! >{T}/child"]}}}}
            """#))
        let kl = E2E.start(["apply", file], in: t)
        #expect(await waitUntil(5) { t.startedAt("orphan-hook", "c") != nil }, "\(kl.stdout)")
        let child = try #require(t.pid("child"))
        #expect(await waitUntil(1) { !E2E.isAlive(child) }, "a setsid child of the hook survived it")
        #expect(t.podJSON("orphan-hook")?.phase == "Running")
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
    }

    @Test func aHangingPostStartAndItsChildDieWithTheContainer() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("hung-hook", #"""
            {"name": "c", "image": "busybox", "command": ["sh", "-c", "echo $$$$ >{T}/main; exec sleep infinity"],
             "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "sleep 300 & echo $! >{T}/child; sh -c 'echo $PPID' >{T}/hook; sleep 600"]}}}}
            """#, spec: #""terminationGracePeriodSeconds": 3"#))
        let kl = E2E.start(["apply", file], in: t)
        #expect(await waitUntil(5) { t.pid("hook") != nil && t.pid("child") != nil && t.pid("main") != nil })
        let pids = [t.pid("main"), t.pid("hook"), t.pid("child")].compactMap { $0 }
        #expect(pids.count == 3 && pids.allSatisfy(E2E.isAlive))
        #expect(t.status("hung-hook", "c")?["state"]?["waiting"]?["reason"] == .string("ContainerCreating"))
        let (status, took) = await kl.terminate(within: 8)
        #expect(status == 0)
        #expect(took < 3 + 1, "the pod stops within its grace despite the hung hook")
        #expect(pids.allSatisfy { !E2E.isAlive($0) }, "alive after the pod ended: \(pids.filter(E2E.isAlive))")
    }

    @Test func aPreStopChildDiesWithTheContainer() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("orphan-prestop", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"preStop": {"exec": {"command": ["sh", "-c", "setsid sleep 300 >/dev/null 2>&1 & echo $! >{T}/child"]}}}}
            """#))
        let kl = E2E.start(["apply", file], in: t)
        #expect(await waitUntil(5) { t.startedAt("orphan-prestop", "c") != nil })
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
        let child = try #require(t.pid("child"))
        #expect(await waitUntil(1) { !E2E.isAlive(child) }, "the preStop's setsid child outlived the pod")
    }

    // MARK: Probe schedule (issue 3 asks for the lateness of 1-second probes)

    @Test func oneSecondExecProbesKeepTheirGrid() async throws {
        let t = Scratch()
        let file = t.manifest(Self.pod("grid", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "livenessProbe": {"exec": {"command": ["sh", "-c", "date +%s%3N >>{T}/ticks"]}, "initialDelaySeconds": 1,
                               "periodSeconds": 1}}
            """#))
        let kl = E2E.start(["apply", file], in: t)
        let started = try #require(await t.firstStart("grid", "c"))
        await pause(started + 16.5 - wallNow())
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
        let runs = lines(t.read("ticks")).compactMap(epochMillis).filter { $0 < started + 16.5 }
        // Runs at startedAt + 1, 2, ..., 16: none missing, none doubled, none drifting.
        #expect(runs.count >= 15 && runs.count <= 16, "\(runs.count) runs")
        let late = runs.map { at in at - started - (at - started).rounded(.down) }
        let ks = runs.map { Int(($0 - started).rounded(.down)) }
        #expect(ks == Array(1...ks.count), "one run per second of the grid: \(ks)")
        #expect(median(late) < 0.1 && (late.max() ?? 1) < 0.4, "lateness median \(median(late)) s, worst \(late.max() ?? -1) s")
        print("probe lateness over \(late.count) runs: median \(Int(median(late) * 1000)) ms, worst \(Int((late.max() ?? 0) * 1000)) ms")
    }
}
