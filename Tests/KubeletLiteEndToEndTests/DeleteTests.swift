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

    @Test func deleteWithAGracePeriodStopsThePodAndWaits() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", t.write("p.json", Self.ignoring("victim"))], in: t)
        await waitUntil("victim's container ignoring TERM") { t.read("up") != nil }
        let get = await E2E.run(["get", "victim", "-o", "json"], in: t)
        #expect((try? JSONParser.parse(get.stdout))?["items"] != nil)
        let begun = wallNow()
        let delete = E2E.start(["delete", "pod", "victim", "--grace-period", "2", "--wait"], in: t)
        let status = await delete.exit()
        let took = (delete.exitedAt ?? .infinity) - begun
        #expect(status == 0, "\(delete.stderr)")
        #expect(delete.stdout == "pod \"victim\" deleted\n")
        #expect(await kl.exit() == 0, "a stop on request exits 0")
        #expect(took >= 2 && took < 2 + E2E.slack, "SIGKILL at the 2 s grace, and --wait returns after: \(took) s")
        let pod = t.podJSON("victim")
        #expect(pod?.containerStatus("c")?["state"]?["terminated"]?["exitCode"] == .number("137"))
        #expect(pod?["metadata"]?["deletionGracePeriodSeconds"] == .number("2"))
        #expect(kl.stdout.contains("Stopping container c"))
    }

    @Test func deleteNowReturnsAtOnceAndTheStopUsesOneSecondPlusTheMinimum() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", t.write("p.json", Self.ignoring("quick"))], in: t)
        await waitUntil("quick's container ignoring TERM") { t.read("up") != nil }
        let begun = wallNow()
        let delete = E2E.start(["delete", "quick", "--now"], in: t)
        #expect(await delete.exit() == 0)
        #expect(await kl.exit() == 0)
        let returned = delete.exitedAt ?? .infinity, gone = kl.exitedAt ?? .infinity
        #expect(returned < gone, "without --wait, delete returns once the stop is under way, before the pod is gone")
        #expect(gone - begun >= 2, "the stop signal is followed by at least 2 s")
        #expect(gone - begun < 2 + E2E.slack, "SIGKILL \(gone - begun) s after the delete, not at the 30 s grace")
    }

    @Test func deletingAnEndedPodRemovesItsState() async {
        let t = await Scratch.admitted()
        #expect(await E2E.run(["apply", ExamplesTests.path("never-succeeds.json")], in: t).status == 0)
        let r = await E2E.run(["delete", "job-succeeds"], in: t)
        #expect(r.status == 0)
        #expect(access(t.podDir("job-succeeds"), F_OK) != 0)
        let get = await E2E.run(["get"], in: t)
        #expect(!get.stdout.contains("job-succeeds"))
        let again = await E2E.run(["delete", "job-succeeds"], in: t)
        #expect(again.status == 1)
        #expect(again.stderr.contains("not found"))
    }
}
