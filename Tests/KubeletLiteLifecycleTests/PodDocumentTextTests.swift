// kubelet-lite — PodDocumentTextTests.swift
// pod.json's text, written around a cached frame, is the published Pod's tree serialized, byte for byte.

@testable import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct PodDocumentTextTests {
    /// A manifest with what the frame must carry through: labels, its own annotations, a status of
    /// its own (dropped by the loader), and strings that need escaping.
    static let manifest = """
        {"apiVersion": "v1", "kind": "Pod", "status": {"phase": "Ignored"},
         "metadata": {"name": "web", "labels": {"app": "web"}, "annotations": {"note": "tab\\there \\"quoted\\""}},
         "spec": {"restartPolicy": "Always", "terminationGracePeriodSeconds": 5,
                  "initContainers": [{"name": "setup", "image": "x", "command": ["true"]}],
                  "containers": [{"name": "main", "image": "x", "command": ["sleep", "1"],
                                  "resources": {"limits": {"cpu": "1", "memory": "64Mi"}}},
                                 {"name": "side", "image": "ü", "command": ["sleep", "1"]}]}}
        """

    static func pod() throws -> Pod {
        try #require(ManifestLoader.load(manifest, source: "web.json").pod)
    }

    /// Each step's text is the tree's serialization, so a frame kept too long (a deletion or an
    /// annotation missing) or a status written differently fails here.
    @Test func everyWriteIsTheTreeSerialized() throws {
        let pod = try Self.pod()
        var h = Harness(pod)
        var placement = PodPlacement(nodeName: "node-1", podIP: "127.0.0.1", hostIP: "127.0.0.1", createdAt: .seconds(1_800_000_000))
        var text = PodDocumentText()
        var checked = 0
        func check(_ step: String) {
            let tree = PodDocument.pod(pod, uid: "uid-1", placement: placement, status: h.machine.status)
            let expected = tree.serializedBytes(indent: 2) + [UInt8(ascii: "\n")]
            let written = text.text(pod, uid: "uid-1", placement: placement, status: h.machine.status)
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(step)")
            checked += 1
        }
        check("pending")
        h.start()
        check("init container running")
        h.exit("setup")
        check("main containers running")
        placement.cgroup = "/sys/fs/cgroup/kubelet-lite-uid-1"
        placement.lostRecords = "events: 3"
        check("annotations changed")
        h.feed(.containerExited(h.ref("main"), exitCode: 2, signal: nil,
                                output: ExitOutput(messageFile: "bad \"input\"\nline two \u{1}")))
        check("main exited with a message")
        h.advance(by: 20)
        check("main restarted, its last state kept")
        h.feed(.terminate(gracePeriod: nil))
        check("deletion under way")
        h.exit("main", code: 143, signal: 15)
        h.exit("side", code: 137, signal: 9)
        check("stopped")
        #expect(checked == 8)
    }

    @Test func theStatusIsTheLastKeyWhateverTheManifestCarried() throws {
        let pod = try Self.pod()
        let h = Harness(pod)
        let placement = PodPlacement(nodeName: "n", podIP: "127.0.0.1", hostIP: "127.0.0.1", createdAt: .seconds(0))
        var text = PodDocumentText()
        let written = try JSONParser.parse(text.text(pod, uid: "u", placement: placement, status: h.machine.status))
        #expect(written.objectValue?.keys == ["apiVersion", "kind", "metadata", "spec", "status"])
        #expect(written["status"]?["phase"] == .string("Pending"))
    }

    @Test func theMarkerSearchFindsTheLastOccurrence() {
        func find(_ needle: String, _ text: String) -> Range<Int>? {
            PodDocumentText.lastRange(of: Array(needle.utf8), in: Array(text.utf8))
        }
        #expect(find("ab", "ab") == 0..<2)
        #expect(find("ab", "xxab") == 2..<4)
        #expect(find("ab", "abxab") == 3..<5, "the last of two")
        #expect(find("ab", "abxx") == 0..<2)
        #expect(find("a", "bab") == 1..<2)
        #expect(find("ab", "aab") == 1..<3)
        #expect(find("ab", "ba") == nil)
        #expect(find("abc", "ab") == nil)
        #expect(find("", "ab") == nil)
    }
}
