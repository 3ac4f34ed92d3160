// kubelet-lite — DeleteTests.swift (end-to-end)
// `delete` through the control socket: a graceful stop with the pod's or a given grace (I.6).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct DeleteTests {
    static func ignoring(_ name: String) -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"terminationGracePeriodSeconds": 30, "containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "trap '' TERM; touch {T}/up; while true; do sleep 0.05; done"]}]}}
        """
    }

    @Test func deleteWithAGracePeriodStopsThePodAndWaits() {
        let t = Scratch()
        let kl = E2E.start(["apply", t.write("p.json", Self.ignoring("victim"))], in: t)
        #expect(E2E.eventually(timeout: 5) { t.read("up") != nil })
        #expect((try? JSONParser.parse(E2E.run(["get", "victim", "-o", "json"], in: t).stdout))?["items"] != nil)
        let begun = E2E.now()
        let r = E2E.run(["delete", "pod", "victim", "--grace-period", "2", "--wait"], in: t, timeout: 10)
        let took = E2E.now() - begun
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "pod \"victim\" deleted\n")
        #expect(took >= 2 && took < 4, "SIGKILL at the 2 s grace, and --wait returns after: \(took) s")
        #expect(kl.wait(timeout: 2) == 0, "a stop on request exits 0")
        let pod = t.podJSON("victim")
        #expect(pod?.containerStatus("c")?["state"]?["terminated"]?["exitCode"] == .number("137"))
        #expect(pod?["metadata"]?["deletionGracePeriodSeconds"] == .number("2"))
        #expect(kl.stdout.contains("Stopping container c"))
    }

    @Test func deleteNowReturnsAtOnceAndTheStopUsesOneSecondPlusTheMinimum() {
        let t = Scratch()
        let kl = E2E.start(["apply", t.write("p.json", Self.ignoring("quick"))], in: t)
        #expect(E2E.eventually(timeout: 5) { t.read("up") != nil })
        let begun = E2E.now()
        let r = E2E.run(["delete", "quick", "--now"], in: t)
        #expect(r.status == 0)
        #expect(E2E.now() - begun < 1, "without --wait, delete returns once the stop is under way")
        #expect(kl.wait(timeout: 5) == 0)
        #expect(E2E.now() - begun >= 2, "the stop signal is followed by at least 2 s")
    }

    @Test func deletingAnEndedPodRemovesItsState() {
        let t = Scratch()
        #expect(E2E.run(["apply", ExamplesTests.path("never-succeeds.json")], in: t).status == 0)
        let r = E2E.run(["delete", "job-succeeds"], in: t)
        #expect(r.status == 0)
        #expect(access(t.podDir("job-succeeds"), F_OK) != 0)
        #expect(!E2E.run(["get"], in: t).stdout.contains("job-succeeds"))
        let again = E2E.run(["delete", "job-succeeds"], in: t)
        #expect(again.status == 1)
        #expect(again.stderr.contains("not found"))
    }
}
