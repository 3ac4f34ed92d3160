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
