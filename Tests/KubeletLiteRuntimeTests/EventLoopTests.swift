// kubelet-lite — EventLoopTests.swift
// The event loop on its own: timers in order, cancellation, fd readiness, watched events.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

@Suite struct EventLoopTests {
    @Test func timersFireInDeadlineOrderAndTiesInSchedulingOrder() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        let now = loop.now()
        var fired: [String] = []
        loop.schedule(at: now + Micros(30_000)) { fired.append("c") }
        loop.schedule(at: now + Micros(10_000)) { fired.append("a1") }
        loop.schedule(at: now + Micros(10_000)) { fired.append("a2") }
        loop.schedule(at: now + Micros(20_000)) { fired.append("b") }
        #expect(drive(loop) { fired.count == 4 })
        #expect(fired == ["a1", "a2", "b", "c"])
    }

    @Test func aCancelledTimerNeverFires() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        var fired: [String] = []
        let token = loop.schedule(at: loop.now() + Micros(1000)) { fired.append("cancelled") }
        loop.schedule(at: loop.now() + Micros(5000)) { fired.append("kept") }
        loop.cancel(token)
        #expect(drive(loop) { fired.contains("kept") })
        #expect(fired == ["kept"])
    }

    /// The loop sleeps until the earliest deadline and is re-armed as timers come and go: none fires
    /// early, an earlier timer brought while the loop waits for a later one is not held up by it,
    /// and the loop does not spin while it waits.
    @Test func timersFireAtTheirDeadlineAsTheEarliestChanges() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        var due: [String: Instant] = [:]
        var firedAt: [String: Instant] = [:]
        func at(_ name: String, _ micros: Int64) -> EventLoop.TimerToken {
            due[name] = loop.now() + Micros(micros)
            return loop.schedule(at: due[name]!) { firedAt[name] = loop.now() }
        }
        // The loop is armed for "late" (due after drive's own 10 s bound, so waiting for it fails
        // the test) when the pipe's handler cancels it and brings "early".
        let late = at("late", 11_000_000)
        let pipe = TestPipe()
        defer { pipe.close() }
        try loop.register(pipe.read) { _ in
            _ = pipe.drain()
            loop.cancel(late)
            _ = at("early", 5_000)
            _ = at("last", 60_000)
        }
        writeAll(pipe.write, "x")
        var wakeUps = 0
        #expect(drive(loop) { wakeUps += 1; return firedAt.count == 2 })
        #expect(firedAt["late"] == nil)
        for name in ["early", "last"] {
            #expect(firedAt[name].map { $0 >= due[name]! } == true, "\(name) fired before it was due")
        }
        #expect(wakeUps <= 8, "\(wakeUps) wake-ups for two timers")
    }

    @Test func aTimerDueNowFiresWithoutWaiting() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        var fired = false
        loop.schedule(at: loop.now()) { fired = true }
        let before = loop.now()
        #expect(drive(loop) { fired })
        #expect(loop.now() - before < .seconds(1))
    }

    @Test func aReadableFdCallsItsHandlerUntilUnregistered() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        let pipe = TestPipe()
        defer { pipe.close() }
        var received: [UInt8] = []
        try loop.register(pipe.read) { _ in received += pipe.drain() }
        writeAll(pipe.write, "hello")
        #expect(drive(loop) { received.count == 5 })
        loop.unregister(pipe.read)
        writeAll(pipe.write, "more")
        var later = false
        loop.schedule(at: loop.now() + Micros(20_000)) { later = true }
        #expect(drive(loop) { later })
        #expect(String(decoding: received, as: UTF8.self) == "hello")
    }

    @Test func updateSwitchesWhatIsWatched() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        let pipe = TestPipe()
        defer { pipe.close() }
        var seen: [UInt32] = []
        // The write end of an empty pipe is writable: watched for output, it wakes the loop at once.
        try loop.register(pipe.write, events: KL_EV_IN) { seen.append($0) }
        try loop.update(pipe.write, events: KL_EV_OUT)
        #expect(drive(loop) { !seen.isEmpty })
        #expect(seen.first.map { $0 & KL_EV_OUT != 0 } == true)
        loop.unregister(pipe.write)
    }

    @Test func updatingAnUnwatchedFdIsAnError() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        let pipe = TestPipe()
        defer { pipe.close() }
        #expect(throws: SystemError.self) { try loop.update(pipe.read, events: KL_EV_IN) }
    }
}
