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
        // One NAME: the Pod itself, as kubectl prints it (contract change: it used to be a List).
        let get = await E2E.run(["get", "victim", "-o", "json"], in: t)
        #expect((try? JSONParser.parse(get.stdout))?["kind"] == .string("Pod"))
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

    /// `--wait=false` (delete waits by default, as kubectl's does) returns once the stop is under way.
    @Test func deleteNowWithoutWaitingReturnsAtOnceAndTheStopUsesOneSecondPlusTheMinimum() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", t.write("p.json", Self.ignoring("quick"))], in: t)
        await waitUntil("quick's container ignoring TERM") { t.read("up") != nil }
        let begun = wallNow()
        let delete = E2E.start(["delete", "quick", "--now", "--wait=false"], in: t)
        #expect(await delete.exit() == 0)
        #expect(kl.status == nil, "the pod is still stopping when delete --wait=false has returned")
        #expect(await E2E.run(["get", "quick"], in: t).stdout.contains("Terminating"), "listed until it has stopped")
        #expect(await kl.exit() == 0)
        let returned = delete.exitedAt ?? .infinity, gone = kl.exitedAt ?? .infinity
        #expect(returned < gone, "with --wait=false, delete returns before the pod is gone")
        #expect(gone - begun >= 2, "the stop signal is followed by at least 2 s")
        #expect(gone - begun < 2 + E2E.slack, "SIGKILL \(gone - begun) s after the delete, not at the 30 s grace")
    }

    /// Contract change: a deleted pod's records stay (describe, logs) until its name is applied
    /// again; get and delete no longer see it (architecture §6.4).
    @Test func deletingAnEndedPodForgetsItButKeepsItsRecords() async {
        let t = await Scratch.admitted()
        #expect(await E2E.run(["apply", ExamplesTests.path("never-succeeds.json")], in: t).status == 0)
        let r = await E2E.run(["delete", "job-succeeds"], in: t)
        #expect(r.status == 0)
        #expect(r.stdout == "pod \"job-succeeds\" deleted\n")
        let get = await E2E.run(["get"], in: t)
        #expect(!get.stdout.contains("job-succeeds"))
        #expect(get.stderr == "No resources found in default namespace.\n")
        let named = await E2E.run(["get", "job-succeeds"], in: t)
        #expect(named.status == 1)
        #expect(named.stderr == "Error from server (NotFound): pods \"job-succeeds\" not found\n")
        #expect(await E2E.run(["describe", "job-succeeds"], in: t).stdout.contains("Status:           Succeeded\n"))
        #expect(await E2E.run(["logs", "job-succeeds"], in: t).status == 0)
        let again = await E2E.run(["delete", "job-succeeds"], in: t)
        #expect(again.status == 1)
        #expect(again.stderr.contains("not found"))
        // A new apply of the name is a new pod: listed again.
        #expect(await E2E.run(["apply", ExamplesTests.path("never-succeeds.json")], in: t).status == 0)
        #expect(await E2E.run(["get", "job-succeeds"], in: t).stdout.contains("Completed"))
    }

    /// The default: delete returns once the pod has stopped, and get then says NotFound.
    @Test func deleteWaitsForThePodAndGetThenSaysNotFound() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "slow"},
             "spec": {"containers": [{"name": "c", "image": "busybox",
               "command": ["sh", "-c", "trap 'sleep 1; echo done > {T}/stopped; exit 0' TERM; touch {T}/up; while true; do sleep 0.05; done"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("slow's container up") { t.read("up") != nil }
        let r = await E2E.run(["delete", "pod/slow"], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "pod \"slow\" deleted\n")
        #expect(t.read("stopped") == "done\n", "delete returned after the container's trap had run")
        #expect(await kl.exit() == 0, "its apply ends with the pod")
        let get = await E2E.run(["get", "slow"], in: t)
        #expect(get.status == 1)
        #expect(get.stderr == "Error from server (NotFound): pods \"slow\" not found\n")
    }

    /// `--force --grace-period=0`: gone from get at once, while its apply still stops it.
    @Test func aForcedDeletionForgetsThePodAtOnce() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", t.write("p.json", Self.ignoring("forced"))], in: t)
        await waitUntil("forced's container ignoring TERM") { t.read("up") != nil }
        let r = await E2E.run(["delete", "forced", "--force", "--grace-period=0"], in: t)
        #expect(r.status == 0)
        #expect(r.stdout == "pod \"forced\" force deleted\n")
        #expect(r.stderr.hasPrefix("Warning: Immediate deletion does not wait"))
        #expect(await E2E.run(["get", "forced"], in: t).status == 1)
        #expect(await kl.exit() == 0, "the pod is still stopped, with a grace of 1 s")
    }
}
