// kubelet-lite — DetachWaitTests.swift (end-to-end)
// `apply -d` and `wait`, the kubectl way a script starts a pod, waits for it, and stops it
// (architecture §6.8).

import Glibc
import KubeletLiteModel
import Testing

/// Kills what a detached supervisor left, however the test ends: it is not the test's child, so
/// no exit watch does it (its pause process takes the pod's group down with it).
final class DetachedPod {
    let directory: String
    init(_ directory: String) { self.directory = directory }

    var supervisor: pid_t? { pid_t(E2E.readFile(directory + "/supervisor.pid").split(separator: "\n").first ?? "") }
    var sandboxGroup: pid_t? { pid_t(E2E.readFile(directory + "/sandbox.pid").split(separator: "\n").first ?? "") }

    deinit {
        if let pid = supervisor, E2E.isAlive(pid) { kill(pid, SIGKILL) }
        if let group = sandboxGroup, group > 1 { kill(-group, SIGKILL) }
    }
}

@Suite struct DetachWaitTests {
    @Test func applyDetachThenWaitForReadyThenDeleteLeavesNothing() async {
        let t = await Scratch.admitted(seconds: 4)
        let file = t.write("web.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "1000"],
               "readinessProbe": {"exec": {"command": ["test", "-e", "{T}/ready"]}, "periodSeconds": 1}}]}}
            """)
        let pod = DetachedPod(t.podDir("web"))
        let applied = await E2E.run(["apply", "-d", file], in: t)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout == "pod/web created\n")
        // It returned once the supervisor held the pod: a second apply is refused as today's.
        let again = await E2E.run(["apply", "-d", file], in: t)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already running"))

        let ready = E2E.start(["wait", "pod/web", "--for=condition=Ready", "--timeout", "30s"], in: t)
        await waitUntil("the container running") { t.podJSON("web")?.containerStatus("c")?["state"]?["running"] != nil }
        #expect(await ready.exitIfAny(within: 0) == nil, "Ready before its probe could pass")
        _ = t.write("ready", "")
        #expect(await ready.exit() == 0)
        #expect(ready.stdout == "pod/web condition met\n")
        #expect(t.podJSON("web")?.condition("Ready")?["status"]?.stringValue == "True")

        let phase = await E2E.run(["wait", "web", "--for=jsonpath={.status.phase}=Running"], in: t)
        #expect(phase.status == 0 && phase.stdout == "pod/web condition met\n")
        let never = await E2E.run(["wait", "web", "--for=condition=Ready=false", "--timeout=300ms"], in: t)
        #expect(never.status == 1)
        #expect(never.stderr == "error: timed out waiting for the condition on pods/web\n")

        let gone = E2E.start(["wait", "web", "--for=delete", "--timeout", "60s"], in: t)
        let group = pod.sandboxGroup
        let supervisor = pod.supervisor
        let delete = await E2E.run(["delete", "web"], in: t)
        #expect(delete.status == 0)
        #expect(await gone.exit() == 0)
        #expect(gone.stdout == "pod/web condition met\n")
        // Nothing of the pod is left running: the supervisor, the pause process and its group.
        #expect(supervisor.map { !E2E.isAlive($0) } == true)
        #expect(group.map { kill(-$0, 0) == -1 && errno == ESRCH } == true)
        let after = await E2E.run(["wait", "web", "--for=delete"], in: t)
        #expect(after.status == 0)
    }

    @Test func waitRefusesWhatKubectlRefuses() async {
        let t = Scratch()
        let missing = await E2E.run(["wait", "nope", "--for=condition=Ready", "--timeout=1s"], in: t)
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error from server (NotFound): pods \"nope\" not found\n")
        let noFor = await E2E.run(["wait", "nope"], in: t)
        #expect(noFor.status == 2)
        let badPath = await E2E.run(["wait", "nope", "--for=jsonpath={.items[*].x}"], in: t)
        #expect(badPath.status == 2)
        let badTimeout = await E2E.run(["wait", "nope", "--for=delete", "--timeout=30"], in: t)
        #expect(badTimeout.status == 2)
    }
}
