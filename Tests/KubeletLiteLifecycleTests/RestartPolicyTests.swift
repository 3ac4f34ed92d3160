// kubelet-lite — RestartPolicyTests.swift
// restartPolicy × exit code (spec §11.1, scenario 40).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct RestartPolicyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var policy: RestartPolicy
        var exitCode: Int32
        var restarts: Int
        var phase: PodPhase
        var finished: Bool
        var testDescription: String { "\(policy.rawValue) exit \(exitCode)" }
    }

    static let matrix: [Case] = [
        Case(policy: .always, exitCode: 0, restarts: 1, phase: .running, finished: false),
        Case(policy: .always, exitCode: 1, restarts: 1, phase: .running, finished: false),
        Case(policy: .onFailure, exitCode: 0, restarts: 0, phase: .succeeded, finished: true),
        Case(policy: .onFailure, exitCode: 1, restarts: 1, phase: .running, finished: false),
        Case(policy: .never, exitCode: 0, restarts: 0, phase: .succeeded, finished: true),
        Case(policy: .never, exitCode: 1, restarts: 0, phase: .failed, finished: true),
    ]

    @Test(arguments: matrix)
    func firstExit(_ c: Case) {
        var h = Harness(Harness.pod([Harness.container("a")], policy: c.policy))
        h.start()
        h.advance(by: 2)
        h.exit("a", code: c.exitCode)
        #expect(h.status("a").restartCount == c.restarts)
        #expect(h.phase == c.phase)
        #expect((h.finishedPhase != nil) == c.finished)
        if c.restarts == 0 {
            let t = h.status("a").state.terminated
            #expect(t?.exitCode == c.exitCode)
            #expect(t?.reason == (c.exitCode == 0 ? "Completed" : "Error"))
            #expect(!h.status("a").ready)
        } else {
            #expect(h.status("a").state.isRunning)
            #expect(h.status("a").lastState?.exitCode == c.exitCode)
        }
    }

    /// Scenario 40: exit 1 on the first run, 0 on the second, then run forever.
    @Test(arguments: [(RestartPolicy.always, 2, PodPhase.running), (.onFailure, 1, .succeeded), (.never, 0, .failed)])
    func scenario40(_ policy: RestartPolicy, _ restarts: Int, _ phase: PodPhase) {
        var h = Harness(Harness.pod([Harness.container("c")], policy: policy))
        h.start()
        h.exit("c", code: 1)
        if h.status("c").state.isRunning { h.exit("c", code: 0) }
        h.advance(by: 10)  // the second restart waits out the first back-off
        #expect(h.status("c").restartCount == restarts)
        #expect(h.phase == phase)
        if policy == .always {
            #expect(h.status("c").state.isRunning)
            #expect(h.status("c").ready)
        }
    }

    @Test func signalDeathReadsAs128PlusSignal() {
        var h = Harness(Harness.pod([Harness.container("a")], policy: .never))
        h.start()
        h.exit("a", code: 0, signal: 9)
        #expect(h.status("a").state.terminated?.exitCode == 137)
        #expect(h.status("a").state.terminated?.reason == "Error")
        #expect(h.phase == .failed)
    }

    @Test func neverPodSucceedsOnlyWhenEveryContainerExitsZero() {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")], policy: .never))
        h.start()
        h.exit("a", code: 0)
        #expect(h.phase == .running)
        #expect(h.condition("Ready")?.message == "containers with unready status: [a]")
        h.exit("b", code: 0)
        #expect(h.phase == .succeeded)
        #expect(h.condition("Ready")?.reason == "PodCompleted")
        #expect(h.condition("Initialized")?.reason == "PodCompleted")
    }
}
