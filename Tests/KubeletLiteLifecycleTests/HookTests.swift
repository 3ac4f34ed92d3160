// kubelet-lite — HookTests.swift
// postStart and preStop with a fake clock (spec §8, §9.2, scenarios 28–31).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct HookTests {
    static func hooked(postStart: HookHandler? = nil, preStop: HookHandler? = nil, policy: RestartPolicy = .always,
                       grace: Int64 = 30, second: Bool = false) -> Harness {
        var c = Harness.container("app")
        c.lifecycle = Lifecycle(postStart: postStart, preStop: preStop)
        let containers = second ? [c, Harness.container("next")] : [c]
        return Harness(Harness.pod(containers, policy: policy, grace: grace))
    }

    static let echoBoom = HookHandler.exec(command: ["sh", "-c", "echo boom; exit 1"])

    @Test func postStartHoldsTheContainerInContainerCreatingAndTheNextStart() {
        var h = HookTests.hooked(postStart: .exec(command: ["sleep", "5"]), second: true)
        h.start()
        #expect(h.starts == ["app"])
        #expect(h.events("Started").map { $0.container!.name } == ["app"], "Started is emitted before the hook ends")
        #expect(h.status("app").state == .waiting(reason: "ContainerCreating", message: nil))
        #expect(h.phase == .pending)
        h.advance(by: 5)
        #expect(h.starts == ["app"])
        h.answer("app", .hook(.postStart), .exited(code: 0, stdout: "", stderr: ""))
        #expect(h.starts == ["app", "next"])
        #expect(h.status("app").state.isRunning)
        #expect(h.phase == .running)
    }

    @Test func postStartFailureKillsRunsPreStopAndRestarts() {
        var h = HookTests.hooked(postStart: HookTests.echoBoom, preStop: .exec(command: ["sh", "-c", "echo prestop"]))
        h.start()
        h.answer("app", .hook(.postStart), .exited(code: 1, stdout: "boom\n", stderr: ""))
        #expect(h.events.map(\.reason).suffix(2) == ["FailedPostStartHook", "Killing"])
        #expect(h.events("FailedPostStartHook").first?.message == "PostStartHook failed")
        #expect(h.events("Killing").first?.message == "FailedPostStartHook")
        #expect(h.isInFlight("app", .hook(.preStop)), "the kill runs preStop")
        #expect(h.signalsSent.isEmpty, "no stop signal while preStop runs")
        h.answer("app", .hook(.preStop), .exited(code: 0, stdout: "", stderr: ""))
        #expect(h.signalsSent.map(\.0) == ["app"])
        h.exit("app", signal: 15)
        // First restart immediate; the hook's error is kept as the last start error.
        #expect(h.status("app").restartCount == 1)
        h.answer("app", .hook(.postStart), .exited(code: 1, stdout: "boom\n", stderr: ""))
        h.answer("app", .hook(.preStop), .exited(code: 0, stdout: "", stderr: ""))
        h.exit("app", signal: 15)
        let state = h.status("app").state
        #expect(state.waitingReason == "CrashLoopBackOff")
        #expect(h.events("BackOff").count == 1)
    }

    @Test func postStartFailureShowsTheDetailedErrorWhileTheContainerIsKilled() {
        var h = HookTests.hooked(postStart: HookTests.echoBoom, policy: .never)
        h.start()
        h.answer("app", .hook(.postStart), .exited(code: 1, stdout: "boom\n", stderr: ""))
        let expected = "Exec lifecycle hook ([sh -c echo boom; exit 1]) for Container \"app\" in Pod \"p_default(uid-1)\" "
            + "failed - error: command 'sh -c echo boom; exit 1' exited with 1: , message: \"boom\\n\""
        #expect(h.status("app").state == .waiting(reason: "PostStartHookError", message: expected))
        #expect(h.phase == .pending)
        #expect(h.events("Killing").first?.message == "FailedPostStartHook", "no ', will be restarted': that is for probes")
        h.exit("app", signal: 15)
        // Never: one attempt only; the container shows how the kill ended it.
        #expect(h.status("app").state.terminated?.exitCode == 143)
        #expect(h.status("app").restartCount == 0)
        #expect(h.phase == .failed)
    }

    @Test func postStartFailureUnderOnFailureRestartsWithTheErrorUntilThen() {
        var h = HookTests.hooked(postStart: HookTests.echoBoom, policy: .onFailure)
        h.start()
        h.exit("app", code: 1)  // a crash first: the back-off entry exists, the next restart waits 10 s
        h.answer("app", .hook(.postStart), .exited(code: 1, stdout: "boom\n", stderr: ""))
        h.exit("app", signal: 15)
        #expect(h.status("app").state.waitingReason == "CrashLoopBackOff")
        #expect(h.status("app").lastState?.exitCode == 143)
        h.advance(by: 10)
        #expect(h.status("app").restartCount == 2)
    }

    @Test func preStopRunsBeforeTheStopSignalAndItsTimeIsSubtracted() {
        var h = HookTests.hooked(preStop: .exec(command: ["sh", "-c", "sleep 3"]), grace: 10)
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        #expect(h.events("Killing").first?.message == "Stopping container app")
        #expect(h.isInFlight("app", .hook(.preStop)))
        h.advance(by: 3.4)
        #expect(h.signalsSent.isEmpty)
        h.answer("app", .hook(.preStop), .exited(code: 0, stdout: "", stderr: ""))
        #expect(h.signalsSent.map(\.1) == [15])
        h.advance(by: 6.99)   // 10 s − 3 whole seconds of preStop = 7 s
        #expect(h.kills.isEmpty)
        h.advance(by: 0.01)
        #expect(h.kills == ["app"])
    }

    @Test func aFailingPreStopIsReportedAndTheStopGoesOn() {
        var h = HookTests.hooked(preStop: .exec(command: ["false"]))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        h.answer("app", .hook(.preStop), .exited(code: 1, stdout: "", stderr: ""))
        #expect(h.events("FailedPreStopHook").first?.message == "PreStopHook failed")
        #expect(h.signalsSent.count == 1)
    }

    /// Scenario 31: a preStop that never returns: SIGTERM at the grace, SIGKILL 2 s later.
    @Test func aHangingPreStopGetsGracePlusTwoSeconds() {
        var h = HookTests.hooked(preStop: .exec(command: ["sleep", "10000"]), grace: 30)
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        h.advance(by: 29.99)
        #expect(h.signalsSent.isEmpty)
        h.advance(by: 0.01)
        #expect(h.signalsSent.count == 1)
        h.advance(by: 1.99)
        #expect(h.kills.isEmpty)
        h.advance(by: 0.01)
        #expect(h.kills == ["app"])
    }

    /// Scenario 30 (a, b): the kubelet sleeps itself, bounded by the grace period.
    @Test(arguments: [(Int64(5), Int64(30), 5.0), (15, 2, 2.0)])
    func sleepPreStop(_ seconds: Int64, _ grace: Int64, _ signalAt: Double) {
        var h = HookTests.hooked(preStop: .sleep(seconds: seconds), grace: grace)
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        #expect(h.inFlight.isEmpty, "no process for a sleep hook")
        h.advance(by: signalAt - 0.01)
        #expect(h.signalsSent.isEmpty)
        h.advance(by: 0.01)
        #expect(h.signalsSent.count == 1)
    }

    @Test func preStopDoesNotRunForAnExitedContainer() {
        var h = HookTests.hooked(preStop: .sleep(seconds: 20), policy: .never)
        h.start()
        h.exit("app", code: 0)
        #expect(h.phase == .succeeded)
        #expect(h.events("Killing").isEmpty)
        #expect(h.finishedPhase == .succeeded)
    }

    @Test func httpHookIgnoresTheStatusAndHTTPSFallsBack() {
        let action = HTTPGetAction(path: "/echo?msg=poststart", port: .int(8080), host: "127.0.0.1", scheme: "HTTPS",
                                   httpHeaders: [HTTPHeader(name: "Authorization", value: "Bearer x"), HTTPHeader(name: "X-A", value: "1")])
        var h = HookTests.hooked(postStart: .httpGet(action))
        h.start()
        guard case .http(let check)? = h.inFlight.values.first else {
            Issue.record("no HTTP hook check")
            return
        }
        #expect(check.userAgent == "kube-lifecycle/1.35")
        // lifecycle §8.2: HTTPS first; the server answers in plain HTTP; then a retry over HTTP without Authorization.
        #expect(check.scheme == "https")
        #expect(check.headers.count == 2)
        h.answer("app", .hook(.postStart), .httpsGotHTTP("Get \"https://127.0.0.1:8080/echo?msg=poststart\": http: server gave HTTP response to HTTPS client"))
        guard case .http(let retry)? = h.inFlight.values.first, h.inFlight.keys.first?.httpFallback == true else {
            Issue.record("no HTTP retry")
            return
        }
        #expect(retry.scheme == "http")
        #expect(retry.headers.map(\.name) == ["X-A"])
        #expect(h.events("LifecycleHTTPFallback").isEmpty)
        h.answer("app", .hook(.postStart), .response(status: 500, body: ""))
        #expect(h.status("app").state.isRunning)
        #expect(h.events("LifecycleHTTPFallback").first?.message
                == "request to HTTPS lifecycle hook 127.0.0.1:8080 got HTTP response, retry with HTTP succeeded")
    }

    @Test func httpsHookAnsweredOverTLSNeedsNoFallback() {
        let action = HTTPGetAction(path: "/ok", port: .int(8443), host: "127.0.0.1", scheme: "HTTPS")
        var h = HookTests.hooked(postStart: .httpGet(action))
        h.start()
        h.answer("app", .hook(.postStart), .response(status: 200, body: "ok"))
        #expect(h.status("app").state.isRunning)
        #expect(h.events("LifecycleHTTPFallback").isEmpty)
    }

    @Test func httpsHookWhoseRetryFailsReportsTheHTTPSError() {
        let action = HTTPGetAction(path: "/hook", port: .int(8080), host: "127.0.0.1", scheme: "HTTPS")
        var h = HookTests.hooked(postStart: .httpGet(action), policy: .never)
        h.start()
        h.answer("app", .hook(.postStart), .httpsGotHTTP("Get \"https://127.0.0.1:8080/hook\": http: server gave HTTP response to HTTPS client"))
        h.answer("app", .hook(.postStart), .failed("Get \"http://127.0.0.1:8080/hook\": EOF"))
        #expect(h.events("FailedPostStartHook").count == 1)
        guard case .waiting(let reason, let message?) = h.status("app").state else {
            Issue.record("not waiting: \(h.status("app").state)")
            return
        }
        #expect(reason == "PostStartHookError")
        #expect(message.hasSuffix("failed - error: Get \"https://127.0.0.1:8080/hook\": http: server gave HTTP response to HTTPS client"))
    }

    @Test func httpHookTransportErrorFails() {
        let action = HTTPGetAction(path: "/hook", port: .int(1), host: "127.0.0.1")
        var h = HookTests.hooked(postStart: .httpGet(action), policy: .never)
        h.start()
        h.answer("app", .hook(.postStart), .failed("Get \"http://127.0.0.1:1/hook\": dial tcp 127.0.0.1:1: connect: connection refused"))
        #expect(h.events("FailedPostStartHook").count == 1)
        h.exit("app", signal: 15)
        #expect(h.phase == .failed)
        #expect(h.status("app").state.terminated?.exitCode == 143)
    }

    /// A second delete with a shorter grace cuts a running preStop (scenario 30b: 15 s sleep, grace 2).
    @Test func aShorterGraceCutsARunningPreStop() {
        var h = HookTests.hooked(preStop: .exec(command: ["sleep", "15"]), grace: 30)
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        h.advance(by: 1)
        h.feed(.terminate(gracePeriod: 2))
        h.advance(by: 1.99)
        #expect(h.signalsSent.isEmpty)
        h.advance(by: 0.01)
        #expect(h.signalsSent.count == 1, "SIGTERM when the shortened grace runs out")
        h.advance(by: 2)
        #expect(h.kills == ["app"])
    }
}
