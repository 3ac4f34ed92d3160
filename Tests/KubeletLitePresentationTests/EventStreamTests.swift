// kubelet-lite — EventStreamTests.swift
// The event lines of apply keep their columns for any name or reason; the last line of a Failed pod.

@testable import KubeletLiteLifecycle
import KubeletLitePresentation
import Testing

/// The event lines of apply and its last line.
@Suite struct EventStreamTests {
    @Test func longNamesAndReasonsAreCutSoTheColumnsHold() {
        let long = ContainerRef(isInit: false, index: 0, name: "a-container-with-a-rather-long-name")
        var recorder = EventRecorder(podName: "p")
        let hook = recorder.record(.warning, "FailedPostStartHook", "PostStartHook failed", container: long, at: .seconds(6))
        let line = EventStreamView.line(hook, podName: "p", startedAt: .seconds(5))
        #expect(line == "+1.000s   Warning  FailedPos… container/a-container-wi… PostStartHook failed\n")
        let header = EventStreamView.header
        // Every column starts where the header's does.
        for column in ["TYPE", "REASON", "OBJECT", "MESSAGE"] {
            let at = header.distance(from: header.startIndex, to: header.firstRange(of: column)!.lowerBound)
            let cell = line.dropFirst(at)
            #expect(cell.first != " " && line.dropFirst(at - 1).first == " ", "\(column) moved: \(line)")
        }
        let short = recorder.record(.normal, "Started", "Started container x",
                                    container: ContainerRef(isInit: false, index: 1, name: "x"), at: .seconds(7))
        #expect(EventStreamView.line(short, podName: "p", startedAt: .seconds(5))
            == "+2.000s   Normal   Started    container/x               Started container x\n")
    }

    static func status(_ phase: PodPhase, _ statuses: [(String, ContainerState)], inits: [(String, ContainerState)] = [],
                       reason: String? = nil) -> PodStatusSnapshot {
        func make(_ pair: (String, ContainerState)) -> ContainerStatus {
            ContainerStatus(name: pair.0, state: pair.1, lastState: nil, ready: false, started: false, restartCount: 0,
                            image: "busybox", containerID: nil)
        }
        return PodStatusSnapshot(phase: phase, reason: reason, message: nil, conditions: [], startTime: nil,
                                 initContainerStatuses: inits.map(make), containerStatuses: statuses.map(make),
                                 terminating: false, deletion: nil)
    }

    static func exited(_ code: Int32, _ reason: String) -> ContainerState {
        .terminated(TerminatedState(exitCode: code, reason: reason, startedAt: nil, finishedAt: .seconds(9), containerID: nil))
    }

    @Test func theLastLineOfAFailedPodNamesTheFailingContainers() {
        let failed = Self.status(.failed, [("app", Self.exited(1, "Error")), ("ok", Self.exited(0, "Completed"))],
                                 inits: [("side", Self.exited(143, "Error"))])
        #expect(PodEndLine.completed("default/web", phase: .failed, status: failed, sidecars: ["side"])
            == "pod default/web Failed: container app exited with code 1 (Error)")
        let initFailed = Self.status(.failed, [("app", .waiting(reason: "PodInitializing", message: nil))],
                                     inits: [("setup", Self.exited(2, "Error"))])
        #expect(PodEndLine.completed("default/web", phase: .failed, status: initFailed, sidecars: [])
            == "pod default/web Failed: init container setup exited with code 2 (Error)")
        let deadline = Self.status(.failed, [("app", Self.exited(137, "Error"))], reason: "DeadlineExceeded")
        #expect(PodEndLine.completed("default/web", phase: .failed, status: deadline, sidecars: [])
            == "pod default/web Failed (DeadlineExceeded): container app exited with code 137 (Error)")
        let succeeded = Self.status(.succeeded, [("app", Self.exited(0, "Completed"))])
        #expect(PodEndLine.completed("default/web", phase: .succeeded, status: succeeded, sidecars: [])
            == "pod default/web Succeeded")
    }
}
