// kubelet-lite — SidecarTests.swift (end-to-end)
// Native sidecars through the binary: reverse-order termination (scenario 56, scaled).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct SidecarE2ETests {
    @Test func sidecarsStopInReverseOrderAfterTheMainContainer() async {
        let t = await Scratch.admitted()
        func sidecar(_ n: Int) -> String {
            """
            {"name": "restartable-init-\(n)", "image": "busybox", "restartPolicy": "Always",
             "command": ["sh", "-c", "trap 'sleep 0.6; echo restartable-init-\(n) >> {T}/exits; exit 0' TERM; echo start >> {T}/s\(n); while true; do sleep 0.05; done"]}
            """
        }
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "sidecars"},
             "spec": {"restartPolicy": "Never", "terminationGracePeriodSeconds": 10,
              "initContainers": [\(sidecar(1)), \(sidecar(2)), \(sidecar(3))],
              "containers": [{"name": "regular-1", "image": "busybox",
                "command": ["sh", "-c", "until [ -e {T}/s1 ] && [ -e {T}/s2 ] && [ -e {T}/s3 ]; do sleep 0.05; done; echo regular-1 >> {T}/exits"]}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(t.podJSON("sidecars")?.phase == "Succeeded")
        let exits = (t.read("exits") ?? "").split(separator: "\n").map(String.init)
        #expect(exits == ["regular-1", "restartable-init-3", "restartable-init-2", "restartable-init-1"])
        for n in 1...3 { #expect(t.read("s\(n)") == "start\n", "each sidecar started exactly once") }
    }
}
