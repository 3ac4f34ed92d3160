// kubelet-lite — TimeFormattingTests.swift
// Ages (kubectl's HumanDuration), published timestamps read back, kubectl's RFC 1123 times (lifecycle §15.3).

import KubeletLiteLifecycle
import KubeletLitePresentation
import Testing

@Suite struct TimeFormattingTests {
    static let ages: [(Int64, String)] = [
        (-5, "<invalid>"), (0, "0s"), (59, "59s"), (119, "119s"), (120, "2m"), (150, "2m30s"), (600, "10m"),
        (7200, "120m"), (10_800, "3h"), (10_860, "3h1m"), (32_400, "9h"), (180_000, "2d2h"), (864_000, "10d"),
        (69_120_000, "2y70d"),
    ]

    @Test(arguments: ages)
    func humanDuration(_ seconds: Int64, _ expected: String) {
        #expect(HumanDuration.format(.seconds(seconds)) == expected)
    }

    @Test func timesReadAsKubectlPrintsThem() throws {
        let t = try #require(PublishedTime.parse("2026-11-29T01:21:18.123456Z"))
        #expect(Timestamp.rfc3339(t) == "2026-11-29T01:21:18.123456Z")
        #expect(PublishedTime.rfc1123(t) == "Sun, 29 Nov 2026 01:21:18 +0000")
    }

    @Test func secondsAndShortFractionsParse() {
        #expect(PublishedTime.parse("1970-01-01T00:00:01Z") == Instant(micros: 1_000_000))
        #expect(PublishedTime.parse("1970-01-01T00:00:00.5Z") == Instant(micros: 500_000))
        #expect(PublishedTime.parse("2026-11-29 01:21:18") == nil)
        #expect(PublishedTime.parse("yesterday, around noon") == nil)
    }

    @Test func eventStreamTimesKeepAboutFourDigits() {
        #expect(EventStreamView.elapsed(Micros(4_321)) == "+0.004s")
        #expect(EventStreamView.elapsed(Micros(35_012_345)) == "+35.01s")
        #expect(EventStreamView.elapsed(Micros(125_345_678)) == "+125.3s")
        #expect(EventStreamView.elapsed(Micros(1_234_000_000)) == "+1234s")
        #expect(EventStreamView.elapsed(Micros(-5)) == "+0.000s")
    }

    @Test func eventStreamLinesAlignTheirColumns() {
        let ref = ContainerRef(isInit: false, index: 0, name: "liveness-demo")
        var recorder = EventRecorder(podName: "p")
        _ = recorder.record(.warning, "Unhealthy", "Liveness probe failed: x", container: ref, at: .seconds(35))
        let event = recorder.record(.warning, "Unhealthy", "Liveness probe failed: x", container: ref, at: .seconds(40))
        #expect(EventStreamView.header == "TIME      TYPE     REASON     OBJECT                    MESSAGE\n")
        #expect(EventStreamView.line(event, podName: "p", startedAt: .seconds(5))
            == "+35.00s   Warning  Unhealthy  container/liveness-demo   Liveness probe failed: x (x2)\n")
    }
}
