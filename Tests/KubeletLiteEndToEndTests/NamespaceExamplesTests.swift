// kubelet-lite — NamespaceExamplesTests.swift (end-to-end)
// The examples that run on their own, again in the namespaces sandbox (as root), with the same
// outcome as in the process sandbox.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct NamespaceExamplesTests {
    /// Examples that end by themselves: the exit status and phase `apply` must end with.
    @Test(.enabled(if: E2E.isRoot, "needs root: the namespaces sandbox creates namespaces"),
          arguments: [("init-containers.json", "init-demo", Int32(0), "Succeeded"),
                      ("never-succeeds.json", "job-succeeds", Int32(0), "Succeeded"),
                      ("never-fails.json", "job-fails", Int32(1), "Failed")])
    func runsToTheSameEnd(_ example: String, _ pod: String, _ status: Int32, _ phase: String) async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", "--sandbox", "namespaces", ExamplesTests.path(example)], in: t)
        #expect(r.status == status, "\(example): \(r.stderr)")
        #expect(t.podJSON(pod)?.phase == phase)
    }

    /// An example that runs until stopped: it stops gracefully in the namespaces sandbox too.
    @Test(.enabled(if: E2E.isRoot, "needs root: the namespaces sandbox creates namespaces"))
    func gracefulStopStopsGracefully() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", "--sandbox", "namespaces", ExamplesTests.path("graceful-stop.json")], in: t)
        await waitUntil("graceful-stop's server serving", context: kl.stderr) { kl.stdout.contains("[server] serving") }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(kl.stdout.contains("[server] bye"))
        #expect(t.podJSON("graceful-stop")?.phase == "Succeeded")
    }

    /// A crash loop restarts in the namespaces sandbox as in the process one.
    @Test(.enabled(if: E2E.isRoot, "needs root: the namespaces sandbox creates namespaces"))
    func crashLoopRestarts() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", "--sandbox", "namespaces", "--backoff-initial", "0.2", "--backoff-max", "0.4",
                            ExamplesTests.path("crash-loop.json")], in: t)
        await waitUntil("crash-loop restarted three times", context: kl.stderr) {
            (t.podJSON("crash-loop")?.containerStatus("crasher")?["restartCount"]?.int64Value ?? 0) >= 3
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
    }
}
