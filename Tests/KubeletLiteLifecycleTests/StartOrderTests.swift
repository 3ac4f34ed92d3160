// kubelet-lite — StartOrderTests.swift
// Init containers one at a time, then main containers in spec order (spec §5, §7, §14).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct StartOrderTests {
    @Test func initContainersRunOneAtATimeThenMainsInOrder() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")],
                                    initContainers: [Harness.container("i1"), Harness.container("i2")]))
        h.start()
        #expect(h.starts == ["i1"])
        #expect(h.phase == .pending)
        #expect(h.status("a").state == .waiting(reason: "PodInitializing", message: nil))
        #expect(h.condition("Initialized")?.message == "containers with incomplete status: [i1 i2]")
        h.advance(by: 1)
        h.exit("i1")
        #expect(h.starts == ["i1", "i2"])
        h.exit("i2")
        #expect(h.starts == ["i1", "i2", "a", "b"])
        #expect(h.phase == .running)
        #expect(h.condition("Initialized")?.status == true)
        #expect(h.condition("Ready")?.status == true)
        #expect(h.status("i1").ready)
        #expect(h.status("i1").state.terminated?.reason == "Completed")
    }

    @Test func podWithoutInitContainersWaitsInContainerCreating() {
        var h = Harness(Harness.pod([Harness.container("a")]))
        #expect(h.phase == .pending)
        h.start()
        #expect(h.phase == .running)
        #expect(h.events.map(\.reason) == ["Scheduled", "Created", "Started"])
        #expect(h.events("Created").first?.message == "Created container a")
        #expect(h.events("Started").first?.message == "Started container a")
        #expect(h.events("Scheduled").first?.message == "Successfully assigned default/p to node-1")
    }

    @Test func initFailureUnderNeverFailsThePodAndStartsNothingElse() {
        var h = Harness(Harness.pod([Harness.container("main")],
                                    initContainers: [Harness.container("init1"), Harness.container("init2")],
                                    policy: .never))
        h.start()
        h.exit("init1")
        h.exit("init2", code: 1)
        #expect(h.phase == .failed)
        #expect(h.finishedPhase == .failed)
        #expect(h.starts == ["init1", "init2"])
        #expect(h.condition("Initialized")?.status == false)
        #expect(h.condition("Initialized")?.reason == "ContainersNotInitialized")
        #expect(h.condition("Initialized")?.message == "containers with incomplete status: [init2]")
        #expect(h.status("init2").state.terminated?.reason == "Error")
        #expect(h.status("main").state == .waiting(reason: "PodInitializing", message: nil))
        #expect(!h.events("Created").contains { $0.container?.name == "main" })
    }

    @Test func initFailureUnderAlwaysRetriesTheSameInitWithBackoff() {
        var h = Harness(Harness.pod([Harness.container("main")],
                                    initContainers: [Harness.container("init1"), Harness.container("init2")]))
        h.start()
        h.exit("init1", code: 1)  // first restart is immediate
        #expect(h.starts == ["init1", "init1"])
        h.exit("init1", code: 1)
        #expect(h.status("init1").state.waitingReason == "CrashLoopBackOff")
        #expect(h.phase == .pending)
        #expect(h.condition("Initialized")?.message == "containers with incomplete status: [init1 init2]")
        h.advance(by: 10)
        #expect(h.starts == ["init1", "init1", "init1"])
        #expect(h.status("init1").restartCount == 2)
        #expect(h.status("init2").state == .waiting(reason: "PodInitializing", message: nil))
    }

    @Test func mainContainersStartOnlyAfterTheirPredecessorStarted() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b"), Harness.container("c")]))
        h.start()
        #expect(h.starts == ["a", "b", "c"])
        let created = h.events.filter { $0.reason == "Created" || $0.reason == "Started" }.map { "\($0.reason) \($0.container!.name)" }
        #expect(created == ["Created a", "Started a", "Created b", "Started b", "Created c", "Started c"])
    }

    @Test func startFailureIsAStartErrorWithExit128() {
        var h = Harness(Harness.pod([Harness.container("a")], policy: .never))
        h.failingStarts["a"] = "unable to start container process: exec: \"nope\": executable file not found in $PATH"
        h.start()
        let t = h.status("a").state.terminated
        #expect(t?.reason == "StartError")
        #expect(t?.exitCode == 128)
        #expect(h.events("Failed").first?.message == "Error: unable to start container process: exec: \"nope\": executable file not found in $PATH")
        #expect(h.events("Failed").first?.type == .warning)
        #expect(h.phase == .failed)
    }

    /// Spec §4: lastTransitionTime moves only when a condition's status flips, not when its reason does.
    @Test func conditionTransitionTimesMoveOnlyOnAFlip() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")], policy: .never))
        let started = h.now
        h.start()
        #expect(h.condition("Ready")?.status == true)
        #expect(h.condition("Ready")?.lastTransitionTime == started)
        h.advance(by: 5)
        h.exit("a", code: 0)
        #expect(h.condition("Ready")?.reason == "ContainersNotReady")
        #expect(h.condition("Ready")?.lastTransitionTime == started + .seconds(5))
        h.advance(by: 2)
        h.exit("b", code: 0)
        #expect(h.condition("Ready")?.reason == "PodCompleted", "the reason changed ...")
        #expect(h.condition("Ready")?.lastTransitionTime == started + .seconds(5), "... the status did not")
        #expect(h.condition("PodScheduled")?.lastTransitionTime == started)
    }
}
