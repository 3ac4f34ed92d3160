// kubelet-lite — CgroupCleanupTests.swift
// A SIGKILLed supervisor's pod cgroups do not stay behind: the pause process removes them (architecture §4.10).

import Glibc
import Testing

@Suite struct CgroupCleanupTests {
    /// The pod cgroup directories the supervisor recorded in its state directory.
    static func recordedCgroups(_ t: Scratch, pod: String) -> [String] {
        (t.read(t.podDir(pod) + "/cgroups") ?? "").split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: E2E.isRoot, "needs root: the pod gets cgroups of its own only as root"))
    func aKilledSupervisorsCgroupsAreRemovedByThePauseProcess() async {
        let t = await Scratch.admitted()
        let manifest = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "tidy"},
             "spec": {"containers": [{"name": "c", "image": "busybox",
               "command": ["sh", "-c", "echo $$$$ > {T}/pid; exec sleep 600"]}]}}
            """)
        let kl = E2E.start(["apply", manifest], in: t)
        await waitUntil(#"the container runs"#, deadline: 10, context: kl.stderr) { t.read("pid") != nil }
        let cgroups = Self.recordedCgroups(t, pod: "tidy")
        // As root the pod has cgroups (ResourceLimitTests count on it too); none would be a failure here.
        #expect(!cgroups.isEmpty, "no cgroups recorded: \(kl.stderr)")
        #expect(cgroups.allSatisfy { access($0, F_OK) == 0 }, "\(cgroups)")
        let container = pid_t((t.read("pid") ?? "").split(separator: "\n").first ?? "")
        kl.signal(SIGKILL)
        #expect(await kl.exit(within: 5) == 128 + SIGKILL)
        await waitUntil(#"the pod's cgroups are gone"#, deadline: 10, context: "\(cgroups)") {
            cgroups.allSatisfy { access($0, F_OK) != 0 }
        }
        if let container {
            await waitUntil(#"the container is gone"#, deadline: 10) { !E2E.isAlive(container) }
        }
    }
}
