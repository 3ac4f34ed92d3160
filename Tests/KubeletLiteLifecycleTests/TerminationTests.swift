// kubelet-lite — TerminationTests.swift
// Stop on request, grace, SIGKILL deadline, force, activeDeadlineSeconds (spec §2, §9, §10, I.6).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct TerminationTests {
    func signals(_ h: Harness) -> [(String, Int32)] {
        h.log.compactMap { if case .signal(let r, let s) = $0 { (r.name, s.number) } else { nil } }
    }

    func kills(_ h: Harness) -> [String] {
        h.log.compactMap { if case .killContainer(let r) = $0 { r.name } else { nil } }
    }

    @Test func deletionSendsSIGTERMToEachContainerAndEndsWhenTheyExit() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")]))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        #expect(signals(h).map(\.0) == ["a", "b"])
        #expect(signals(h).allSatisfy { $0.1 == 15 })
        #expect(h.events("Killing").map(\.message) == ["Stopping container a", "Stopping container b"])
        #expect(h.phase == .running, "the phase stays during the grace period")
        #expect(h.machine.status.terminating)
        h.exit("a", code: 0)
        h.exit("b", code: 0)
        #expect(h.finishedPhase == .succeeded)
        #expect(kills(h).isEmpty)
        #expect(h.status("a").restartCount == 0, "nothing restarts once the pod is being deleted")
    }

    @Test func aContainerIgnoringSIGTERMIsKilledAtTheGraceDeadline() {
        var h = Harness(Harness.pod([Harness.container("a")], grace: 3))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        h.advance(by: 2.999)
        #expect(kills(h).isEmpty, "never before the grace period")
        h.advance(by: 0.001)
        #expect(kills(h) == ["a"])
        h.exit("a", signal: 9)
        #expect(h.status("a").state.terminated?.exitCode == 137)
        #expect(h.finishedPhase == .failed)
    }

    @Test(arguments: [Int64(0), 1])
    func theSIGKILLDeadlineIsAtLeastTwoSeconds(_ grace: Int64) {
        var h = Harness(Harness.pod([Harness.container("a")], grace: grace))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        h.advance(by: 1.99)
        #expect(kills(h).isEmpty)
        h.advance(by: 0.01)
        #expect(kills(h) == ["a"])
    }

    @Test func aSecondDeletionCanOnlyShortenTheGrace() {
        var h = Harness(Harness.pod([Harness.container("a")], grace: 30))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        h.advance(by: 1)
        h.feed(.terminate(gracePeriod: 60))
        h.advance(by: 10)
        #expect(kills(h).isEmpty)
        h.feed(.terminate(gracePeriod: 3))
        h.advance(by: 3)
        #expect(kills(h) == ["a"])
    }

    @Test func forceKillsEverythingNow() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")]))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        h.feed(.forceTerminate)
        #expect(kills(h) == ["a", "b"])
        h.exit("a", signal: 9)
        h.exit("b", signal: 9)
        #expect(h.finishedPhase == .failed)
    }

    @Test func containersInBackoffAreNotRestartedAfterDeletion() {
        var h = Harness(Harness.pod([Harness.container("a")]))
        h.start()
        h.exit("a", code: 1)
        h.exit("a", code: 1)  // now waiting out 10 s
        h.feed(.terminate(gracePeriod: nil))
        #expect(h.finishedPhase == .failed)
        h.advance(by: 20)
        #expect(h.starts.count == 2)
        #expect(h.status("a").state.terminated?.exitCode == 1)
    }

    @Test func activeDeadlineFailsThePodAndKillsItsContainers() {
        var h = Harness(Harness.pod([Harness.container("a")], deadline: 5))
        h.start()
        h.advance(by: 4.9)
        #expect(h.phase == .running)
        h.advance(by: 0.1)
        #expect(h.phase == .failed)
        #expect(h.machine.status.reason == "DeadlineExceeded")
        #expect(h.machine.status.message == "Pod was active on the node longer than the specified deadline")
        #expect(h.events("Killing").first?.message == "Stopping container a")
        #expect(signals(h).map(\.0) == ["a"])
        h.exit("a", signal: 15)
        #expect(h.finishedPhase == .failed)
        #expect(!h.machine.isStopRequested)
    }

    @Test func stopSignalFollowsLifecycleStopSignal() {
        var c = Harness.container("a")
        c.lifecycle = Lifecycle(stopSignal: "SIGUSR1")
        var h = Harness(Harness.pod([c]))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        #expect(signals(h).first?.1 == 10)
    }

    @Test func finishedPodReportsSandboxGone() {
        var h = Harness(Harness.pod([Harness.container("a")], policy: .never))
        h.start()
        h.exit("a")
        #expect(h.condition("PodReadyToStartContainers")?.status == false)
        #expect(h.condition("PodScheduled")?.status == true)
    }
}
