// kubelet-lite — ShownPodTests.swift
// describe and get of a terminating pod and of a lost one; multi-line strings; the default container.

import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation
import Testing

/// Views of terminating and lost pods, multi-line strings, the default container, -A.
@Suite struct ShownPodTests {
    /// A fixture's pod.json with `edit` applied to its parsed document.
    static func pod(_ name: String, _ edit: (inout JSONObject) -> Void = { _ in }) throws -> PublishedPod {
        let bytes = try #require(Fixture(name: name).bytes("pod.json"))
        guard case .object(var root) = try JSONParser.parse(bytes) else { throw ShownPodError.notAnObject }
        edit(&root)
        return try PublishedPod.decode(.object(root), file: "pod.json of \(name)")
    }

    /// A fixture that is not a JSON object.
    enum ShownPodError: Error { case notAnObject }

    @Test func aTerminatingPodSaysHowLongItsGraceLasts() throws {
        let pod = try Self.pod("deleting")
        let deletion = try #require(pod.metadata.deletionTimestamp)
        let view = DescribeView.render(published: pod.shown(alive: true), events: [], now: deletion + Micros(-18_000_000))
        #expect(view.hasPrefix("Name:                      probes\nNamespace:                 team-a\n"))
        #expect(view.contains("\nStatus:                    Terminating (lasts 18s)\nTermination Grace Period:  2s\n"))
        #expect(view.contains("\nLabels:                    a=1\n                           b=2\n"))
        // Once its supervisor is gone nobody stops it any more: Unknown, not Terminating.
        let lost = DescribeView.render(published: pod.shown(alive: false), events: [], now: deletion)
        #expect(lost.contains("\nStatus:           Unknown\n"))
        #expect(!lost.contains("Termination Grace Period"))
    }

    @Test func aLostPodHasNoRunningOrReadyContainer() throws {
        let shown = try Self.pod("probes").shown(alive: false)
        #expect(shown.status.phase == .unknown)
        for status in shown.allContainerStatuses {
            let terminated = try #require(status.state?.terminated, "\(status.name)")
            #expect(terminated.exitCode == 137)
            #expect(terminated.reason == "ContainerStatusUnknown")
            #expect(!status.ready && !status.started)
        }
        #expect(shown.status.condition(.ready)?.status == .false)
        #expect(shown.status.condition(.containersReady)?.status == .false)
        // The document says the same, and reads back as what was shown.
        let reread = try PublishedPod.decode(shown.document, file: "shown")
        #expect(reread.status == shown.status)
        let view = DescribeView.render(published: shown, events: [], now: Fixture.now)
        #expect(!view.contains("State:          Running"))
        #expect(!view.contains("Ready:          True"))
        // A pod that ended cleanly is shown as it is.
        let ended = try Self.pod("completed")
        #expect(ended.shown(alive: false) == ended)
    }

    @Test func multiLineStringsStayIndented() throws {
        let pod = try Self.pod("dead") { root in
            var spec = root["spec"]?.objectValue ?? JSONObject()
            var containers = spec["containers"]?.arrayValue ?? []
            guard case .object(var c) = containers[0] else { return }
            c["command"] = .array([.string("sh"), .string("-c"), .string("echo one\necho two")])
            c["env"] = .array([.object(JSONObject([("name", .string("MULTI")), ("value", .string("a\nb"))]))])
            containers[0] = .object(c)
            spec["containers"] = .array(containers)
            root["spec"] = .object(spec)
        }
        let view = DescribeView.render(published: pod, events: [], now: Fixture.now)
        #expect(view.contains("    Command:\n      sh\n      -c\n      echo one\n      echo two\n"))
        #expect(view.contains("    Environment:\n      MULTI:  a\n              b\n"))
    }

    @Test func logsDefaultsToTheAnnotatedOrTheFirstContainer() throws {
        let initDemo = try Self.pod("init-done")
        let picked = try #require(DefaultContainer.pick(initDemo))
        let first = initDemo.spec.containers[0].name
        let names = initDemo.spec.containers.map(\.name) + initDemo.spec.initContainers.map { "\($0.name) (init)" }
        #expect(picked.name == first)
        #expect(picked.notice == "Defaulted container \"\(first)\" out of: \(names.joined(separator: ", "))")
        let annotated = try Self.pod("init-done") { root in
            var meta = root["metadata"]?.objectValue ?? JSONObject()
            let initName = initDemo.spec.initContainers[0].name
            meta["annotations"] = .object(JSONObject([(DefaultContainer.annotation, .string(initName))]))
            root["metadata"] = .object(meta)
        }
        #expect(DefaultContainer.pick(annotated)?.name == initDemo.spec.initContainers[0].name)
        #expect(DefaultContainer.pick(annotated)?.notice == nil)
        let single = try Self.pod("dead")
        #expect(DefaultContainer.pick(single)?.name == "c")
        #expect(DefaultContainer.pick(single)?.notice == nil, "one container, nothing to choose from")
    }

    @Test func getAllNamespacesPutsTheNamespaceFirst() throws {
        let pod = try Self.pod("probes")
        #expect(PodListView.header(wide: false, namespaces: true) == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(PodListView.row(pod, alive: true, now: Fixture.now, wide: false, namespaces: true).prefix(2) == ["team-a", "probes"])
    }
}
