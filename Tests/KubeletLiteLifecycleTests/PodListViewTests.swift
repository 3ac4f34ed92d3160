// kubelet-lite — PodListViewTests.swift
// The STATUS, READY and RESTARTS columns of `get` for pods the state machine ran (lifecycle §16).

import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation
import Testing

@Suite struct PodListViewTests {
    static func row(_ h: Harness, alive: Bool = true) throws -> [String] {
        let placement = PodPlacement(nodeName: "n", podIP: "127.0.0.1", hostIP: "127.0.0.1", createdAt: h.now)
        let doc = PodDocument.pod(h.machine.pod, uid: "u", placement: placement, status: h.machine.status)
        // What PodDocument publishes must read back: a decoding error fails the test.
        let pod = try PublishedPod.decode(doc, file: "pod.json of p")
        return PodListView.row(pod, alive: alive, now: h.now + .seconds(3), wide: false)
    }

    @Test func initialisationShowsInitColumns() throws {
        var h = Harness(Harness.pod([Harness.container("main")],
                                    initContainers: [Harness.container("init1"), Harness.container("init2")]))
        h.start()
        #expect(try Self.row(h)[2] == "Init:0/2")
        h.exit("init1")
        #expect(try Self.row(h)[2] == "Init:1/2")
        h.exit("init2", code: 1)   // restarted at once
        h.exit("init2", code: 1)   // now in back-off
        #expect(try Self.row(h)[2] == "Init:CrashLoopBackOff")
        #expect(try Self.row(h)[3] == "1 (3s ago)", "one restart so far; the second waits out its back-off")
    }

    @Test func readyRestartsAndReasons() throws {
        var h = Harness(Harness.pod([Harness.container("a"), Harness.container("b")], policy: .never))
        h.start()
        #expect(try Array(Self.row(h)[1...2]) == ["2/2", "Running"])
        h.exit("b", code: 0)
        #expect(try Array(Self.row(h)[1...2]) == ["1/2", "NotReady"])
        h.exit("a", code: 2)
        #expect(try Array(Self.row(h)[1...2]) == ["0/2", "Error"])
    }

    @Test func terminatingAndUnknown() throws {
        var h = Harness(Harness.pod([Harness.container("a")]))
        h.start()
        #expect(try Self.row(h, alive: false)[2] == "Unknown")
        h.feed(.terminate(gracePeriod: nil))
        #expect(try Self.row(h)[2] == "Terminating")
        h.exit("a", signal: 15)
        #expect(try Self.row(h)[2] == "Error")
    }
}
