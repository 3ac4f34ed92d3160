// kubelet-lite — ReloadTests.swift (end-to-end)
// SIGHUP re-reads the manifest: invalid or unchanged leaves the pod alone; changed replaces it.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ReloadTests {
    static func pod(_ word: String) -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "reloaded"},
         "spec": {"terminationGracePeriodSeconds": 5, "containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "trap 'exit 0' TERM; echo \(word); echo \(word) >> {T}/words; while true; do sleep 0.05; done"]}]}}
        """
    }

    @Test func sighupReplacesAChangedPodAndIgnoresInvalidOrUnchangedOnes() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", Self.pod("first"))
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("the first pod's word") { t.read("words") == "first\n" }
        await waitUntil("the first pod Running in pod.json") { t.podJSON("reloaded")?.phase == "Running" }
        let firstUID = t.podJSON("reloaded")?["metadata"]?["uid"]?.stringValue

        kl.signal(SIGHUP)
        await waitUntil("the reload of an unchanged manifest") { kl.stderr.contains("is unchanged") }

        _ = t.write("p.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",")
        kl.signal(SIGHUP)
        await waitUntil("the reload of an invalid manifest") { kl.stderr.contains("is not valid; the pod keeps running") }
        #expect(t.podJSON("reloaded")?.phase == "Running")

        _ = t.write("p.json", Self.pod("second"))
        kl.signal(SIGHUP)
        // The word reaches the file directly and the log through kubelet-lite: wait for both.
        let log = { t.read(t.podDir("reloaded") + "/logs/c/0.log") ?? "" }
        await waitUntil("the second pod's word, in its file and its log", context: kl.stderr) {
            t.read("words") == "first\nsecond\n" && log().contains("second")
        }
        await waitUntil("the second pod Running") { t.podJSON("reloaded")?.phase == "Running" }
        let pod = t.podJSON("reloaded")
        #expect(pod?["metadata"]?["uid"]?.stringValue != firstUID, "a new pod, as after delete and apply")
        #expect(pod?.containerStatus("c")?["restartCount"] == .number("0"))
        #expect(kl.stdout.contains("Stopping container c"))
        #expect(log().contains("second") && !log().contains("first"), "the old pod's logs went with it: \(log())")

        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
    }
}
