// kubelet-lite — DescribeViewTests.swift
// The kubectl describe view of a pod the state machine ran: probe lines, the events table
// (lifecycle §15.3, §16.1). The view's own rules are tested in KubeletLitePresentationTests.

import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation
import Testing

@Suite struct DescribeViewTests {
    @Test func aPodWithProbesAndRepeatedEvents() throws {
        var c = Harness.container("liveness")
        c.livenessProbe = Probe(handler: .exec(command: ["cat", "/tmp/healthy"]), initialDelaySeconds: 5, periodSeconds: 5)
        c.readinessProbe = Probe(handler: .httpGet(HTTPGetAction(path: "/healthz", port: .int(8080))), initialDelaySeconds: 3,
                                 periodSeconds: 3)
        var h = Harness(Harness.pod([c]))
        h.autoAnswer = { _, _ in .exited(code: 1, stdout: "", stderr: "nope") }
        h.start()
        h.advance(by: 9)
        let placement = PodPlacement(nodeName: "n", podIP: "127.0.0.1", hostIP: "127.0.0.1", createdAt: h.now)
        let manifest = try JSONParser.parse("""
            {"metadata": {"name": "p", "labels": {"app": "x"}}, "spec": {"containers": [{"name": "liveness",
             "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5, "periodSeconds": 5},
             "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": 3, "periodSeconds": 3}}]}}
            """)
        var pod = h.machine.pod
        pod.manifest = manifest.objectValue!
        let doc = PodDocument.pod(pod, uid: "u", placement: placement, status: h.machine.status)
        let events = h.events.map { PodDocument.event($0, pod: pod, uid: "u", host: "n") }
        let published = try PublishedPod.decode(doc, file: "pod.json of p")
        let decoded = try events.map { e throws(PublishedPodError) in try PublishedEvent.decode(e, file: "event") }
        let text = DescribeView.render(published: published, events: decoded, now: h.now + .seconds(1))
        #expect(text.contains("    Liveness:       exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3\n"))
        #expect(text.contains("    Readiness:      http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3\n"))
        #expect(text.contains("    State:          Running\n"))
        #expect(text.contains("Labels:           app=x\n"))
        // Readiness failed at 3, 6 and 9 s: one row, seen last 1 s ago, first 7 s ago.
        #expect(text.contains("1s (x3 over 7s)"))
        #expect(text.contains("spec.containers{liveness}: Readiness probe failed: nope"))
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines.firstIndex { $0.hasPrefix("  Type") && $0.contains("Reason") }
        #expect(header.map { lines[$0].split(separator: " ") } == ["Type", "Reason", "Age", "From", "Message"])
        #expect(header.map { lines[$0 - 1] } == "Events:")
    }
}
