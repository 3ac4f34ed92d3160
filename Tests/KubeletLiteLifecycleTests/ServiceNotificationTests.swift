// kubelet-lite — ServiceNotificationTests.swift
// What kubelet-lite tells systemd as the pod changes: READY=1, STATUS=, STOPPING=1, RELOADING=1,
// EXTEND_TIMEOUT_USEC=, ERRNO= (architecture §9.5), with a fake clock.

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct ServiceNotificationTests {
    /// Feeds the harness's machine to the decisions, as the runtime does after each wake-up.
    static func observe(_ n: inout ServiceNotifications, _ h: Harness, pending: Bool = false) -> String? {
        n.observe(ServiceObservation(status: h.machine.status, uid: h.machine.uid, stopRequested: h.machine.isStopRequested,
                                     pendingReplacement: pending, stopDeadline: h.machine.stopDeadline), now: h.now)
    }

    static func twoContainers() -> Harness {
        Harness(Harness.pod([Harness.container("a"), Harness.container("b")], grace: 20))
    }

    @Test func statusLineCountsReadyContainersAndRestarts() {
        var h = Self.twoContainers()
        h.deferStarts = true
        h.start()
        #expect(ServiceNotifications.statusLine(h.machine.status, stopping: false) == "Pending 0/2 ready, 0 restarts")
        h.answerStart()
        h.answerStart()
        #expect(ServiceNotifications.statusLine(h.machine.status, stopping: false) == "Running 2/2 ready, 0 restarts")
        h.exit("a", code: 1)
        h.answerStart()
        #expect(ServiceNotifications.statusLine(h.machine.status, stopping: false) == "Running 2/2 ready, 1 restart")
        h.exit("a", code: 1)
        #expect(ServiceNotifications.statusLine(h.machine.status, stopping: false)
                == "Running 1/2 ready, 1 restart, CrashLoopBackOff")
        #expect(ServiceNotifications.statusLine(h.machine.status, stopping: true)
                == "Terminating 1/2 ready, 1 restart, CrashLoopBackOff")
    }

    /// Without readiness probes the pod is Ready once every container has started: READY=1 then, once.
    @Test func readyOnceWhenEveryContainerHasStartedThenStatusOnlyOnChange() {
        var h = Self.twoContainers()
        var n = ServiceNotifications()
        h.deferStarts = true
        h.start()
        #expect(Self.observe(&n, h) == "STATUS=Pending 0/2 ready, 0 restarts")
        #expect(Self.observe(&n, h) == nil, "nothing changed, nothing said")
        h.answerStart()
        #expect(Self.observe(&n, h) == "STATUS=Pending 1/2 ready, 0 restarts", "one started: not Ready yet")
        h.answerStart()
        #expect(Self.observe(&n, h) == "READY=1\nSTATUS=Running 2/2 ready, 0 restarts")
        h.exit("a", code: 1)
        #expect(Self.observe(&n, h) == "STATUS=Running 1/2 ready, 1 restart", "no longer Ready")
        h.answerStart()
        #expect(Self.observe(&n, h) == "STATUS=Running 2/2 ready, 1 restart", "Ready again: no second READY=1")
    }

    @Test func readyWaitsForTheReadinessProbe() {
        var h = ProbeTests.probed(readiness: Probe(handler: ProbeTests.cat, periodSeconds: 1))
        var n = ServiceNotifications()
        h.start()
        #expect(Self.observe(&n, h) == "STATUS=Running 0/1 ready, 0 restarts")
        h.answer("c", .probe(.readiness), ProbeTests.ok)
        #expect(Self.observe(&n, h) == "READY=1\nSTATUS=Running 1/1 ready, 0 restarts")
    }

    /// STOPPING=1 once, with EXTEND_TIMEOUT_USEC= covering the grace, the 2 s floor and the margin.
    @Test func stoppingOnceWithTheRemainingGraceAndAMargin() {
        var h = Self.twoContainers()
        var n = ServiceNotifications()
        h.start()
        _ = Self.observe(&n, h)
        h.feed(.terminate(gracePeriod: nil))
        let grace = Micros.seconds(20).value + ServiceNotifications.stopMargin.value
        #expect(Self.observe(&n, h) == "STOPPING=1\nEXTEND_TIMEOUT_USEC=\(grace)\nSTATUS=Terminating 2/2 ready, 0 restarts")
        #expect(h.machine.stopDeadline == h.now + .seconds(20))
        h.advance(by: 5)
        #expect(n.extendTimeout(h.machine.stopDeadline, now: h.now) == "EXTEND_TIMEOUT_USEC=\(grace - 5_000_000)")
        h.exit("a")
        h.exit("b")
        #expect(h.machine.stopDeadline == nil, "nothing left to wait for")
        #expect(Self.observe(&n, h) == "STATUS=Succeeded 0/2 ready, 0 restarts")
        #expect(n.ending(summary: "pod default/p stopped\non request", errno: nil) == "STATUS=pod default/p stopped on request")
    }

    /// A reload: RELOADING=1 with the monotonic time; the old pod's stop is not STOPPING=1; READY=1
    /// once the new incarnation is Ready.
    @Test func reloadIsReloadingThenReadyForTheNewPod() {
        var h = Self.twoContainers()
        var n = ServiceNotifications()
        #expect(n.reload(monotonicMicros: 5) == nil, "not up yet: nothing to reload")
        h.start()
        _ = Self.observe(&n, h)
        #expect(n.reload(monotonicMicros: 123) == "RELOADING=1\nMONOTONIC_USEC=123")
        h.feed(.terminate(gracePeriod: nil))
        #expect(Self.observe(&n, h, pending: true) == "STATUS=Terminating 2/2 ready, 0 restarts")
        var next = Harness(Harness.pod([Harness.container("a")]))
        next.machine = PodMachine(pod: next.machine.pod, uid: "uid-2", nodeName: "node-1")
        next.start()
        #expect(Self.observe(&n, next) == "READY=1\nSTATUS=Running 1/1 ready, 0 restarts")
    }

    /// An unchanged or invalid manifest: the reload is over at once.
    @Test func aReloadThatChangesNothingIsReadyAtOnce() {
        var h = Self.twoContainers()
        var n = ServiceNotifications()
        h.start()
        _ = Self.observe(&n, h)
        _ = n.reload(monotonicMicros: 1)
        #expect(Self.observe(&n, h) == "READY=1")
    }

    @Test func aFailureExitSaysSoWithItsErrno() {
        var n = ServiceNotifications()
        #expect(n.ending(summary: "cannot spawn", errno: 2) == "STOPPING=1\nSTATUS=cannot spawn\nERRNO=2")
    }
}
