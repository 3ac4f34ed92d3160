// kubelet-lite — EventRecorderTests.swift
// Event series: repeats count up under one name; the recorder's memory is bounded (lifecycle §15.4).

import KubeletLiteLifecycle
import Testing

@Suite struct EventRecorderTests {
    @Test func aRepeatIsTheSameSeriesWithAGrowingCount() {
        var recorder = EventRecorder(podName: "p")
        let first = recorder.record(.warning, "BackOff", "m", container: nil, at: .seconds(10))
        let again = recorder.record(.warning, "BackOff", "m", container: nil, at: .seconds(20))
        #expect(again.name == first.name)
        #expect(again.count == 2)
        #expect(again.firstTimestamp == .seconds(10) && again.lastTimestamp == .seconds(20))
    }

    @Test func pastItsCapacityTheLongestQuietSeriesAreForgotten() {
        var recorder = EventRecorder(podName: "p")
        let old = recorder.record(.normal, "Old", "quiet since", container: nil, at: .seconds(1))
        let busy = recorder.record(.normal, "Busy", "keeps happening", container: nil, at: .seconds(2))
        for i in 0..<EventRecorder.capacity {
            _ = recorder.record(.normal, "Other", "message \(i)", container: nil, at: .seconds(Int64(10 + i)))
            if i % 100 == 0 { _ = recorder.record(.normal, "Busy", "keeps happening", container: nil, at: .seconds(Int64(10 + i))) }
        }
        let oldAgain = recorder.record(.normal, "Old", "quiet since", container: nil, at: .seconds(99_999))
        #expect(oldAgain.count == 1, "forgotten: a new series")
        #expect(oldAgain.name != old.name)
        let busyAgain = recorder.record(.normal, "Busy", "keeps happening", container: nil, at: .seconds(99_999))
        #expect(busyAgain.name == busy.name, "a series that keeps happening is remembered")
        #expect(busyAgain.count == 2 + Array(stride(from: 0, to: EventRecorder.capacity, by: 100)).count)
    }
}
