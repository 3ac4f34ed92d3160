// kubelet-lite — ReadVerbsTests.swift (end-to-end)
// get, describe and logs from another terminal, reading the state directory.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ReadVerbsTests {
    @Test func getListsRunningAndFinishedPodsAndUnknownForADeadSupervisor() {
        let t = Scratch()
        let done = E2E.run(["apply", ExamplesTests.path("never-succeeds.json")], in: t)
        #expect(done.status == 0)
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "runner"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "60"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        #expect(E2E.eventually(timeout: 5) { t.podJSON("runner")?.phase == "Running" })
        let get = E2E.run(["get"], in: t)
        #expect(get.status == 0)
        let lines = get.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(lines.contains { $0.prefix(4) == ["job-succeeds", "0/1", "Completed", "0"] })
        #expect(lines.contains { $0.prefix(4) == ["runner", "1/1", "Running", "0"] })

        let json = E2E.run(["get", "-o", "json"], in: t)
        let list = try? JSONParser.parse(json.stdout)
        #expect(list?["kind"] == .string("List"))
        #expect(list?["items"]?.arrayValue?.count == 2)

        kl.signal(SIGKILL)
        kl.wait(timeout: 5)
        let after = E2E.run(["get", "runner"], in: t)
        #expect(after.stdout.contains("Unknown"), "a supervisor gone without a clean stop: \(after.stdout)")
        let describe = E2E.run(["describe", "pod", "runner"], in: t)
        #expect(describe.status == 0)
        #expect(describe.stdout.contains("Status:           Unknown\n"))
        #expect(describe.stdout.contains("Started container c"))
    }

    /// Scenario 66a: `logs` prints exactly what the container wrote.
    @Test func logsPrintsExactlyWhatTheContainerWrote() {
        let t = Scratch()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "hello"},
             "spec": {"restartPolicy": "OnFailure", "containers": [{"name": "c", "image": "busybox",
               "command": ["/bin/sh", "-c", "if [ -f {T}/again ]; then echo second; else touch {T}/again; echo 'Hello World'; echo oops >&2; exit 1; fi"]}]}}
            """)
        let r = E2E.run(["apply", "--backoff-initial", "0.2", file], in: t)
        #expect(r.status == 0)
        #expect(E2E.run(["logs", "hello"], in: t).stdout == "second\n")
        #expect(E2E.run(["logs", "hello", "--previous"], in: t).stdout == "Hello World\noops\n")
        #expect(E2E.run(["logs", "hello", "-c", "c", "--previous", "--tail", "1"], in: t).stdout == "oops\n")
        let missing = E2E.run(["logs", "nope"], in: t)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("pods \"nope\" not found"))
        let wrong = E2E.run(["logs", "hello", "-c", "other"], in: t)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("container other is not valid for pod hello"))
    }

    @Test func logsFollowPrintsLinesAsTheyComeUntilTheContainerEnds() {
        let t = Scratch()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ticker"},
             "spec": {"restartPolicy": "Never", "containers": [
               {"name": "c", "image": "busybox", "command": ["sh", "-c", "for i in 1 2 3 4 5; do echo tick-$i; sleep 0.2; done"]},
               {"name": "other", "image": "busybox", "command": ["sleep", "3"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        #expect(E2E.eventually(timeout: 5) { (t.read(t.podDir("ticker") + "/logs/c/0.log") ?? "").contains("tick-1") })
        let begun = E2E.now()
        let follow = E2E.run(["logs", "ticker", "-c", "c", "-f"], in: t, timeout: 10)
        #expect(follow.status == 0)
        #expect(follow.stdout == (1...5).map { "tick-\($0)\n" }.joined(), "everything, once, in order")
        #expect(E2E.now() - begun < 2.5, "it ends with the container, not with the pod")
        #expect(kl.wait(timeout: 5) == 0)
    }

    @Test func logsFollowEndsWhenTheSupervisorStops() {
        let t = Scratch()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "forever"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "echo hello; exec sleep 60"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        #expect(E2E.eventually(timeout: 5) { (t.read(t.podDir("forever") + "/logs/c/0.log") ?? "").contains("hello") })
        let follow = E2E.start(["logs", "-f", "forever"], in: t)
        usleep(300_000)
        #expect(follow.wait(timeout: 0.1) == nil, "still following")
        kl.signal(SIGKILL)
        #expect(follow.wait(timeout: 3) == 0, "the supervisor's death ends the follow")
        #expect(follow.stdout == "hello\n")
    }
}
