// kubelet-lite — NamespaceSandboxTests.swift (end-to-end, root)
// --sandbox namespaces: the pod's hostname, PID 1 containers, private /proc and /dev, probes inside
// their container (lifecycle §D3, §D5).

import Glibc
import KubeletLiteModel
import Testing

@Suite(.enabled(if: E2E.isRoot, "needs root: --sandbox namespaces creates namespaces and mounts"))
struct NamespaceSandboxTests {
    static func pod(_ name: String, _ extra: String = "", containers: String) -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"terminationGracePeriodSeconds": 2, \(extra) "containers": [\(containers)]}}
        """
    }

    static func container(_ name: String, _ script: String, _ extra: String = "") -> String {
        """
        {"name": "\(name)", "image": "busybox", "command": ["sh", "-c", "\(script)"] \(extra)}
        """
    }

    @Test func hostnamePIDOneAndOnlyItsOwnProcesses() async {
        let t = await Scratch.admitted()
        let script = "hostname > {T}/hostname; echo $$$$ > {T}/pid; ls /proc | grep -c '^[0-9]' > {T}/count; "
            + "ls /dev > {T}/dev; echo done > /dev/termination-log; exit 3"
        let manifest = t.write("p.json", Self.pod("nsbox", "\"restartPolicy\": \"Never\",",
                                                  containers: Self.container("c", script)))
        // The host's own file, if some process-sandbox pod ever wrote one: it must stay as it is.
        let hostFileBefore = Self.identity("/dev/termination-log")
        let r = await E2E.run(["apply", "--sandbox", "namespaces", manifest], in: t)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(t.read("hostname") == "nsbox\n")
        #expect(t.read("pid") == "1\n", "the container's command is PID 1 of its own namespace")
        // sh, ls and grep: nothing of the host's, nothing of the supervisor's.
        #expect((Int((t.read("count") ?? "").split(separator: "\n").first ?? "") ?? 99) <= 3, "\(t.read("count") ?? "")")
        #expect((t.read("dev") ?? "").split(separator: "\n").contains("termination-log"))
        let status = t.podJSON("nsbox")?.containerStatus("c")?["state"]?["terminated"]
        #expect(status?["exitCode"] == .number("3"))
        #expect(status?["message"]?.stringValue == "done\n", "the message written to /dev/termination-log")
        #expect(Self.identity("/dev/termination-log") == hostFileBefore, "the host's /dev was not touched")
    }

    /// A file's inode, size and modification time, or nil when there is none.
    static func identity(_ path: String) -> [Int]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return [Int(st.st_ino), Int(st.st_size), Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec)]
    }

    @Test func specHostnameWins() async {
        let t = await Scratch.admitted()
        let manifest = t.write("p.json", Self.pod("named", "\"restartPolicy\": \"Never\", \"hostname\": \"web-1\",",
                                                  containers: Self.container("c", "hostname > {T}/hostname")))
        let r = await E2E.run(["apply", "--sandbox", "namespaces", manifest], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(t.read("hostname") == "web-1\n")
    }

    @Test func aPIDOneWithoutATermHandlerIsKilledAtTheDeadline() async {
        let t = await Scratch.admitted()
        let manifest = t.write("p.json", Self.pod("pid1", containers: Self.container("c", "touch {T}/up; sleep 600")))
        let kl = E2E.start(["apply", "--sandbox", "namespaces", manifest], in: t)
        await waitUntil(#"t.read("up") != nil"#, deadline: 10, context: "\(kl.stderr)") { t.read("up") != nil }
        let stop = E2E.now()
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 15) == 0)
        let took = E2E.now() - stop
        // PID 1 ignores SIGTERM without a handler: only the SIGKILL at the 2 s deadline ends it.
        #expect(took >= 1.9, "stopped after \(took) s: the SIGTERM should have been ignored")
        let terminated = t.podJSON("pid1")?.containerStatus("c")?["state"]?["terminated"]
        #expect(terminated?["exitCode"] == .number("137"))
    }

    @Test func sharedProcessNamespaceShowsTheOtherContainers() async {
        let t = await Scratch.admitted()
        let containers = Self.container("sleeper", "exec sleep 600") + ","
            + Self.container("looker", "sleep 0.3; ps -o comm= 2>/dev/null > {T}/ps || cat /proc/[0-9]*/comm > {T}/ps; "
                             + "echo $$$$ > {T}/pid; sleep 600")
        let manifest = t.write("p.json", Self.pod("shared", "\"shareProcessNamespace\": true,", containers: containers))
        let kl = E2E.start(["apply", "--sandbox", "namespaces", manifest], in: t)
        await waitUntil(#"t.read("pid") != nil"#, deadline: 10, context: "\(kl.stderr)") { t.read("pid") != nil }
        let seen = t.read("ps") ?? ""
        #expect(seen.contains("sleep"), "the other container's process is visible: \(seen)")
        #expect(seen.contains("kubelet-lite-pa"), "PID 1 is the pause process's: \(seen)")
        #expect(t.read("pid") != "1\n", "not PID 1: the namespace is the pod's")
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 15) == 0)
    }

    @Test func anExecProbeRunsInsideItsContainer() async {
        let t = await Scratch.admitted()
        let probe = """
            , "readinessProbe": {"exec": {"command": ["sh", "-c", "hostname > {T}/probe-host; echo $$$$ > {T}/probe-pid"]},
               "periodSeconds": 1}
            """
        let manifest = t.write("p.json", Self.pod("probed", containers: Self.container("c", "exec sleep 600", probe)))
        let kl = E2E.start(["apply", "--sandbox", "namespaces", manifest], in: t)
        await waitUntil(#"t.podJSON("probed")?.condition("Ready")?["status"] == .string("True")"#, deadline: 10, context: "\(kl.stderr)") { t.podJSON("probed")?.condition("Ready")?["status"] == .string("True") }
        #expect(t.read("probe-host") == "probed\n")
        // In the container's PID namespace, where the container's command is 1.
        #expect((Int32((t.read("probe-pid") ?? "").split(separator: "\n").first ?? "") ?? 0) > 1)
        #expect((Int32((t.read("probe-pid") ?? "").split(separator: "\n").first ?? "") ?? 99_999) < 100)
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 15) == 0)
    }
}
