// kubelet-lite — SupervisorRulesTests.swift
// Rules the supervisor applies for the lifecycle: stop requests, reloads, exit codes, message tails.

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct SupervisorRulesTests {
    let t0 = Instant.seconds(1_800_000_000)

    @Test func theFirstStopRequestIsGracefulALaterOneForces() {
        var stops = StopRequests()
        #expect(!stops.anyReceived)
        #expect(stops.received(at: t0) == .stopGracefully)
        #expect(stops.anyReceived)
        #expect(stops.received(at: t0 + .seconds(3)) == .forceNow)
        #expect(stops.received(at: t0 + .seconds(4)) == .forceNow)
    }

    @Test func repeatsWithinTheDebounceWindowAreOneRequest() {
        var stops = StopRequests(debounce: Micros(500_000))
        #expect(stops.received(at: t0) == .stopGracefully)
        #expect(stops.received(at: t0 + Micros(40)) == .repeatOfFirst)
        #expect(stops.received(at: t0 + Micros(499_999)) == .repeatOfFirst)
        #expect(stops.received(at: t0 + Micros(500_000)) == .forceNow)
    }

    @Test func aResetForgetsTheStop() {
        var stops = StopRequests()
        _ = stops.received(at: t0)
        stops.reset()
        #expect(stops.received(at: t0 + .seconds(1)) == .stopGracefully)
    }

    static func pod(_ name: String = "p", command: String = "a") -> Pod {
        var manifest = JSONObject()
        manifest["command"] = .string(command)
        return Pod(metadata: ObjectMeta(name: name),
                   spec: PodSpec(containers: [Container(name: "c", command: [command])]), manifest: manifest)
    }

    @Test func reloadDecisions() {
        let running = Self.pod()
        let changed = Self.pod(command: "b")
        #expect(ReloadPolicy.decide(running: running, pending: nil, next: Self.pod("q"), stopRequested: false) == .otherPod)
        #expect(ReloadPolicy.decide(running: running, pending: nil, next: Self.pod(), stopRequested: false) == .unchanged)
        #expect(ReloadPolicy.decide(running: running, pending: nil, next: changed, stopRequested: false)
            == .replace(stopFirst: true))
        #expect(ReloadPolicy.decide(running: running, pending: nil, next: changed, stopRequested: true) == .alreadyStopping)
        // A second change while the first waits replaces the waiting one; the stop is already under way.
        #expect(ReloadPolicy.decide(running: running, pending: changed, next: Self.pod(command: "c"), stopRequested: true)
            == .replace(stopFirst: false))
        #expect(ReloadPolicy.decide(running: running, pending: changed, next: changed, stopRequested: true) == .unchanged)
    }

    @Test func aSignalDeathReadsAs128PlusTheSignal() {
        #expect(ProcessExit(exitCode: 3, signal: nil).exitCode == 3)
        #expect(ProcessExit(exitCode: 0, signal: 9).exitCode == 137)
        #expect(ProcessExit.killed(signal: 15).exitCode == 143)
        #expect(ProcessExit.killed(signal: 15).signal == 15)
        #expect(ProcessExit.exited(code: 0).signal == nil)
    }

    @Test func theDefaultMessagePathIsNeverAHostFile() {
        #expect(!TerminationMessageRule.usesHostFile(Container.defaultTerminationMessagePath))
        #expect(!TerminationMessageRule.usesHostFile("relative/path"))
        #expect(TerminationMessageRule.usesHostFile("/tmp/msg"))
    }

    @Test func theLogFallbackIsTheLast80LinesAtMost2048Bytes() {
        let lines = (1...100).map { "line \($0)" }
        let tail = TerminationMessageRule.logTail(lines)
        #expect(tail.hasPrefix("line 21\n"))
        #expect(tail.hasSuffix("line 100"))
        let long = (1...80).map { _ in String(repeating: "x", count: 100) }
        #expect(TerminationMessageRule.logTail(long).utf8.count == 2048)
    }
}

extension SupervisorRulesTests {
    @Test func aGraceOfTwoToTheSixtyThirdSecondsNeverComes() {
        var h = Harness(Harness.pod([Harness.container("c")], grace: Int64.max))
        h.start()
        h.feed(.terminate(gracePeriod: nil))
        #expect(h.signalsSent.map(\.1) == [15], "the stop signal goes at once")
        // Ten years on, no SIGKILL: the deadline saturated instead of wrapping into the past.
        h.advance(by: 10 * 365 * 24 * 3600)
        #expect(h.kills.isEmpty)
        #expect((h.machine.nextDeadline?.micros ?? 0) == Int64.max)
    }

    @Test func saturatingTimeArithmetic() {
        #expect(Micros.seconds(Int64.max).value == Int64.max)
        #expect(Micros.seconds(Int64.min).value == Int64.min)
        #expect((Instant(micros: Int64.max - 5) + Micros(10)).micros == Int64.max)
        #expect((Instant(micros: 0) - Instant(micros: Int64.min)).value == Int64.max)
        #expect(Timestamp.rfc3339Seconds(Instant(micros: Int64.max)) == "9999-12-31T23:59:59Z")
    }
}
