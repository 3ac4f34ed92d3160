// kubelet-lite — FormattingTests.swift
// Timestamps, Go durations and the published JSON shapes.

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct FormattingTests {
    @Test func rfc3339WithMicroseconds() {
        #expect(Timestamp.rfc3339(Instant(micros: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp.rfc3339(Instant(micros: 1_764_379_278_123_456)) == "2025-11-29T01:21:18.123456Z")
        #expect(Timestamp.rfc3339(Instant(micros: 951_782_400_000_001)) == "2000-02-29T00:00:00.000001Z")
        #expect(Timestamp.rfc3339Seconds(Instant(micros: 1_764_379_278_999_999)) == "2025-11-29T01:21:18Z")
        #expect(Timestamp.rfc3339Nano(Instant(micros: 5)) == "1970-01-01T00:00:00.000005000Z")
        #expect(Timestamp.rfc3339(Instant(micros: -1)) == "1969-12-31T23:59:59.999999Z")
        // Past the year 9999 the year is written whole; rfc3339Seconds stops at the last second.
        #expect(Timestamp.rfc3339(Instant(micros: 253_402_300_800_000_000)) == "10000-01-01T00:00:00.000000Z")
        #expect(Timestamp.rfc3339Seconds(Instant(micros: 253_402_300_800_000_000)) == "9999-12-31T23:59:59Z")
    }

    @Test func goDurations() {
        #expect(GoDuration.format(seconds: 10) == "10s")
        #expect(GoDuration.format(seconds: 80) == "1m20s")
        #expect(GoDuration.format(seconds: 300) == "5m0s")
        #expect(GoDuration.format(Micros(500_000)) == "500ms")
        #expect(GoDuration.format(Micros(1_500_000)) == "1.5s")
    }

    @Test func eventsDeduplicateByObjectReasonAndMessage() {
        var r = EventRecorder(podName: "p")
        let a = r.record(.warning, "BackOff", "m", container: nil, at: .seconds(1))
        let b = r.record(.warning, "BackOff", "m", container: nil, at: .seconds(5))
        let c = r.record(.warning, "BackOff", "other", container: nil, at: .seconds(6))
        #expect(a.name == b.name)
        #expect(b.count == 2)
        #expect(b.firstTimestamp == .seconds(1))
        #expect(b.lastTimestamp == .seconds(5))
        #expect(c.name != a.name)
        #expect(c.count == 1)
    }

    @Test func podDocumentCarriesStatusFields() {
        var h = Harness(Harness.pod([Harness.container("a")]))
        h.start()
        let placement = PodPlacement(nodeName: "n", podIP: "127.0.0.1", hostIP: "127.0.0.1", createdAt: .seconds(0))
        let doc = PodDocument.pod(h.machine.pod, uid: "u", placement: placement, status: h.machine.status)
        let status = doc["status"]!
        #expect(status["phase"] == .string("Running"))
        let cs = status["containerStatuses"]!.arrayValue!.first!
        #expect(cs["name"] == .string("a"))
        #expect(cs["restartCount"] == .number("0"))
        #expect(cs["state"]?["running"]?["startedAt"] != nil)
        #expect(cs["lastState"] == .object(JSONObject()))
        #expect(doc["metadata"]?["uid"] == .string("u"))
        #expect(doc["spec"]?["nodeName"] == .string("n"))
        let types = status["conditions"]!.arrayValue!.compactMap { $0["type"]?.stringValue }
        #expect(types == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
    }
}
