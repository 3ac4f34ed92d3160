// kubelet-lite — HookScenarioTests.swift (end-to-end)
// Scenarios 23–26 and 28–31 of scenarios.md (section B, lifecycle hooks) through the binary.
// kubelet-lite has no `delete` command: a delete is SIGTERM to `apply`, and "delete with grace N"
// is `terminationGracePeriodSeconds: N` in the manifest (the grace a plain delete uses).
// Scaled: grace 30 → 5–6 s, postStart 5 s → 3 s, regular-1's 10 s → 6 s, back-off 10 s → 4 s.
// The hook handler is an `srv echo` the test starts itself and waits for (it prints its port once
// it listens); a postStart the test must watch in flight is held by the handler until the test
// releases it (`?hold=`). Windows: lower bounds exact, upper bounds with `E2E.slack`.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct HookScenarioTests {
    static func pod(_ name: String, _ containers: String, spec: String = "") -> String {
        ProbeScenarioTests.pod(name, containers, spec: spec)
    }

    /// A GET from inside the pod with python, as upstream's handler pod is called.
    static func get(_ msg: String) -> String {
        #"python3 -c \"import urllib.request as u; u.urlopen('http://127.0.0.1:{P1}/echo?msg=MSG')\""#
            .replacingOccurrences(of: "MSG", with: msg)
    }

    /// `(epoch, "GET /path?query", UA)` of each request the echo server saw.
    static func requests(_ t: Scratch) -> [(at: Double, line: String, ua: String)] {
        lines(t.read("requests")).compactMap { l in
            let f = l.split(separator: " ")
            guard f.count >= 4, let at = epochMillis(l) else { return nil }
            return (at, "\(f[1]) \(f[2])", String(f[3].dropFirst(3)))
        }
    }

    // MARK: 23. postStart exec hook runs

    @Test(.needs(.python3)) func s23_postStartExecHookRuns() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let (server, p1) = await Background.srv(t, "echo")
        let file = t.manifest(Self.pod("s23", #"""
            {"name": "pod-with-poststart-exec-hook", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "GET"]}}}}
            """#.replacingOccurrences(of: "GET", with: Self.get("poststart")), spec: #""terminationGracePeriodSeconds": 15"#),
            ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("the postStart request", context: kl.stdout) {
            Self.requests(t).contains { $0.line == "GET /echo?msg=poststart" }
        }
        let started = try #require(t.ev("s23", "Started").first)
        let request = try #require(Self.requests(t).first)
        // Right after the start (the hook is a python process, slow to start on a loaded machine).
        #expect(request.at >= started.last - 0.01 && request.at - started.last < 1 + E2E.slack, "\(request.at - started.last) s after Started")
        await waitUntil("s23 running") { t.startedAt("s23", "pod-with-poststart-exec-hook") != nil }
        let (status, took) = await kl.terminate()
        #expect(status == 0)
        #expect(took < 1 + E2E.slack, "sleep dies on SIGTERM at once (process world), not at the 15 s grace: \(took) s")
        #expect(Self.requests(t).count == 1, "no preStop request")
        withExtendedLifetime(server) {}
    }

    // MARK: 24. preStop exec hook runs before the stop signal

    @Test(.needs(.python3)) func s24_preStopExecHookRunsBeforeTheStopSignal() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let (server, p1) = await Background.srv(t, "echo")
        let file = t.manifest(Self.pod("s24", #"""
            {"name": "pod-with-prestop-exec-hook", "image": "busybox",
             "command": ["sh", "-c", "trap 'echo term >>{T}/order; exit 0' TERM; touch {T}/trapping; sleep infinity & wait"],
             "lifecycle": {"preStop": {"exec": {"command": ["sh", "-c", "echo prestop >>{T}/order; GET"]}}}}
            """#.replacingOccurrences(of: "GET", with: Self.get("prestop")), spec: #""terminationGracePeriodSeconds": 15"#),
            ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s24 running, its shell trapping TERM") {
            t.startedAt("s24", "pod-with-prestop-exec-hook") != nil && t.read("trapping") != nil
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        let request = try #require(Self.requests(t).first)
        #expect(request.line == "GET /echo?msg=prestop")
        #expect(t.read("order") == "prestop\nterm\n")
        let killing = try #require(t.ev("s24", "Killing").first)
        #expect(killing.message == "Stopping container pod-with-prestop-exec-hook")
        #expect(killing.last <= request.at + 0.01, "Killing precedes the preStop request")
        #expect(t.podJSON("s24")?.phase == "Succeeded")
        #expect(t.status("s24", "pod-with-prestop-exec-hook")?["state"]?["terminated"]?["exitCode"] == .number("0"))
        withExtendedLifetime(server) {}
    }

    // MARK: 25. HTTP hooks

    @Test(.needs(.python3)) func s25a_postStartHttpHookBlocksRunningUntilItReturns() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let (server, p1) = await Background.srv(t, "echo")
        let file = t.manifest(Self.pod("s25a", #"""
            {"name": "pod-with-poststart-http-hook", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"postStart": {"httpGet": {"path": "/echo?msg=poststart&hold=release", "host": "127.0.0.1", "port": {P1}}}}}
            """#), ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        // The handler holds the reply until the test releases it: meanwhile the container is not
        // Running and the pod is Pending. Twenty looks at the status while the hook is in flight.
        await waitUntil("the postStart request", context: kl.stdout) { !Self.requests(t).isEmpty }
        var states: [String] = []
        await waitUntil("twenty looks at s25a while its hook is held") {
            if let pod = t.podJSON("s25a"), let s = pod.containerStatus("pod-with-poststart-http-hook") {
                let w = s["state"]?["waiting"]?["reason"]?.stringValue ?? (s["state"]?["running"] != nil ? "running" : "other")
                states.append("\(pod.phase ?? "?")/\(w)")
            }
            return states.count >= 20
        }
        let releasedAt = wallNow()
        _ = t.write("release", "")
        #expect(states.allSatisfy { $0 == "Pending/ContainerCreating" }, "\(Set(states))")
        await waitUntil("s25a running") { t.startedAt("s25a", "pod-with-poststart-http-hook") != nil }
        let request = try #require(Self.requests(t).first)
        #expect(request.line == "GET /echo?msg=poststart&hold=release")
        #expect(request.ua == "kube-lifecycle/1.35")
        let started = try #require(t.ev("s25a", "Started").first)
        #expect(request.at >= started.last - 0.01, "the request arrives after Started")
        let readyAt = try #require(epoch(t.podJSON("s25a")?.condition("ContainersReady")?["lastTransitionTime"]?.stringValue))
        #expect(readyAt >= releasedAt, "Running (and ready) only once the hook returned")
        #expect(t.podJSON("s25a")?.phase == "Running")
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        withExtendedLifetime(server) {}
    }

    @Test(.needs(.python3)) func s25b_preStopHttpHook() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let (server, p1) = await Background.srv(t, "echo")
        let file = t.manifest(Self.pod("s25b", #"""
            {"name": "pod-with-prestop-http-hook", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"preStop": {"httpGet": {"path": "/echo?msg=prestop", "host": "127.0.0.1", "port": {P1}}}}}
            """#, spec: #""terminationGracePeriodSeconds": 15"#), ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s25b running") { t.startedAt("s25b", "pod-with-prestop-http-hook") != nil }
        #expect(Self.requests(t).isEmpty)
        let (status, took) = await kl.terminate()
        #expect(status == 0)
        #expect(took < 1 + E2E.slack, "gone \(took) s after the delete, not at the 15 s grace")
        let request = try #require(Self.requests(t).first)
        #expect(request.line == "GET /echo?msg=prestop")
        #expect(request.ua == "kube-lifecycle/1.35")
        let killing = try #require(t.ev("s25b", "Killing").first)
        #expect(killing.last <= request.at + 0.01)
        withExtendedLifetime(server) {}
    }

    @Test(.needs(.python3)) func s25c_httpHooksIgnoreTheStatusCode() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let (server, p1) = await Background.srv(t, "echo")
        let file = t.manifest(Self.pod("s25c", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"postStart": {"httpGet": {"path": "/echo?status=500", "port": {P1}}},
                           "preStop": {"httpGet": {"path": "/echo?status=503", "port": {P1}}}}}
            """#), ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s25c running: a 500 from postStart is a success") { t.startedAt("s25c", "c") != nil }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(Self.requests(t).map(\.line) == ["GET /echo?status=500", "GET /echo?status=503"])
        #expect(t.ev("s25c").filter { $0.reason.hasPrefix("Failed") }.isEmpty, "\(t.ev("s25c"))")
        withExtendedLifetime(server) {}
    }

    // MARK: 26. HTTPS hooks and HTTP fallback

    @Test(.needs(.python3)) func s26b_httpsHookAgainstAPlainServerFallsBackToHttp() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let (server, p1) = await Background.srv(t, "echo")
        let file = t.manifest(Self.pod("s26b", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"postStart": {"httpGet": {"scheme": "HTTPS", "path": "/echo?msg=poststart", "host": "127.0.0.1",
                                                     "port": {P1}}}}}
            """#), ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s26b running") { t.startedAt("s26b", "c") != nil }
        #expect(Self.requests(t).map(\.line) == ["GET /echo?msg=poststart"])
        let fallback = try #require(t.ev("s26b", "LifecycleHTTPFallback").first)
        #expect(fallback.type == "Warning")
        #expect(fallback.message == "request to HTTPS lifecycle hook 127.0.0.1:\(p1) got HTTP response, retry with HTTP succeeded")
        #expect(t.ev("s26b", "FailedPostStartHook").isEmpty)
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        withExtendedLifetime(server) {}
    }

    /// 26a: an HTTPS hook against a real TLS server (self-signed certificate, not verified, as the
    /// kubelet does): the request arrives over TLS, the container runs, no fallback is reported.
    @Test(.needs(.python3), .needs(.openssl)) func s26a_httpsHookAgainstATLSServerRuns() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let path = t.path
        let made = await offPool {
            system("openssl req -x509 -newkey rsa:2048 -nodes -keyout \(path)/key.pem -out \(path)/cert.pem -days 2 -subj /CN=127.0.0.1 >/dev/null 2>&1")
        }
        #expect(made == 0)
        let (server, p1) = await Background.srv(t, "tls")
        let file = t.manifest(Self.pod("s26a", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"postStart": {"httpGet": {"scheme": "HTTPS", "path": "/echo?msg=poststart", "host": "127.0.0.1",
                                                     "port": {P1}}}}}
            """#, spec: #""restartPolicy": "Never""#), ["P1": p1])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s26a running") { t.startedAt("s26a", "c") != nil }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(Self.requests(t).map(\.line) == ["GET /echo?msg=poststart"])
        #expect(t.ev("s26a", "FailedPostStartHook").isEmpty)
        #expect(t.ev("s26a", "LifecycleHTTPFallback").isEmpty)
        withExtendedLifetime(server) {}
    }

    /// lifecycle §D8 for probes: an HTTPS probe is a real HTTPS request now; with nothing listening it
    /// fails with Go's dial error (a Failure, counted), never Unknown and never a silent pass.
    @Test func httpsProbeToAClosedPortFailsWithTheDialError() async throws {
        let t = await Scratch.admitted()
        let port = Fixture.freePort()
        let file = t.manifest(Self.pod("https-probe", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "readinessProbe": {"httpGet": {"scheme": "HTTPS", "path": "/", "port": {P}}, "periodSeconds": 1}}
            """#), ["P": port])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("two readiness failures of https-probe") { t.ev("https-probe", "Unhealthy").count >= 2 }
        let e = try #require(t.ev("https-probe", "Unhealthy").first)
        #expect(e.message == "Readiness probe failed: Get \"https://127.0.0.1:\(port)/\": dial tcp 127.0.0.1:\(port): connect: connection refused",
                "\(e)")
        #expect(!t.isReady("https-probe"))
        #expect(t.restarts("https-probe", "c") == 0)
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
    }

    /// Upstream runs `handler.Exec.Command` as written (handlers.go): no `$(VAR)` expansion and `$$`
    /// stays `$$`, unlike the container's command and exec probes.
    @Test
    func execHookCommandsAreNotExpanded() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("hook-env", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"], "env": [{"name": "STATIC", "value": "static-value"}],
             "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "echo '$(STATIC) $$' >{T}/saw"]}}}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("hook-env running") { t.startedAt("hook-env", "c") != nil }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(t.read("saw") == "$(STATIC) $$\n")
    }

    // MARK: 28. postStart blocks the container and the next container

    @Test func s28_postStartBlocksTheNextContainer() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        let file = t.manifest(Self.pod("s28", #"""
            {"name": "regular-1", "image": "busybox", "command": ["sh", "{T}/lc.sh", "regular-1", "0", "6", "0"],
             "lifecycle": {"postStart": {"exec": {"command": ["sh", "{T}/lc.sh", "PostStart-regular-1", "0", "3", "0"]}}}},
            {"name": "regular-2", "image": "busybox", "command": ["sh", "{T}/lc.sh", "regular-2", "0", "1", "0"]}
            """#, spec: #""restartPolicy": "Never""#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        // During the 3 s hook, regular-1 is Waiting/ContainerCreating and the pod Pending: every look
        // at the status taken after the hook's `Starting` line and before its `Exiting` line.
        var states: [String] = []
        await waitUntil("the postStart hook of s28 started and ended", context: kl.stdout) {
            let before = t.read("log") ?? ""
            let pod = t.podJSON("s28")
            let after = t.read("log") ?? ""
            guard !after.contains("PostStart-regular-1 Exiting") else { return true }
            guard before.contains("PostStart-regular-1 Starting") else { return false }
            if let pod, let w = pod.containerStatus("regular-1")?["state"]?["waiting"]?["reason"]?.stringValue {
                states.append("\(pod.phase ?? "?")/\(w)")
            } else {
                states.append("not waiting")
            }
            return false
        }
        #expect(!states.isEmpty && states.allSatisfy { $0 == "Pending/ContainerCreating" }, "\(Set(states))")
        #expect(await kl.exit() == 0)
        let log = lines(t.read("log"))
        func at(_ who: String, _ word: String) -> Double? {
            log.first { $0.split(separator: " ").dropFirst().prefix(2).joined(separator: " ") == "\(who) \(word)" }
                .flatMap(epochMillis)
        }
        let r1Start = try #require(at("regular-1", "Starting"))
        let hookStart = try #require(at("PostStart-regular-1", "Starting"))
        let hookEnd = try #require(at("PostStart-regular-1", "Exiting"))
        let r2Start = try #require(at("regular-2", "Starting"))
        let r1End = try #require(at("regular-1", "Exiting"))
        // The scenario has regular-1 Starting first; the hook and the entrypoint run concurrently (§8.1),
        // so only "together" (their Starting–Exiting intervals overlap) is asserted.
        #expect(hookStart < r1End && r1Start < hookEnd && hookStart < hookEnd && hookEnd <= r2Start, "\(log)")
        #expect(r2Start - hookStart >= 3 && r2Start - hookStart < 3 + E2E.slack, "regular-2 waits for the 3 s hook")
        #expect(r1End - r1Start >= 6 && r1End - r1Start < 6 + E2E.slack)
        let started = try #require(t.ev("s28", "Started").first { $0.fieldPath == "spec.containers{regular-1}" })
        #expect(started.last < hookEnd, "Started is emitted before the hook finishes")
        #expect(t.podJSON("s28")?.phase == "Succeeded")
    }

    // MARK: 29. postStart failure kills and restarts the container

    static func s29(_ name: String, policy: String) -> String {
        pod(name, #"""
            {"name": "app", "image": "busybox", "command": ["sh", "-c", "trap 'exit 143' TERM; sleep infinity & wait"],
             "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "echo boom; exit 1"]}},
                           "preStop": {"exec": {"command": ["sh", "-c", "echo prestop >>{T}/order; sleep 1"]}}}}
            """#, spec: #""restartPolicy": "POLICY""#.replacingOccurrences(of: "POLICY", with: policy))
    }

    @Test func s29_postStartFailureKillsRunsPreStopAndRestartsWithBackOff() async throws {
        let t = await Scratch.admitted(seconds: 15)
        let file = t.manifest(Self.s29("s29", policy: "Always"))
        let kl = E2E.start(["apply", "-o", "json", "--backoff-initial", "4", file], in: t)
        var hookErrors: Set<String> = []
        var backOff: Set<String> = []
        var finishes: Set<String> = []
        await waitUntil("four starts of s29", context: kl.stdout) {
            guard let s = t.status("s29", "app") else { return false }
            if let w = s["state"]?["waiting"], let reason = w["reason"]?.stringValue, let m = w["message"]?.stringValue {
                if reason == "PostStartHookError" { hookErrors.insert(m) }
                if reason == "CrashLoopBackOff" { backOff.insert(m) }
            }
            if let f = s["lastState"]?["terminated"]?["finishedAt"]?.stringValue { finishes.insert(f) }
            return t.ev("s29", "Started").count >= 4
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        let uid = t.podJSON("s29")?["metadata"]?["uid"]?.stringValue ?? "?"
        let first = t.ev("s29").filter { $0.fieldPath == "spec.containers{app}" }.prefix(4).map { "\($0.type) \($0.reason): \($0.message)" }
        #expect(first == ["Normal Created: Created container app", "Normal Started: Started container app",
                          "Warning FailedPostStartHook: PostStartHook failed", "Normal Killing: FailedPostStartHook"])
        #expect(lines(t.read("order")).count >= 4, "preStop runs on every attempt")
        let prefix = #"Exec lifecycle hook ([sh -c echo boom; exit 1]) for Container "app" in Pod "s29_default(\#(uid))" failed - error: "#
        #expect(!hookErrors.isEmpty, "waiting reason PostStartHookError seen")
        #expect(hookErrors.allSatisfy { $0.hasPrefix(prefix) && $0.contains("exited with 1") && $0.contains(#"message: "boom\n""#) },
                "\(hookErrors)")
        #expect(backOff.contains { $0.hasPrefix("back-off 4s restarting failed container=app pod=s29_default(") })
        #expect(!t.ev("s29", "BackOff").isEmpty)
        // Back-off 0, 4, 8 s from each finish to the next start: never early (so it doubles), the first
        // restart before a back-off would end (precise figures: make bench).
        let ends = finishes.compactMap(epoch).sorted()
        let starts = t.ev("s29", "Started").map(\.last).sorted()
        #expect(ends.count >= 3 && starts.count >= 4)
        if ends.count >= 3 && starts.count >= 4 {
            let gaps = (0..<3).map { starts[$0 + 1] - ends[$0] }
            #expect(gaps[0] < 4 && gaps[1] >= 4 - 0.05 && gaps[1] < 4 + E2E.slack && gaps[2] >= 8 - 0.05 && gaps[2] < 8 + E2E.slack,
                    "gaps \(gaps)")
        }
    }

    @Test func s29_never_postStartFailureFailsThePodAfterOneAttempt() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.s29("s29n", policy: "Never"))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        #expect(await kl.exit() == 1, "\(kl.stdout)")
        #expect(t.podJSON("s29n")?.phase == "Failed")
        #expect(t.status("s29n", "app")?["state"]?["terminated"]?["exitCode"] == .number("143"))
        #expect(t.restarts("s29n", "app") == 0)
        #expect(t.read("order") == "prestop\n")
        #expect(t.ev("s29n", "Killing").first?.message == "FailedPostStartHook")
    }

    // MARK: 30. Sleep preStop bounded by the grace period

    @Test func s30a_sleepPreStopDelaysTheStopSignal() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("s30a", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"], "lifecycle": {"preStop": {"sleep": {"seconds": 5}}}}
            """#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s30a running") { t.startedAt("s30a", "c") != nil }
        let (status, took) = await kl.terminate()
        #expect(status == 0)
        #expect(took >= 5 && took < 5 + E2E.slack, "gone \(took) s after the delete")
        #expect(t.status("s30a", "c")?["state"]?["terminated"]?["exitCode"] == .number("143"))
    }

    /// 30b deletes with `--grace-period 2` a pod whose sleep preStop (15 s) fits its own grace. kubelet-lite
    /// has no per-delete grace, and a pod grace below the sleep is invalid (as upstream), so: the
    /// validation, then the same cut with an exec preStop of 15 s under a 2 s grace.
    @Test func s30b_preStopIsCutAtTheGracePeriod() async throws {
        let t = await Scratch.admitted()
        let invalid = await E2E.run(["validate", t.manifest(Self.pod("s30b", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"], "lifecycle": {"preStop": {"sleep": {"seconds": 15}}}}
            """#, spec: #""terminationGracePeriodSeconds": 2"#), file: "invalid.json")], in: t)
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("spec.containers[0].lifecycle.preStop.sleep: Invalid value: 15: "), "\(invalid.stderr)")
        let file = t.manifest(Self.pod("s30b", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"preStop": {"exec": {"command": ["sh", "-c", "sh -c 'echo $PPID' >{T}/prestop.pid; exec sleep 15"]}}}}
            """#, spec: #""terminationGracePeriodSeconds": 2"#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s30b running") { t.startedAt("s30b", "c") != nil }
        let (status, took) = await kl.terminate()
        #expect(status == 0)
        #expect(took >= 2 && took < 2 + E2E.slack, "hook cut at 2 s, SIGTERM then: gone \(took) s after the delete")
        #expect(t.status("s30b", "c")?["state"]?["terminated"]?["exitCode"] == .number("143"))
        let hook = try #require(t.pid("prestop.pid"))
        #expect(!E2E.isAlive(hook))
    }

    @Test func s30c_preStopDoesNotRunForAnExitedContainer() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("s30c", #"""
            {"name": "c", "image": "busybox", "command": ["sh", "-c", "exit 0"], "lifecycle": {"preStop": {"sleep": {"seconds": 20}}}}
            """#, spec: #""restartPolicy": "Never""#))
        let start = wallNow()
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        let status = await kl.exit()
        #expect(status == 0)
        let at = kl.exitedAt ?? .infinity
        #expect(at - start < 1 + E2E.slack, "the pod ends when its container exits; no 20 s hook runs")
        #expect(t.podJSON("s30c")?.phase == "Succeeded")
        #expect(t.ev("s30c", "Killing").isEmpty)
    }

    // MARK: 31. preStop that never returns: grace + 2 s

    @Test func s31_preStopThatNeverReturnsGetsGracePlusTwoSeconds() async throws {
        let t = await Scratch.admitted()
        let file = t.manifest(Self.pod("s31", #"""
            {"name": "c", "image": "busybox",
             "command": ["sh", "-c", "trap 'date +%s%3N >>{T}/term' TERM; while true; do sleep 0.1; done"],
             "lifecycle": {"preStop": {"exec": {"command": ["sh", "-c", "sh -c 'echo $PPID' >{T}/prestop.pid; exec sleep 10000"]}}}}
            """#, spec: #""terminationGracePeriodSeconds": 5"#))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("s31 running") { t.startedAt("s31", "c") != nil }
        let deleteAt = wallNow()
        kl.signal(SIGTERM)
        await waitUntil("the preStop hook of s31 running") { t.pid("prestop.pid").map(E2E.isAlive) == true }
        #expect(await kl.exit() == 0)
        let goneAt = try #require(kl.exitedAt)
        let hook = try #require(t.pid("prestop.pid"))
        let term = try #require(lines(t.read("term")).first.flatMap(epochMillis), "the container got SIGTERM")
        #expect(term - deleteAt >= 5 - 0.1 && term - deleteAt < 5 + E2E.slack, "SIGTERM \(term - deleteAt) s after the delete")
        #expect(goneAt - deleteAt >= 7 - 0.1 && goneAt - deleteAt < 7 + E2E.slack, "SIGKILL \(goneAt - deleteAt) s after the delete")
        #expect(!E2E.isAlive(hook), "the preStop's sleep dies with the container")
        #expect(t.status("s31", "c")?["state"]?["terminated"]?["exitCode"] == .number("137"))
        #expect(t.podJSON("s31")?.phase == "Failed")
    }
}
