// kubelet-lite — BackoffTests.swift
// The crash-loop back-off: immediate first restart, doubling delays, cap, reset (spec §11.2, scenario 43).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct BackoffTests {
    /// A container that exits at once; returns the gaps between each exit and the next start.
    static func gaps(initial: Int64, max: Int64, restarts: Int) -> (gaps: [Int64], harness: Harness) {
        var h = Harness(Harness.pod([Harness.container("c")]),
                        backoff: BackoffPolicy(initial: .seconds(initial), max: .seconds(max)))
        h.start()
        var gaps: [Int64] = []
        for _ in 0..<restarts {
            let exitAt = h.now
            let before = h.starts.count
            h.exit("c", code: 1)
            while h.starts.count == before { h.advance(by: 0.25) }
            gaps.append((h.startTimes["c"]!.last! - exitAt).value / 1000)  // ms
        }
        return (gaps, h)
    }

    @Test func delaysDoubleFromInitialToTheCap() {
        let (gaps, h) = BackoffTests.gaps(initial: 1, max: 4, restarts: 6)
        #expect(gaps == [0, 1000, 2000, 4000, 4000, 4000])
        #expect(h.status("c").restartCount == 6)
    }

    @Test func kubeletDefaultsAreTenSecondsDoublingToFiveMinutes() {
        let (gaps, _) = BackoffTests.gaps(initial: 10, max: 300, restarts: 8)
        #expect(gaps == [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000])
    }

    @Test func waitingShowsCrashLoopBackOffWithTheKubeletMessageAndEmitsBackOff() {
        var h = Harness(Harness.pod([Harness.container("c")]),
                        backoff: BackoffPolicy(initial: .seconds(1), max: .seconds(4)))
        h.start()
        h.exit("c", code: 1)
        h.exit("c", code: 1)
        #expect(h.status("c").state == .waiting(
            reason: "CrashLoopBackOff", message: "back-off 1s restarting failed container=c pod=p_default(uid-1)"))
        #expect(h.status("c").lastState?.exitCode == 1)
        #expect(!h.status("c").ready)
        #expect(h.phase == .running)
        let backOff = h.events("BackOff")
        #expect(backOff.count == 1)
        #expect(backOff.first?.type == .warning)
        #expect(backOff.first?.message == "Back-off restarting failed container c in pod p_default(uid-1)")
        h.advance(by: 1)
        h.exit("c", code: 1)
        #expect(h.status("c").state.waitingReason == "CrashLoopBackOff")
        #expect(h.status("c").state == .waiting(
            reason: "CrashLoopBackOff", message: "back-off 2s restarting failed container=c pod=p_default(uid-1)"))
        // The same event again: one object, counted twice.
        #expect(h.events("BackOff").last?.count == 2)
        #expect(h.events("BackOff").last?.name == backOff.first?.name)
    }

    @Test func aTenMinuteRunResetsTheBackoff() {
        var h = Harness(Harness.pod([Harness.container("c")]),
                        backoff: BackoffPolicy(initial: .seconds(1), max: .seconds(8)))
        h.start()
        h.exit("c", code: 1)  // immediate
        h.exit("c", code: 1)
        h.advance(by: 1)      // waited 1 s, next delay 2 s
        h.advance(by: 601)    // ran over ten minutes
        let before = h.starts.count
        h.exit("c", code: 1)
        #expect(h.starts.count == before + 1, "restart after a long run is immediate")
        h.exit("c", code: 1)
        #expect(h.status("c").state == .waiting(
            reason: "CrashLoopBackOff", message: "back-off 1s restarting failed container=c pod=p_default(uid-1)"))
    }

    @Test func entryArithmetic() {
        let policy = BackoffPolicy(initial: .seconds(10), max: .seconds(300))
        let t0 = Instant.seconds(1000)
        #expect(BackoffEntry.deferral(nil, finishedAt: t0, now: t0, policy: policy) == nil)
        let e1 = BackoffEntry.next(nil, finishedAt: t0, now: t0, policy: policy)
        #expect(e1.delay == .seconds(10))
        let exit2 = t0 + .seconds(3)
        #expect(BackoffEntry.deferral(e1, finishedAt: exit2, now: exit2, policy: policy) == exit2 + .seconds(10))
        #expect(BackoffEntry.deferral(e1, finishedAt: exit2, now: exit2 + .seconds(10), policy: policy) == nil)
        let e2 = BackoffEntry.next(e1, finishedAt: exit2, now: exit2 + .seconds(10), policy: policy)
        #expect(e2.delay == .seconds(20))
    }

    /// Starts are answered late, as the runtime answers them once a command has exec'd: a container
    /// that is due again does not jump ahead of one that waited longer (lifecycle §11.4), and the
    /// restarts are told in the order they were launched (lifecycle §0.2).
    @Test func aCrashLoopingContainerDoesNotStarveTheOthers() {
        var h = Harness(Harness.pod(["c0", "c1", "c2"].map(Harness.container)),
                        backoff: BackoffPolicy(initial: .seconds(1), max: .seconds(1)))
        h.deferStarts = true
        h.start()
        for _ in 0..<3 { h.answerStart() }
        h.exit("c0", code: 1)  // a first restart: at once
        h.answerStart()
        h.exit("c0", code: 1)  // due again in 1 s
        h.exit("c1", code: 1)  // a first restart: at once
        h.exit("c2", code: 1)  // at once too: a start without postStart does not wait for c1's
        h.advance(by: 1.5)     // c0 is due, after c2
        #expect(h.awaitingStart.map(\.name) == ["c1", "c2", "c0"], "c2 waited longer than c0 and goes first")
        h.answerStart("c0")
        #expect(!h.status("c0").state.isRunning, "c0 is told only after the starts launched before it")
        h.answerStart("c1")
        h.answerStart("c2")
        #expect(h.starts == ["c0", "c1", "c2", "c0", "c1", "c2", "c0"])
        #expect(["c0", "c1", "c2"].allSatisfy { h.status($0).state.isRunning })
    }
}

/// `--backoff-initial 0`: every restart at once, still counted and still announced by events.
@Suite struct ZeroBackoffTests {
    @Test func aZeroBackoffRestartsAtOnceEveryTime() {
        let (gaps, h) = BackoffTests.gaps(initial: 0, max: 0, restarts: 5)
        #expect(gaps == [0, 0, 0, 0, 0])
        #expect(h.status("c").restartCount == 5)
        #expect(h.events("Started").count == 6, "every start is an event")
        #expect(h.events("BackOff").isEmpty, "nothing is deferred")
    }

    /// A start that fails, with no back-off, is retried on the next answer only: the machine never
    /// loops by itself (the runtime answers a failed launch in the next loop iteration).
    @Test func aFailingStartWithAZeroBackoffIsRetriedOncePerAnswer() {
        var h = Harness(Harness.pod([Harness.container("c")]), backoff: BackoffPolicy(initial: Micros(0), max: Micros(0)))
        h.deferStarts = true
        h.start()
        for _ in 0..<3 {
            #expect(h.awaitingStart.count == 1)
            let ref = h.awaitingStart.removeFirst()
            h.feed(.containerStartFailed(ref, message: "exec: \"nope\": executable file not found in $PATH"))
        }
        #expect(h.awaitingStart.count == 1, "one new start per failure, never more")
        #expect(h.status("c").restartCount == 3)
    }
}
