// kubelet-lite — StatusPublisherTests.swift
// pod.json's publisher: what it writes, and when what was lost is news worth another write.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel
@testable import KubeletLiteRuntime
import Testing

@Suite struct StatusPublisherTests {
    @Test func aLossAfterTheLastWriteIsNewsUntilWritten() throws {
        let root = AtomicWriteTests.scratch()
        defer { unlink(root + "/pod.json"); rmdir(root) }
        let dir = try SecureDirectory.root(root, create: false)
        let lost = LostRecords(warn: { _ in })
        let loop = try EventLoop(clock: RuntimeClock())
        let publisher = StatusPublisher(dir, lost: lost, loop: loop, interval: Micros(50_000))
        let pod = try #require(ManifestLoader.load("""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
             "spec": {"containers": [{"name": "c", "image": "x", "command": ["true"]}]}}
            """, source: "web.json").pod)
        let incarnation = PodIncarnation.begin(pod, at: .seconds(1_800_000_000), nodeName: "node-1", sandbox: .process,
                                               newUID: { "uid-1" })
        let machine = incarnation.machine(backoff: BackoffPolicy())
        let annotation = { () -> JSONValue? in
            let doc = try? JSONParser.parse(readFile(root + "/pod.json") ?? [])
            return doc?["metadata"]?["annotations"]?["kubelet-lite.io/lost-records"]
        }

        publisher.publish(machine, incarnation, force: true)
        #expect(!publisher.lossIsNews)
        #expect(annotation() == nil)
        // The final drain of the logs loses lines after what was meant to be the last write.
        lost.lost(3, .logLines, file: "c/0.log", errno: ENOSPC)
        #expect(publisher.lossIsNews)
        publisher.publish(machine, incarnation, force: true)
        #expect(!publisher.lossIsNews)
        #expect(annotation() == .string("log lines: 3"))
    }
}
