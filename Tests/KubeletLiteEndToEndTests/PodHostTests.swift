// kubelet-lite — PodHostTests.swift (end-to-end)
// Several pods at once (issue 12 items 3-5): multi-pod files, v1 Lists, directories, static pods,
// --dry-run, and a pod host that dies taking its supervisors and containers with it.

import Glibc
import KubeletLiteModel
import Testing

/// The pod host through the binary: every pod runs, stops with its own grace, and nothing outlives it.
@Suite struct PodHostTests {
    /// A pod whose container runs until stopped; `{T}` marks its shell so `/proc` finds it.
    static func pod(_ name: String, grace: Int = 30, onTerm: String = "exit 0", echo: String = "up") -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name)}
        spec:
          terminationGracePeriodSeconds: \(grace)
          containers:
          - name: c
            image: busybox
            command: [/bin/sh, -c, "trap '\(onTerm)' TERM; echo \(echo); while :; do sleep 0.1; done", "{T}"]
        """
    }

    /// The pids of live processes whose command line mentions the scratch directory.
    static func leftovers(_ t: Scratch) -> [String] {
        guard let dir = opendir("/proc") else { return [] }
        defer { closedir(dir) }
        var found: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = Int32(name), pid != getpid(), E2E.isAlive(pid) else { continue }
            let cmdline = E2E.readFile("/proc/\(name)/cmdline")
            if cmdline.contains(t.path) { found.append(name + " " + cmdline.map { $0 == "\0" ? " " : $0 }) }
        }
        return found
    }

    static func running(_ t: Scratch, _ names: [String]) -> Bool {
        names.allSatisfy { t.podJSON($0)?.phase == "Running" && t.podJSON($0)?.containerStatus("c")?["ready"] == .bool(true) }
    }

    @Test func threePodsOfOneFileRunAndStopEachWithItsOwnGrace() async {
        let t = await Scratch.admitted(seconds: 4)
        let file = t.write("three.yaml", [Self.pod("quick", onTerm: "exit 0"), Self.pod("stubborn", grace: 2, onTerm: ""),
                                          Self.pod("third")].joined(separator: "\n---\n"))
        let host = E2E.start(["apply", file, "--state-dir", t.state], in: t)
        await waitUntil("all three pods Running", context: host.stderr) { Self.running(t, ["quick", "stubborn", "third"]) }
        let get = await E2E.run(["get", "--state-dir", t.state], in: t)
        for name in ["quick", "stubborn", "third"] { #expect(get.stdout.contains("\n\(name) "), "\(get.stdout)") }
        let (status, took) = await host.terminate()
        #expect(status == 0, "\(host.stderr)")
        #expect(took >= 1.8 && took < 20, "the stubborn pod is killed at its 2 s grace, not before; took \(took)")
        #expect(t.podJSON("quick")?.containerStatus("c")?["state"]?["terminated"]?["exitCode"]?.int64Value == 0)
        #expect(t.podJSON("stubborn")?.containerStatus("c")?["state"]?["terminated"]?["exitCode"]?.int64Value == 137)
        for name in ["quick", "stubborn", "third"] {
            #expect(host.stdout.contains("[\(name)] [c] up"), "each pod's lines are marked: \(host.stdout)")
        }
        #expect(Self.leftovers(t).isEmpty, "\(Self.leftovers(t))")
    }

    @Test func aV1ListInJSONRunsEveryItem() async {
        let t = await Scratch.admitted()
        let item = { (name: String) in
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)"},"spec":{"restartPolicy":"Never","#
                + #""containers":[{"name":"c","image":"busybox","command":["sh","-c","echo done \#(name)"]}]}}"#
        }
        let file = t.write("list.json", #"{"apiVersion":"v1","kind":"List","items":["# + item("l1") + "," + item("l2") + "]}")
        let run = await E2E.run(["apply", file, "--state-dir", t.state], in: t)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("[l1] [c] done l1") && run.stdout.contains("[l2] [c] done l2"), "\(run.stdout)")
        #expect(t.podJSON("l1")?.phase == "Succeeded" && t.podJSON("l2")?.phase == "Succeeded")
    }

    @Test func aDeploymentIsRefusedByKindAndThePodsBesideItRun() async {
        let t = await Scratch.admitted()
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
        let alone = await E2E.run(["apply", t.write("d.yaml", deployment), "--state-dir", t.state], in: t)
        #expect(alone.status == 2)
        #expect(alone.stderr.contains(#"kind "Deployment" (apiVersion "apps/v1") is not supported: kubelet-lite runs only kind "Pod""#),
                "\(alone.stderr)")
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: beside}\nspec:\n  restartPolicy: Never\n"
            + "  containers:\n  - {name: c, image: busybox, command: [\"true\"]}\n"
        let mixed = await E2E.run(["apply", t.write("m.yaml", pod + "---\n" + deployment), "--state-dir", t.state], in: t)
        #expect(mixed.status == 2, "a refused object makes the status 2")
        #expect(mixed.stderr.contains("m.yaml (document 2, line 9) is not run"), "\(mixed.stderr)")
        #expect(t.podJSON("beside")?.phase == "Succeeded", "\(mixed.stderr)")
    }

    @Test func applyOfADirectoryRunsEveryManifestOnce() async {
        let t = await Scratch.admitted()
        mkdir(t.path + "/dir", 0o755)
        for name in ["d1", "d2"] {
            _ = t.write("dir/\(name).yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: \(name)}\nspec:\n  restartPolicy: Never\n"
                        + "  containers:\n  - {name: c, image: busybox, command: [\"true\"]}\n")
        }
        _ = t.write("dir/.hidden.yaml", "not: a pod")
        _ = t.write("dir/notes.txt", "not a manifest")
        let run = await E2E.run(["apply", "-f", t.path + "/dir", "--state-dir", t.state], in: t)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(t.podJSON("d1")?.phase == "Succeeded" && t.podJSON("d2")?.phase == "Succeeded")
    }

    @Test func dryRunPrintsTheSamePodForEveryYAMLAndJSONTwin() async {
        let t = Scratch()
        for name in YAMLManifestTests.jsonExamples() {
            let json = await E2E.run(["apply", "--dry-run", "-o", "json", ExamplesTests.path(name)], in: t)
            let yaml = await E2E.run(["apply", "--dry-run=client", "-o", "json", ExamplesTests.path(YAMLManifestTests.twin(name))], in: t)
            #expect(json.status == 0 && yaml.status == 0, "\(name): \(yaml.stderr)")
            #expect(json.stdout.hasPrefix("{") && json.stdout == yaml.stdout, "\(name)")
        }
        #expect(!Self.leftovers(t).contains { $0.contains("apply") })
        let bad = await E2E.run(["apply", "--dry-run", "-o", "yaml", t.write("bad.yaml", "apiVersion: v1\nkind: Pod\n")], in: t)
        #expect(bad.status == 2 && bad.stdout.isEmpty, "\(bad.stdout)")
    }

    @Test func aHostKilledLeavesNoSupervisorOrContainerBehind() async {
        let t = await Scratch.admitted(seconds: 3)
        let file = t.write("two.yaml", Self.pod("k1") + "\n---\n" + Self.pod("k2"))
        let host = E2E.start(["apply", file, "--state-dir", t.state], in: t)
        await waitUntil("both pods Running", context: host.stderr) { Self.running(t, ["k1", "k2"]) }
        #expect(Self.leftovers(t).count >= 4, "two supervisors and two containers: \(Self.leftovers(t))")
        host.signal(SIGKILL)
        await host.exit()
        await waitUntil("nothing of the pods left", deadline: 10, context: Self.leftovers(t).joined(separator: "\n")) {
            Self.leftovers(t).isEmpty
        }
    }
}
