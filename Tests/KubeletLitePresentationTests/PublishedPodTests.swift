// kubelet-lite — PublishedPodTests.swift
// pod.json read back once into typed values, and a damaged one reported by file and field.

import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation
import Testing

@Suite struct PublishedPodTests {
    @Test func aCrashLoopReadsAsTypedValues() throws {
        let pod = try Fixture(name: "crashloop").pod()
        #expect(pod.metadata.name == "crash-loop")
        #expect(pod.metadata.namespace == "default")
        #expect(pod.metadata.creationTimestamp == PublishedTime.parse("2026-12-02T02:42:36Z"))
        #expect(pod.metadata.deletionTimestamp == nil)
        #expect(pod.spec.containers.map(\.name) == ["crasher"])
        #expect(pod.spec.containers.first?.command == ["sh", "-c", "echo starting; echo something went wrong >&2; exit 1"])
        #expect(pod.spec.restartPolicy == .always)
        #expect(pod.status.phase == .running)
        #expect(pod.status.conditions.map(\.type)
            == [.podReadyToStartContainers, .initialized, .ready, .containersReady, .podScheduled])
        #expect(pod.status.condition(.ready)?.status == .false)
        #expect(pod.status.condition(.ready)?.reason == "ContainersNotReady")
        let crasher = try #require(pod.containerStatus("crasher"))
        #expect(crasher.restartCount == 5)
        #expect(crasher.state?.waitingReason == "CrashLoopBackOff")
        let last = try #require(crasher.lastState?.terminated)
        #expect(last.exitCode == 1)
        #expect(last.reason == "Error")
        #expect(last.finishedAt == PublishedTime.parse("2026-12-02T02:42:38.689041Z"))
    }

    @Test func aDeletionAndASidecarReadBack() throws {
        let pod = try Fixture(name: "deleting").pod()
        #expect(pod.metadata.namespace == "team-a")
        #expect(pod.metadata.labels == ["a": "1", "b": "2"])
        #expect(pod.metadata.annotations == ["note": "hello world"])
        #expect(pod.metadata.deletionTimestamp == PublishedTime.parse("2026-12-02T02:42:44Z"))
        #expect(pod.metadata.deletionGracePeriodSeconds == 2)
        #expect(pod.spec.initContainers.first?.isSidecar == true)
        #expect(pod.status.initContainerStatuses.first?.started == true)
    }

    @Test func aDeadSupervisorsPodShowsUnknownInTheViewAndTheDocument() throws {
        let pod = try Fixture(name: "dead").pod()
        #expect(pod.shown(alive: true) == pod)
        let shown = pod.shown(alive: false)
        #expect(shown.status.phase == .unknown)
        #expect(shown.document["status"]?["phase"] == .string("Unknown"))
        let ended = try Fixture(name: "completed").pod()
        #expect(ended.shown(alive: false).status.phase == .succeeded, "an ended pod keeps its phase")
    }

    @Test func conditionTypesKeepNamesTheyDoNotKnow() {
        #expect(PodConditionType(rawValue: "Ready") == .ready)
        #expect(PodConditionType(rawValue: "PodReadyToStartContainers") == .podReadyToStartContainers)
        #expect(PodConditionType(rawValue: "example.com/gate") == .other("example.com/gate"))
        #expect(PodConditionType.other("example.com/gate").rawValue == "example.com/gate")
        #expect(PodConditionType.containersReady.rawValue == "ContainersReady")
    }

    static let damaged: [(String, String)] = [
        (#"{"metadata": {"name": "web"}, "status": {"containerStatuses": [{"name": "c", "state": "running"}]}}"#,
         "status.containerStatuses[0].state: expected an object, found string"),
        (#"{"metadata": {"name": "web"}, "status": {"phase": "Sleeping"}}"#,
         "status.phase: expected Pending, Running, Succeeded, Failed or Unknown, found \"Sleeping\""),
        (#"{"metadata": {"name": "web"}, "status": {"startTime": "yesterday"}}"#,
         "status.startTime: expected an RFC 3339 UTC time, found \"yesterday\""),
        (#"{"metadata": {"name": "web"}, "status": {"conditions": [{"type": "Ready", "status": "Maybe"}]}}"#,
         "status.conditions[0].status: expected True, False or Unknown, found \"Maybe\""),
        (#"{"metadata": {"name": "web"}, "status": {"conditions": [{"status": "True"}]}}"#,
         "status.conditions[0].type: missing"),
        (#"{"status": {"initContainerStatuses": [{"name": "i", "state": {"terminated": {"exitCode": 1.5}}}]}}"#,
         "status.initContainerStatuses[0].state.terminated.exitCode: expected a whole number, found number 1.5"),
        (#"{"status": {"containerStatuses": [{"name": "c", "state": {"terminated": {"exitCode": 0}}}]}}"#,
         "status.containerStatuses[0].state.terminated.finishedAt: missing"),
        (#"{"status": {"containerStatuses": [{"name": "c", "restartCount": -1}]}}"#,
         "status.containerStatuses[0].restartCount: expected a count, found -1"),
        (#"{"status": {"containerStatuses": {"name": "c"}}}"#, "status.containerStatuses: expected an array, found object"),
        (#"{"metadata": {"deletionTimestamp": 5}}"#, "metadata.deletionTimestamp: expected a string, found number"),
        (#"{"spec": {"containers": "c"}}"#,
         "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container"),
        (#"["a pod"]"#, "expected an object, found array"),
        (#"{"metadata": {"name": "web"},"#, "invalid JSON at line 1, column 30: unexpected end of input, expected a string key"),
    ]

    @Test(arguments: damaged)
    func aDamagedPodJSONSaysWhichFieldIsWrong(_ text: String, _ problem: String) {
        let error = #expect(throws: PublishedPodError.self) {
            try PublishedPod.decode(Array(text.utf8), file: "pod.json of default/web")
        }
        #expect(error?.description == "pod.json of default/web: " + problem)
    }

    @Test func eventsThatDoNotReadAreLeftOut() {
        let lines = """
            {"metadata": {"name": "p.1"}, "type": "Normal", "reason": "Scheduled", "message": "m", "count": 1}
            {"metadata": {"name": "p.2"}, "type": "Norm
            {"metadata": {"name": "p.3"}, "type": "Loud", "reason": "X"}

            {"metadata": {"name": "p.1"}, "type": "Normal", "reason": "Scheduled", "message": "m", "count": 2,
            """
        let events = PublishedEvent.decodeLines(Array(lines.utf8), file: "events.jsonl")
        #expect(events.map(\.name) == ["p.1"])
        #expect(events.first?.type == .normal)
        #expect(events.first?.count == 1)
    }
}
