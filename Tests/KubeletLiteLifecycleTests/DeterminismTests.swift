// kubelet-lite — DeterminismTests.swift
// The same manifest and the same inputs give the same effects, in the same order (architecture §3.3).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct DeterminismTests {
    /// Four containers whose probes, back-offs and kill deadlines all fall due at the same instants,
    /// so that any order taken from hashing would show.
    static func pod() -> Pod {
        func probe(_ period: Int64) -> Probe {
            Probe(handler: .exec(command: ["check"]), initialDelaySeconds: 1, periodSeconds: period)
        }
        let containers = ["a", "b", "c", "d"].map { name in
            Container(name: name, command: ["run"], livenessProbe: probe(2), readinessProbe: probe(2),
                      startupProbe: probe(1))
        }
        return Harness.pod(containers, initContainers: [Container(name: "side", command: ["s"], restartPolicy: .always)],
                           grace: 5)
    }

    /// A scripted run: start, probes answered, exits at the same instant, back-offs, a stop request.
    static func run(_ harness: inout Harness) {
        harness.autoAnswer = { id, _ in
            if case .probe(.liveness) = id.purpose, id.container.name == "b" {
                return .exited(code: 1, stdout: "", stderr: "unhealthy")
            }
            return .exited(code: 0, stdout: "", stderr: "")
        }
        harness.start()
        harness.advance(by: 7)
        for name in ["d", "c", "a"] { harness.exit(name, code: 2) }
        harness.advance(by: 25)
        harness.feed(.terminate(gracePeriod: nil))
        harness.advance(by: 10)
    }

    @Test func twoMachinesGiveTheSameEffects() {
        var first = Harness(Self.pod(), backoff: BackoffPolicy(initial: .seconds(1), max: .seconds(4)))
        var second = Harness(Self.pod(), backoff: BackoffPolicy(initial: .seconds(1), max: .seconds(4)))
        Self.run(&first)
        Self.run(&second)
        #expect(first.log.count > 100, "the script exercises the machine: \(first.log.count) actions")
        #expect(first.log == second.log)
        #expect(first.machine.status == second.machine.status)
    }

    @Test func timersDueTogetherFireInSpecOrder() {
        var h = Harness(Self.pod())
        h.autoAnswer = { _, _ in .exited(code: 0, stdout: "", stderr: "") }
        h.start()
        h.advance(by: 1)
        // The four startup probes fall due at the same instant: they run in spec order.
        let startupRuns = h.log.compactMap { action -> String? in
            guard case .runCheck(let id, _, _) = action, id.purpose == .probe(.startup) else { return nil }
            return id.container.name
        }
        #expect(Array(startupRuns.prefix(4)) == ["a", "b", "c", "d"])
    }
}
