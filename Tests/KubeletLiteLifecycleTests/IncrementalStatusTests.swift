// kubelet-lite — IncrementalStatusTests.swift
// The status recomputed only for the containers that changed is the status recomputed for all.

@testable import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct IncrementalStatusTests {
    /// The status a refresh of every container gives now (what the machine computed before it
    /// remembered which records changed).
    static func fullRefresh(_ machine: PodMachine, _ now: Instant) -> PodStatusSnapshot {
        var full = machine
        full.statusInputs = nil
        full.refreshStatus(now)
        return full.status
    }

    /// The determinism script (a sidecar, four probed containers, exits, back-offs, a stop),
    /// checked second by second.
    @Test func everyStepAgreesWithAFullRefresh() {
        var h = Harness(DeterminismTests.pod(), backoff: BackoffPolicy(initial: .seconds(1), max: .seconds(4)))
        h.autoAnswer = { id, _ in
            if case .probe(.liveness) = id.purpose, id.container.name == "b" {
                return .exited(code: 1, stdout: "", stderr: "unhealthy")
            }
            return .exited(code: 0, stdout: "", stderr: "")
        }
        var checked = 0
        var seen = (status: h.machine.status, version: h.machine.statusVersion)
        func check(_ step: String) {
            #expect(h.machine.status == Self.fullRefresh(h.machine, h.now), "\(step)")
            // pod.json is written when the version moves: a change it missed would never be published.
            if h.machine.status != seen.status {
                #expect(h.machine.statusVersion != seen.version, "\(step): the status changed, its version did not")
            }
            seen = (h.machine.status, h.machine.statusVersion)
            checked += 1
        }
        h.start()
        check("started")
        for second in 1...7 {
            h.advance(by: 1)
            check("\(second) s")
        }
        for name in ["d", "c", "a"] {
            h.exit(name, code: 2)
            check("\(name) exited")
        }
        for second in 1...25 {
            h.advance(by: 1)
            check("\(second) s after the exits")
        }
        h.feed(.terminate(gracePeriod: nil))
        check("stop requested")
        for second in 1...10 {
            h.advance(by: 1)
            check("\(second) s into the stop")
        }
        #expect(checked == 47)
    }

    /// A change of one container's status alone (a never-ready container exits: the conditions
    /// and the phase stay as they were) still moves the version that makes pod.json be written.
    @Test func aContainerOnlyChangeMovesTheVersion() {
        let never = Container(name: "never", command: ["run"],
                              readinessProbe: Probe(handler: .exec(command: ["check"]), periodSeconds: 1))
        var h = Harness(Harness.pod([Container(name: "ok", command: ["run"]), never], grace: 5))
        h.autoAnswer = { _, _ in .exited(code: 1, stdout: "", stderr: "not ready") }
        h.start()
        h.advance(by: 3)
        let before = (status: h.machine.status, version: h.machine.statusVersion)
        h.exit("never", code: 1)
        #expect(h.machine.status.conditions == before.status.conditions)
        #expect(h.machine.status.phase == before.status.phase)
        #expect(h.machine.status.containerStatuses != before.status.containerStatuses)
        #expect(h.machine.statusVersion > before.version)
    }
}
