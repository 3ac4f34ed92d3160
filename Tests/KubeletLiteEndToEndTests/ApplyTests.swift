// kubelet-lite — ApplyTests.swift (end-to-end)
// A pod through the binary: ordering, status over time, stop on request, refusals.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ApplyTests {
    /// Two init and two main containers each append their name to one file (the mains once they
    /// trap TERM, so that a stop after the fourth name always finds the trap set).
    static let ordered = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ordered"},
         "spec": {"terminationGracePeriodSeconds": 5,
          "initContainers": [
            {"name": "init-1", "image": "busybox", "command": ["sh", "-c", "sleep 0.3; echo init-1 >> {T}/order"]},
            {"name": "init-2", "image": "busybox", "command": ["sh", "-c", "echo init-2 >> {T}/order"]}],
          "containers": [
            {"name": "main-1", "image": "busybox", "command": ["sh", "-c", "trap 'exit 0' TERM; echo main-1 >> {T}/order; while true; do sleep 0.1; done"]},
            {"name": "main-2", "image": "busybox", "command": ["sh", "-c", "trap 'exit 0' TERM; echo main-2 >> {T}/order; while true; do sleep 0.1; done"]}]}}
        """

    @Test func initContainersFirstThenMainsThenGracefulStop() async throws {
        let t = await Scratch.admitted()
        let file = t.write("pod.json", ApplyTests.ordered)
        let kl = E2E.start(["apply", file], in: t)
        var phases: [String] = []
        await waitUntil("ordered Running with both main containers", context: kl.stderr) {
            if let p = t.podJSON("ordered")?.phase, phases.last != p { phases.append(p) }
            return phases.last == "Running" && (t.read("order") ?? "").split(separator: "\n").count == 4
        }
        #expect(phases.first == "Pending")
        #expect(phases.last == "Running")
        let lines = (t.read("order") ?? "").split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(2)) == ["init-1", "init-2"])
        #expect(Set(lines.suffix(2)) == ["main-1", "main-2"])
        let pod = t.podJSON("ordered")!
        #expect(pod.condition("Initialized")?["status"] == .string("True"))
        #expect(pod.containerStatus("init-1")?["state"]?["terminated"]?["reason"] == .string("Completed"))
        #expect(pod.containerStatus("main-1")?["ready"] == .bool(true))

        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        let final = t.podJSON("ordered")!
        // Both mains trap TERM and exit 0, so the pod ends Succeeded (spec §2, deletion).
        #expect(final.phase == "Succeeded")
        #expect(final.containerStatus("main-1")?["state"]?["terminated"]?["exitCode"] == .number("0"))
        #expect(kl.stdout.contains("Killing"))
        #expect(kl.stdout.contains("Stopping container main-1"))
    }

    @Test func invalidManifestStartsNothingAndExits2() async {
        let t = await Scratch.admitted()
        let file = t.write("bad.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad"},
             "spec": {"containers": [{"name": "x", "image": "busybox", "command": ["sh", "-c", "touch {T}/ran"],
               "livenessProbe": {"exec": {"command": ["true"]}, "periodSeconds": -1}}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 2)
        #expect(r.stderr.contains("spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0"))
        #expect(t.read("ran") == nil)
        #expect(t.read(t.podDir("bad") + "/pod.json") == nil, "no state is written for a refused pod")
    }

    @Test func malformedJSONGivesLineAndColumn() async {
        let t = await Scratch.admitted()
        let file = t.write("broken.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\" \"metadata\": {}\n}\n")
        let r = await E2E.run(["validate", file], in: t)
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 3"))
        #expect(r.stderr.contains("column"))
    }

    @Test func secondApplyOfARunningPodRefuses() async {
        let t = await Scratch.admitted()
        let file = t.write("pod.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "once"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "30"]}]}}
            """)
        let first = E2E.start(["apply", file], in: t)
        await waitUntil("once Running") { t.podJSON("once")?.phase == "Running" }
        let second = await E2E.run(["apply", file], in: t)
        #expect(second.status == 2)
        #expect(second.stderr.contains("already running"))
        #expect(second.stderr.contains("supervisor pid \(first.pid)"))
        first.signal(SIGTERM)
        #expect(await first.exit() == 0)
    }

    @Test func staleStateOfAKilledSupervisorIsCleanedUp() async {
        let t = await Scratch.admitted()
        let file = t.write("pod.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stale"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox",
               "command": ["sh", "-c", "echo $$$$ >> {T}/pids; sleep 0.5"]}]}}
            """)
        let first = E2E.start(["apply", file], in: t)
        await waitUntil("stale's container started") { t.read("pids") != nil }
        first.signal(SIGKILL)
        await first.exit()
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(t.podJSON("stale")?.phase == "Succeeded")
        #expect(t.events("stale").filter { $0["reason"] == .string("Scheduled") }.count == 1,
                "the old run's events were removed")
    }

    @Test func manifestFromStandardInputAndJSONEvents() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", "-", "-o", "json"], in: t, stdin: """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stdin-pod", "namespace": "team"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox", "command": ["echo", "hi"]}]}}
            """)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let event = try? JSONParser.parse(String(line))
            #expect(event?["kind"] == .string("Event"), "stdout holds only Event objects: \(line)")
            #expect(event?["involvedObject"]?["namespace"] == .string("team"))
            #expect(event?["source"]?["component"] == .string("kubelet-lite"))
        }
        #expect(r.stdout.contains("\"fieldPath\":\"spec.containers{c}\""))
        #expect(!r.stdout.contains("hi\n"), "no container output in json mode")
        let log = t.read(t.podDir("stdin-pod", namespace: "team") + "/logs/c/0.log") ?? ""
        #expect(log.hasSuffix(" stdout F hi\n"))
    }

    @Test func containerOutputIsEchoedAndLoggedInCRIFormat() async {
        let t = await Scratch.admitted()
        let file = t.write("pod.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "logs"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "talker", "image": "busybox",
               "command": ["sh", "-c", "echo out-line; echo err-line >&2; printf 'no newline'"]}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 0)
        #expect(r.stdout.contains("[talker] out-line\n"))
        #expect(r.stderr.contains("[talker] err-line\n"))
        let log = t.read(t.podDir("logs") + "/logs/talker/0.log") ?? ""
        let lines = log.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.contains { $0.hasSuffix(" stdout F out-line") })
        #expect(lines.contains { $0.hasSuffix(" stderr F err-line") })
        #expect(lines.contains { $0.hasSuffix(" stdout F no newline") })
        // <RFC3339Nano> stream tag text
        #expect(lines.allSatisfy { $0.split(separator: " ").first?.count == 30 && $0.split(separator: " ").first?.last == "Z" })
    }

    @Test func quietKeepsLogsButEchoesNothing() async {
        let t = await Scratch.admitted()
        let file = t.write("pod.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "quiet"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox", "command": ["echo", "secret"]}]}}
            """)
        let r = await E2E.run(["apply", "--quiet", file], in: t)
        #expect(r.status == 0)
        #expect(!r.stdout.contains("secret"))
        #expect((t.read(t.podDir("quiet") + "/logs/c/0.log") ?? "").contains("secret"))
    }

    @Test func aMissingExecutableIsAStartError() async {
        let t = await Scratch.admitted()
        let file = t.write("pod.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nobin"},
             "spec": {"restartPolicy": "Never", "containers": [
               {"name": "abs", "image": "busybox", "command": ["/no/such/binary"]},
               {"name": "rel", "image": "busybox", "command": ["no-such-command-anywhere"]}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 1)
        let pod = t.podJSON("nobin")!
        let abs = pod.containerStatus("abs")?["state"]?["terminated"]
        #expect(abs?["reason"] == .string("StartError"))
        #expect(abs?["exitCode"] == .number("128"))
        #expect(abs?["message"]?.stringValue?.contains("stat /no/such/binary: no such file or directory") == true)
        let rel = pod.containerStatus("rel")?["state"]?["terminated"]?["message"]?.stringValue ?? ""
        #expect(rel.contains("executable file not found in $PATH"))
        #expect(r.stdout.contains("Warning  Failed"))
    }

    @Test func environmentIsCleanAndExpanded() async {
        let t = await Scratch.admitted()
        let file = t.write("pod.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "env-pod"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox",
               "command": ["sh", "-c", "env > {T}/env; pwd > {T}/pwd; echo '$(FOOBAR)' > {T}/arg"],
               "env": [{"name": "FOO", "value": "foo-value"}, {"name": "BAR", "value": "bar-value"},
                       {"name": "FOOBAR", "value": "$(FOO);;$(BAR)"},
                       {"name": "ME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        let env = Set((t.read("env") ?? "").split(separator: "\n").map(String.init))
        #expect(env.contains("FOOBAR=foo-value;;bar-value"))
        #expect(env.contains("ME=env-pod"))
        #expect(env.contains("HOSTNAME=env-pod"))
        #expect(env.contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
        #expect(!env.contains { $0.hasPrefix("KUBELET_LITE_STATE_DIR=") }, "nothing of kubelet-lite's environment leaks")
        #expect(t.read("pwd") == "/\n")
        #expect(t.read("arg") == "foo-value;;bar-value\n")
    }

    /// Refused manifests start nothing: no process, no state (the exact texts are in the model's table).
    @Test(arguments: [
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["touch", "{T}/ran"], "periodSecond": 1}]}}"#,
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"restartPolicy": "Sometimes", "containers": [{"name": "c", "image": "busybox", "command": ["touch", "{T}/ran"]}]}}"#,
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"initContainers": [{"name": "c", "image": "busybox", "command": ["touch", "{T}/ran"]}], "containers": [{"name": "c", "image": "busybox", "command": ["touch", "{T}/ran"]}]}}"#,
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": [{"name": "c", "image": "busybox"}]}}"#,
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"volumes": [{"name": "v", "configMap": {"name": "m"}}], "containers": [{"name": "c", "image": "busybox", "command": ["touch", "{T}/ran"]}]}}"#,
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["touch", "{T}/ran"], "lifecycle": {"preStop": {"tcpSocket": {"port": 80}}}}]}}"#,
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["touch", "{T}/ran"], "ports": [{"containerPort": 70000}]}]}}"#,
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["touch", "{T}/ran"]}]"#,
    ])
    func refusedManifestsStartNothing(_ manifest: String) async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", t.write("bad.json", manifest)], in: t)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(!r.stderr.isEmpty)
        #expect(t.read("ran") == nil)
        #expect(access(t.state, F_OK) != 0, "no state dir for a refused pod")
    }
}
