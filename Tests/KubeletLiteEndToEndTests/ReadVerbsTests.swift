// kubelet-lite — ReadVerbsTests.swift (end-to-end)
// get, describe and logs from another terminal, reading the state directory.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ReadVerbsTests {
    @Test func getListsRunningAndFinishedPodsAndUnknownForADeadSupervisor() async {
        let t = await Scratch.admitted()
        let done = await E2E.run(["apply", ExamplesTests.path("never-succeeds.json")], in: t)
        #expect(done.status == 0)
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "runner"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "60"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("runner Running") { t.podJSON("runner")?.phase == "Running" }
        let get = await E2E.run(["get"], in: t)
        #expect(get.status == 0)
        let lines = get.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(lines.contains { $0.prefix(4) == ["job-succeeds", "0/1", "Completed", "0"] })
        #expect(lines.contains { $0.prefix(4) == ["runner", "1/1", "Running", "0"] })

        let json = await E2E.run(["get", "-o", "json"], in: t)
        let list = try? JSONParser.parse(json.stdout)
        #expect(list?["kind"] == .string("List"))
        #expect(list?["items"]?.arrayValue?.count == 2)

        kl.signal(SIGKILL)
        await kl.exit()
        let after = await E2E.run(["get", "runner"], in: t)
        #expect(after.stdout.contains("Unknown"), "a supervisor gone without a clean stop: \(after.stdout)")
        let describe = await E2E.run(["describe", "pod", "runner"], in: t)
        #expect(describe.status == 0)
        #expect(describe.stdout.contains("Status:           Unknown\n"))
        #expect(describe.stdout.contains("Started container c"))
    }

    /// Scenario 66a: `logs` prints exactly what the container wrote.
    @Test func logsPrintsExactlyWhatTheContainerWrote() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "hello"},
             "spec": {"restartPolicy": "OnFailure", "containers": [{"name": "c", "image": "busybox",
               "command": ["/bin/sh", "-c", "if [ -f {T}/again ]; then echo second; else touch {T}/again; echo 'Hello World'; echo oops >&2; exit 1; fi"]}]}}
            """)
        let r = await E2E.run(["apply", "--backoff-initial", "0.2", file], in: t)
        #expect(r.status == 0)
        #expect(await E2E.run(["logs", "hello"], in: t).stdout == "second\n")
        #expect(await E2E.run(["logs", "hello", "--previous"], in: t).stdout == "Hello World\noops\n")
        #expect(await E2E.run(["logs", "hello", "-c", "c", "--previous", "--tail", "1"], in: t).stdout == "oops\n")
        let missing = await E2E.run(["logs", "nope"], in: t)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("pods \"nope\" not found"))
        let wrong = await E2E.run(["logs", "hello", "-c", "other"], in: t)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("container other is not valid for pod hello"))
    }

    /// The container prints its first line, then waits until the test has seen `logs -f` print it
    /// (so the follow is under way), then prints four more and ends, while the pod goes on.
    @Test func logsFollowPrintsLinesAsTheyComeUntilTheContainerEnds() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ticker"},
             "spec": {"restartPolicy": "Never", "containers": [
               {"name": "c", "image": "busybox", "command": ["sh", "-c", "echo tick-1; until [ -e {T}/go ]; do sleep 0.02; done; for i in 2 3 4 5; do echo tick-$i; sleep 0.2; done"]},
               {"name": "other", "image": "busybox", "command": ["sleep", "infinity"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("ticker's first line in its log") { (t.read(t.podDir("ticker") + "/logs/c/0.log") ?? "").contains("tick-1") }
        let follow = E2E.start(["logs", "ticker", "-c", "c", "-f"], in: t)
        await waitUntil("logs -f printed the first line") { follow.stdout == "tick-1\n" }
        _ = t.write("go", "")
        // It ends with the container, while the pod (its other container) still runs.
        #expect(await follow.exit() == 0)
        #expect(follow.stdout == (1...5).map { "tick-\($0)\n" }.joined(), "everything, once, in order")
        #expect(t.podJSON("ticker")?.phase == "Running", "it ends with the container, not with the pod")
        #expect(await kl.terminate().status == 0)
    }

    /// `logs -f` of a container that has already ended, in a pod that still runs, prints the log and
    /// returns, as kubectl's does (it once waited for the pod).
    @Test func logsFollowOfAnEndedContainerReturnsAtOnce() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ended"},
             "spec": {"restartPolicy": "Never", "containers": [
               {"name": "c", "image": "busybox", "command": ["echo", "done"]},
               {"name": "other", "image": "busybox", "command": ["sleep", "infinity"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("ended's container c terminated") { t.status("ended", "c")?["state"]?["terminated"] != nil }
        let follow = E2E.start(["logs", "ended", "-c", "c", "-f"], in: t)
        #expect(await follow.exit(within: 10) == 0)
        #expect(follow.stdout == "done\n")
        #expect(await kl.terminate().status == 0)
    }

    /// `logs -f` ends on SIGTERM as on Ctrl-C (it once kept both blocked and never read them).
    @Test func logsFollowEndsOnSIGTERM() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "followed"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "echo hello; exec sleep infinity"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("followed's line in its log") { (t.read(t.podDir("followed") + "/logs/c/0.log") ?? "").contains("hello") }
        let follow = E2E.start(["logs", "-f", "followed"], in: t)
        await waitUntil("logs -f printed what the log holds") { follow.stdout == "hello\n" }
        follow.signal(SIGTERM)
        #expect(await follow.exit(within: 5) == 128 + SIGTERM)
        #expect(await kl.terminate().status == 0)
    }

    @Test func logsFollowEndsWhenTheSupervisorStops() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "forever"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "echo hello; exec sleep 60"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("forever's line in its log") { (t.read(t.podDir("forever") + "/logs/c/0.log") ?? "").contains("hello") }
        let follow = E2E.start(["logs", "-f", "forever"], in: t)
        await waitUntil("logs -f printed what the log holds") { follow.stdout == "hello\n" }
        #expect(follow.status == nil, "still following")
        kl.signal(SIGKILL)
        #expect(await follow.exit() == 0, "the supervisor's death ends the follow")
        #expect(follow.stdout == "hello\n")
    }
}
