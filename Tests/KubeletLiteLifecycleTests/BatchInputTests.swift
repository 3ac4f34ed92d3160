// kubelet-lite — BatchInputTests.swift
// Exits reaped together are one batch of inputs: the same actions and status as one by one.

@testable import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct BatchInputTests {
    /// Four running containers, as a harness sees them.
    static func running(_ policy: RestartPolicy) -> Harness {
        var h = Harness(Harness.pod(["a", "b", "c", "d"].map { Harness.container($0) }, policy: policy))
        h.start()
        return h
    }

    static func exits(_ h: Harness, codes: [String: Int32]) -> [PodInput] {
        codes.keys.sorted().map { .containerExited(h.ref($0), exitCode: codes[$0]!, signal: nil) }
    }

    /// Feeds `inputs` one by one to one copy and as a batch to another; both must agree.
    static func expectSameOutcome(_ h: Harness, _ inputs: [PodInput], _ what: String) {
        var single = h
        var batched = h
        single.log.removeAll()
        batched.log.removeAll()
        for input in inputs { single.feed(input) }
        batched.feed(inputs)
        // A batch may launch a start before an earlier one is answered (lifecycle §0.2), so the
        // actions are compared kind by kind: the same starts and the same events, each in order.
        #expect(batched.log.filter(\.isStart) == single.log.filter(\.isStart), "\(what): the starts differ")
        #expect(batched.log.filter { !$0.isStart } == single.log.filter { !$0.isStart }, "\(what): the actions differ")
        #expect(batched.machine.status == single.machine.status, "\(what): the status differs")
        #expect(batched.events.map(\.reason) == single.events.map(\.reason), "\(what): the events differ")
        // The batch itself (before the harness answers its starts) moves the status once.
        var machine = h.machine
        let version = machine.statusVersion
        _ = machine.handle(inputs, at: h.now)
        #expect(machine.statusVersion == version + 1, "\(what): one batch, one new status")
    }

    @Test func exitsDuringAStopAgreeWithOneByOne() {
        var h = Self.running(.always)
        h.feed(.terminate(gracePeriod: nil))
        Self.expectSameOutcome(h, Self.exits(h, codes: ["a": 143, "b": 143, "c": 0]), "three of four stopped")
        Self.expectSameOutcome(h, Self.exits(h, codes: ["a": 143, "b": 143, "c": 0, "d": 137]), "all four stopped")
    }

    @Test func exitsThatRestartOrEndThePodAgreeWithOneByOne() {
        let always = Self.running(.always)
        Self.expectSameOutcome(always, Self.exits(always, codes: ["a": 1, "c": 0]), "two restarts")
        let never = Self.running(.never)
        Self.expectSameOutcome(never, Self.exits(never, codes: ["a": 0, "b": 0, "c": 0, "d": 1]), "the pod's end")
    }
}

extension PodAction {
    /// A start asked of the runtime.
    var isStart: Bool {
        if case .startContainer = self { return true }
        return false
    }
}
