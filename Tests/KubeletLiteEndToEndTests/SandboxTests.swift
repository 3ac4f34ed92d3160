// kubelet-lite — SandboxTests.swift (end-to-end)
// Scenario 60 (scaled): killing the pause process re-creates the sandbox and re-runs initialisation.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct SandboxE2ETests {
    @Test func killingThePauseProcessRestartsThePodInOrder() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "sandbox"},
             "spec": {"terminationGracePeriodSeconds": 5,
              "initContainers": [
                {"name": "init-1", "image": "busybox", "command": ["sh", "-c", "echo init-1 >> {T}/order"]},
                {"name": "restartable-init-2", "image": "busybox", "restartPolicy": "Always",
                 "command": ["sh", "-c", "echo restartable-init-2 >> {T}/order; exec sleep 300"]},
                {"name": "init-3", "image": "busybox", "command": ["sh", "-c", "echo init-3 >> {T}/order"]}],
              "containers": [{"name": "regular-1", "image": "busybox", "command": ["sh", "-c", "echo regular-1 >> {T}/order; exec sleep 300"]}]}}
            """)
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("sandbox Running, its four containers started") {
            t.podJSON("sandbox")?.phase == "Running" && (t.read("order") ?? "").split(separator: "\n").count == 4
        }
        let pause = Int32((t.read(t.podDir("sandbox") + "/sandbox.pid") ?? "").split(separator: "\n").first ?? "") ?? 0
        #expect(pause > 0)
        kill(pause, SIGKILL)
        // A container's own line can come before the supervisor has seen its exec and printed
        // Started: the wait is for both.
        await waitUntil("sandbox re-created and its containers started again", context: kl.stderr) {
            (t.podJSON("sandbox")?.containerStatus("regular-1")?["restartCount"]?.int64Value ?? 0) >= 1
                && t.podJSON("sandbox")?.phase == "Running"
                && (t.read("order") ?? "").split(separator: "\n").count == 8
                && t.ev("sandbox", "Started").count == 8
        }
        // The start order is the supervisor's (Started events, in the order written); the containers'
        // own lines may interleave, since a sidecar and the next init container run together.
        let started = t.ev("sandbox", "Started").map { String($0.fieldPath.split(separator: "{").last!.dropLast()) }
        let once = ["init-1", "restartable-init-2", "init-3", "regular-1"]
        #expect(started == once + once)
        let order = (t.read("order") ?? "").split(separator: "\n").map(String.init)
        #expect(order.count == 8 && order[4] == "init-1" && Set(order.suffix(4)) == Set(once), "\(order)")
        #expect(t.events("sandbox").contains { $0["reason"] == .string("SandboxChanged") })
        let newPause = Int32((t.read(t.podDir("sandbox") + "/sandbox.pid") ?? "").split(separator: "\n").first ?? "") ?? 0
        #expect(newPause != pause && E2E.isAlive(newPause))
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
    }
}
