// kubelet-lite — RunAsTests.swift (end-to-end)
// securityContext.runAsUser/runAsGroup: containers, probes and hooks run as that user (root only).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct RunAsTests {
    @Test(.enabled(if: E2E.isRoot, "needs root: switching users (CI runs as root)"))
    func containersProbesAndHooksRunAsTheGivenUser() async {
        let t = await Scratch.admitted()
        chmod(t.path, 0o777)
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nobody"},
             "spec": {"restartPolicy": "Never", "securityContext": {"runAsUser": 65534, "runAsGroup": 65534},
              "containers": [{"name": "c", "image": "busybox",
                "command": ["sh", "-c", "echo $(id -u):$(id -g):$(id -G) > {T}/main; echo $HOME > {T}/home; until [ -s {T}/probe ]; do sleep 0.05; done"],
                "readinessProbe": {"exec": {"command": ["sh", "-c", "id -u > {T}/probe"]}},
                "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "id -u > {T}/hook"]}}}}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(t.read("main") == "65534:65534:65534\n", "no supplementary groups of root remain")
        #expect(t.read("probe") == "65534\n")
        #expect(t.read("hook") == "65534\n")
        #expect(t.read("home") == "/nonexistent\n" || t.read("home") == "/\n")
    }

    @Test(.enabled(if: !E2E.isRoot, "only without root: switching users is then refused"))
    func withoutRootAnotherUserIsAStartError() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nope"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox", "command": ["true"],
               "securityContext": {"runAsUser": 0}}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 1)
        #expect(t.podJSON("nope")?.containerStatus("c")?["state"]?["terminated"]?["message"]?.stringValue?
            .contains("needs kubelet-lite to run as root") == true)
    }

    /// The exec itself fails only once the user has changed: the helper reports it, and the lifecycle
    /// records a StartError, not an ordinary exit 126.
    @Test(.enabled(if: E2E.isRoot, "needs root: switching users (CI runs as root)"))
    func anExecRefusedToTheUserIsAStartError() async {
        let t = await Scratch.admitted()
        let source = t.write("private.sh.text", "#!/bin/sh\nexit 0\n")
        guard let program = await t.installProgram(source, as: "private.sh", mode: "0700") else {
            Issue.record("cannot install private.sh")
            return
        }
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "refused"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox",
               "command": ["\(program)"], "securityContext": {"runAsUser": 65534}}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 1, "\(r.stderr)")
        let terminated = t.podJSON("refused")?.containerStatus("c")?["state"]?["terminated"]
        #expect(terminated?["reason"] == .string("StartError"))
        #expect(terminated?["exitCode"] == .number("128"))
        #expect(terminated?["message"]?.stringValue == "unable to start container process: exec: \"\(program)\": permission denied")
        #expect(t.events("refused").contains { $0["reason"] == .string("Failed")
            && $0["message"]?.stringValue?.hasPrefix("Error: unable to start container process") == true })
        #expect(!t.events("refused").contains { $0["reason"] == .string("Started") })
    }
}
