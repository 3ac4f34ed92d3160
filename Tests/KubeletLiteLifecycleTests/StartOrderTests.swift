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

    @Test func mainContainersAreToldInSpecOrder() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b"), Harness.container("c")]))
        h.start()
        #expect(h.starts == ["a", "b", "c"])
        let created = h.events.filter { $0.reason == "Created" || $0.reason == "Started" }.map { "\($0.reason) \($0.container!.name)" }
        #expect(created == ["Created a", "Started a", "Created b", "Started b", "Created c", "Started c"])
    }

    /// Launches overlap: the next main container's process is asked for before the previous one's
    /// command has exec'd, but `Created`/`Started` are told one container after the other (lifecycle §0.2).
    @Test func mainStartsOverlapButAreToldInLaunchOrder() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b"), Harness.container("c")]))
        h.deferStarts = true
        h.start()
        #expect(h.awaitingStart.map(\.name) == ["a", "b", "c"], "b and c are launched before a has started")
        #expect(h.events.map { "\($0.reason) \($0.container?.name ?? "")" } == ["Scheduled ", "Created a"])
        h.answerStart("c")
        h.answerStart("b")
        #expect(h.events("Started").isEmpty, "b and c wait for a")
        #expect(!h.status("b").state.isRunning)
        h.answerStart("a")
        let told = h.events.filter { $0.reason == "Created" || $0.reason == "Started" }.map { "\($0.reason) \($0.container!.name)" }
        #expect(told == ["Created a", "Started a", "Created b", "Started b", "Created c", "Started c"])
        #expect(["a", "b", "c"].allSatisfy { h.status($0).state.isRunning })
        #expect(h.phase == .running)
    }

    /// A container with a postStart hook is launched after those before it, and nothing after it is
    /// launched until its hook returns (lifecycle §8.1).
    @Test func aPostStartHookHoldsBackLaterLaunches() {
        var hooked = Harness.container("b")
        hooked.lifecycle = Lifecycle(postStart: .exec(command: ["sleep", "1"]))
        var h = Harness(Harness.pod([Harness.container("a"), hooked, Harness.container("c")]))
        h.deferStarts = true
        h.start()
        #expect(h.awaitingStart.map(\.name) == ["a", "b"])
        h.answerStart("b")
        h.answerStart("a")
        #expect(h.starts == ["a", "b"], "c waits for b's hook")
        h.answer("b", .hook(.postStart), .exited(code: 0, stdout: "", stderr: ""))
        #expect(h.awaitingStart.map(\.name) == ["c"])
    }

    /// At most `mainStartWindow` starts are under way, so one loop iteration's work stays bounded.
    @Test func atMostAWindowOfMainStartsIsUnderWay() {
        let names = (0..<20).map { "c\($0)" }
        var h = Harness(Harness.pod(names.map(Harness.container)))
        h.deferStarts = true
        h.start()
        let window = PodMachine.mainStartWindow
        #expect(h.awaitingStart.map(\.name) == Array(names.prefix(window)))
        h.answerStart("c0")
        #expect(h.awaitingStart.count == window)
        #expect(h.awaitingStart.last?.name == names[window])
        while !h.awaitingStart.isEmpty { h.answerStart() }
        #expect(h.starts == names)
        #expect(h.events("Started").map { $0.container!.name } == names)
    }

    /// A pod stopped while starts are under way: every container launched is told `Created` before
    /// its `Killing`, and its late answer still counts as a start that is then stopped.
    @Test func aStopDuringOverlappingStartsTellsCreatedBeforeKilling() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")]))
        h.deferStarts = true
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        let told = h.events.filter { ["Created", "Killing"].contains($0.reason) }.map { "\($0.reason) \($0.container!.name)" }
        #expect(told == ["Created a", "Killing a", "Created b", "Killing b"])
        h.answerStart("b")
        h.answerStart("a")
        #expect(h.events("Started").map { $0.container!.name } == ["a", "b"])
        #expect(h.events("Created").count == 2, "no container is told Created twice")
    }

    /// An instance that ends while its start is still held (it exited at once) keeps its exit
    /// until the start is told: the exit is never lost, and comes after `Started`.
    @Test func anExitWhileTheStartIsHeldFollowsTheStart() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")], policy: .never))
        h.deferStarts = true
        h.start()
        h.answerStart("b")
        h.exit("b", code: 3)
        #expect(!h.status("b").state.isRunning && h.status("b").state.terminated == nil, "b is still untold")
        h.answerStart("a")
        #expect(h.events("Started").map { $0.container!.name } == ["a", "b"])
        #expect(h.status("b").state.terminated?.exitCode == 3)
        #expect(h.status("a").state.isRunning)
    }

    /// A start that fails behind one still under way is told after it, as a start that succeeds
    /// would be: `Failed` never comes before the earlier container's `Started`.
    @Test func aFailedStartHeldBehindAnEarlierOneIsToldAfterIt() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")], policy: .never))
        h.failingStarts["b"] = "unable to start container process: exec: \"nope\": executable file not found in $PATH"
        h.deferStarts = true
        h.start()
        h.answerStart("b")
        #expect(h.events("Failed").isEmpty, "b's failure waits for a")
        #expect(h.status("b").state.terminated == nil)
        h.answerStart("a")
        let told = h.events.filter { ["Created", "Started", "Failed"].contains($0.reason) }
            .map { "\($0.reason) \($0.container!.name)" }
        #expect(told == ["Created a", "Started a", "Created b", "Failed b"])
        #expect(h.status("b").state.terminated?.reason == "StartError")
        #expect(h.status("a").state.isRunning)
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
