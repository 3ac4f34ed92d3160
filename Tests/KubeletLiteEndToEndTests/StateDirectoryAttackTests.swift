// kubelet-lite — StateDirectoryAttackTests.swift (end-to-end, root)
// A state directory another user made, and symbolic links planted in one: refused, never followed
// (architecture §6.5). Root, because the attacker is another user, and a full disk is a tmpfs.

import Glibc
import KubeletLiteModel
import Testing

@Suite(.enabled(if: E2E.isRoot, "needs root: plays another user, and mounts a small tmpfs"))
struct StateDirectoryAttackTests {
    static let manifest = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "victim"},
         "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox", "command": ["true"]}]}}
        """

    @Test func aStateDirectoryOwnedByAnotherUserIsRefused() async {
        let t = await Scratch.admitted()
        mkdir(t.state, 0o700)
        chown(t.state, 65534, 65534)  // "nobody" made it first
        let r = await E2E.run(["apply", t.write("p.json", Self.manifest)], in: t)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("belongs to uid 65534, not to you"), "\(r.stderr)")
        let get = await E2E.run(["get"], in: t)
        #expect(get.status == 1)
        #expect(get.stderr.contains("belongs to uid 65534"), "permission, not 'No resources found': \(get.stderr)")
    }

    @Test func aStateDirectoryOpenToOthersIsRefused() async {
        let t = await Scratch.admitted()
        mkdir(t.state, 0o777)
        chmod(t.state, 0o777)
        let r = await E2E.run(["apply", t.write("p.json", Self.manifest)], in: t)
        #expect(r.status == 3)
        #expect(r.stderr.contains("it must be 0700 (chmod 700"), "\(r.stderr)")
    }

    /// Plants a symbolic link at `relative` (below the pod directory, or the pod directory itself)
    /// pointing at a file of the test's; returns the target.
    static func plant(_ t: Scratch, at relative: String) -> String {
        let target = t.path + "/target-\(relative.replacingOccurrences(of: "/", with: "-"))"
        _ = t.write(String(target.dropFirst(t.path.count + 1)), "precious\n")
        let pods = t.state + "/pods"
        mkdir(t.state, 0o700)
        mkdir(pods, 0o700)
        let podDir = pods + "/default_victim"
        if relative != "." { mkdir(podDir, 0o700) }
        let link = relative == "." ? podDir : podDir + "/" + relative
        symlink(target, link)
        return target
    }

    @Test(arguments: [".", "supervisor.pid", "pod.json", "events.jsonl", "control.sock", "logs", "sandbox.pid", "cgroups"])
    func aPlantedSymbolicLinkIsNeverFollowed(_ at: String) async {
        let t = await Scratch.admitted()
        let target = Self.plant(t, at: at)
        let r = await E2E.run(["apply", t.write("p.json", Self.manifest)], in: t)
        #expect(t.read(target) == "precious\n", "the link's target is untouched (\(at)): \(r.stderr)")
        if [".", "supervisor.pid"].contains(at) {
            #expect(r.status == 3, "refused: \(r.stdout) \(r.stderr)")
            #expect(r.stderr.contains("never followed") || r.stderr.contains("not a directory"), "\(r.stderr)")
        } else {
            // A stale file of a dead supervisor: the link itself is removed, never what it points to.
            #expect(r.status == 0, "\(r.stderr)")
        }
    }

    @Test func theStateDirectoryItselfAsALinkIsRefused() async {
        let t = await Scratch.admitted()
        mkdir(t.path + "/elsewhere", 0o700)
        symlink(t.path + "/elsewhere", t.state)
        let r = await E2E.run(["apply", t.write("p.json", Self.manifest)], in: t)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(access(t.path + "/elsewhere/pods", F_OK) != 0, "nothing was created through the link")
    }

    @Test func aFullDiskLosesRecordsWholeAndWritingResumes() async {
        let t = await Scratch.admitted()
        mkdir(t.state, 0o700)
        guard system("mount -t tmpfs -o size=1m,mode=0700 tmpfs '\(t.state)'") == 0 else {
            Issue.record("cannot mount a tmpfs")
            return
        }
        defer { _ = system("umount -l '\(t.state)'") }
        let script = "i=0; while [ ! -e {T}/stop ]; do i=$$((i+1)); echo line $$i with some padding to fill the disk quickly; "
            + "[ $$((i % 200)) -eq 0 ] && sleep 0.01; done; touch {T}/stopped; "
            + "while [ ! -e {T}/resume ]; do sleep 0.05; done; echo after the disk was freed; sleep 600"
        let kl = E2E.start(["apply", t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "full"},
             "spec": {"terminationGracePeriodSeconds": 2, "containers": [{"name": "chatty", "image": "busybox",
               "command": ["sh", "-c", "\(script)"]}]}}
            """)], in: t)
        await waitUntil(#"kl.stderr.contains("log lines are being lost")"#, deadline: 20, context: "\(kl.stderr)") { kl.stderr.contains("log lines are being lost") }
        _ = t.write("stop", "")
        await waitUntil(#"t.read("stopped") != nil"#, deadline: 10) { t.read("stopped") != nil }
        // Space comes back (the open log is cut to nothing), and the container writes again.
        let log = t.podDir("full") + "/logs/chatty/0.log"
        #expect(truncate(log, 0) == 0)
        _ = t.write("resume", "")
        await waitUntil(#"(t.read(log) ?? "").contains("after the disk was freed")"#, deadline: 10, context: "\(kl.stderr)") { (t.read(log) ?? "").contains("after the disk was freed") }
        #expect(kl.stderr.contains("writing log lines works again"), "\(kl.stderr)")
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 10) == 0, "the supervisor kept supervising: \(kl.stderr)")
        #expect(kl.stderr.components("log lines are being lost") == 1, "said once per outage: \(kl.stderr)")
        let events = t.read(t.podDir("full") + "/events.jsonl") ?? ""
        for line in events.split(separator: "\n") {
            #expect((try? JSONParser.parse(String(line))) != nil, "no torn line: \(line)")
        }
        #expect(events.contains("Killing"), "events are written again")
        #expect(t.podJSON("full")?["metadata"]?["annotations"]?["kubelet-lite.io/lost-records"] != nil)
    }
}

extension String {
    /// How many times `needle` occurs.
    func components(_ needle: String) -> Int {
        var count = 0
        var rest = self[...]
        while let r = rest.range(of: needle) {
            count += 1
            rest = rest[r.upperBound...]
        }
        return count
    }
}
