// kubelet-lite — SidecarTests.swift
// Native sidecars: start gating, restarts whatever the policy, reverse-order termination (spec §6).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct SidecarTests {
    static func sidecar(_ name: String, preStop: HookHandler? = nil) -> Container {
        var c = Harness.container(name)
        c.restartPolicy = .always
        if let preStop { c.lifecycle = Lifecycle(preStop: preStop) }
        return c
    }

    static func threeSidecars(preStop: HookHandler? = nil) -> Harness {
        Harness(Harness.pod([Harness.container("regular-1")],
                            initContainers: (1...3).map { sidecar("restartable-init-\($0)", preStop: preStop) },
                            policy: .never))
    }

    @Test func sidecarsStartInOrderAndKeepRunningWithTheMainContainer() {
        var h = SidecarTests.threeSidecars()
        h.start()
        #expect(h.starts == ["restartable-init-1", "restartable-init-2", "restartable-init-3", "regular-1"])
        #expect(h.phase == .running)
        #expect(h.condition("Initialized")?.status == true)
    }

    /// Scenario 56: after the main container exits, sidecars get SIGTERM one at a time, last declared first.
    @Test func sidecarsStopInReverseOrderAfterTheMainContainers() {
        var h = SidecarTests.threeSidecars()
        h.start()
        h.advance(by: 5)
        h.exit("regular-1", code: 0)
        #expect(h.events("Killing").map(\.message) == (1...3).map { "Stopping container restartable-init-\($0)" },
                "every sidecar is told at once")
        #expect(h.signalsSent.map(\.0) == ["restartable-init-3"])
        h.advance(by: 5)
        h.exit("restartable-init-3", code: 0)
        #expect(h.signalsSent.map(\.0) == ["restartable-init-3", "restartable-init-2"])
        h.advance(by: 5)
        h.exit("restartable-init-2", code: 0)
        #expect(h.signalsSent.map(\.0) == ["restartable-init-3", "restartable-init-2", "restartable-init-1"])
        h.exit("restartable-init-1", code: 0)
        #expect(h.finishedPhase == .succeeded)
    }

    /// Scenario 57: preStops that never return: every sidecar is SIGTERMed at the grace, SIGKILLed 2 s later.
    @Test func hangingSidecarPreStopsAllEndAtGracePlusTwo() {
        var h = SidecarTests.threeSidecars(preStop: .exec(command: ["sleep", "10000"]))
        h.start()
        h.exit("regular-1", code: 0)
        #expect(h.inFlight.count == 3, "all preStops start together")
        h.advance(by: 29.99)
        #expect(h.signalsSent.isEmpty)
        h.advance(by: 0.01)
        #expect(Set(h.signalsSent.map(\.0)) == Set((1...3).map { "restartable-init-\($0)" }))
        h.advance(by: 2)
        #expect(Set(h.kills) == Set((1...3).map { "restartable-init-\($0)" }))
        for n in 1...3 { h.exit("restartable-init-\(n)", signal: 9) }
        #expect(h.finishedPhase == .succeeded, "sidecar exit codes do not decide the phase")
    }

    @Test func aSidecarWaitingItsTurnUsesWhatIsLeftOfTheGrace() {
        var h = Harness(Harness.pod([Harness.container("main")], initContainers: [SidecarTests.sidecar("side")],
                                    grace: 10))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        #expect(h.signalsSent.map(\.0) == ["main"])
        h.advance(by: 4)
        h.exit("main", code: 0)
        #expect(h.signalsSent.map(\.0) == ["main", "side"])
        h.advance(by: 5.99)  // 10 s grace - 4 s waited = 6 s to SIGKILL
        #expect(h.kills.isEmpty)
        h.advance(by: 0.01)
        #expect(h.kills == ["side"])
    }

    @Test func aSidecarThatExitsIsRestartedEvenUnderNever() {
        var h = Harness(Harness.pod([Harness.container("main")], initContainers: [SidecarTests.sidecar("side")],
                                    policy: .never))
        h.start()
        h.exit("side", code: 0)
        #expect(h.status("side").restartCount == 1)
        h.exit("side", code: 1)
        #expect(h.status("side").state.waitingReason == "CrashLoopBackOff")
        #expect(h.phase == .running)
    }
}
