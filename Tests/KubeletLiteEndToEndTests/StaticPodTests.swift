// kubelet-lite — StaticPodTests.swift (end-to-end)
// `run --manifest-dir`: each pod follows its file while the others run; 50 pods from one directory.

import Glibc
import KubeletLiteModel
import Testing

/// Static pods through the binary: files added, changed, removed and broken while pods run.
@Suite struct StaticPodTests {
    @Test func eachPodFollowsItsFileAndABrokenFileIsReported() async {
        let t = await Scratch.admitted(seconds: 6)
        let dir = t.path + "/manifests"
        mkdir(dir, 0o755)
        _ = t.write("manifests/keep.yaml", PodHostTests.pod("keep", grace: 2))
        _ = t.write("manifests/edit.yaml", PodHostTests.pod("edit", grace: 2, echo: "first"))
        _ = t.write("manifests/gone.yaml", PodHostTests.pod("gone", grace: 2))
        let host = E2E.start(["run", "--manifest-dir", dir, "--state-dir", t.state], in: t)
        await waitUntil("three static pods Running", context: host.stderr) { PodHostTests.running(t, ["keep", "edit", "gone"]) }
        let keepUID = t.podJSON("keep")?["metadata"]?["uid"]?.stringValue
        let editUID = t.podJSON("edit")?["metadata"]?["uid"]?.stringValue

        _ = t.write("manifests/added.yaml", PodHostTests.pod("added", grace: 2))
        // An editor's way: write a temporary file, rename it over the manifest.
        _ = t.write("manifests/.edit.yaml.swp", PodHostTests.pod("edit", grace: 2, echo: "second"))
        rename(dir + "/.edit.yaml.swp", dir + "/edit.yaml")
        unlink(dir + "/gone.yaml")
        _ = t.write("manifests/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: broken}\nspec: [\n")
        _ = t.write("manifests/4913", "vim's probe file")
        await waitUntil("the added pod Running, the edited one restarted, the removed one stopped",
                        context: host.stderr) {
            PodHostTests.running(t, ["added", "edit"]) && host.stdout.contains("[edit] [c] second")
                && t.podJSON("edit")?["metadata"]?["uid"]?.stringValue != editUID
                && t.podJSON("gone")?.containerStatus("c")?["state"]?["terminated"] != nil
        }
        #expect(host.stderr.contains("broken.yaml is not run"), "\(host.stderr)")
        #expect(t.podJSON("keep")?["metadata"]?["uid"]?.stringValue == keepUID, "an untouched pod keeps running as it was")
        #expect(PodHostTests.running(t, ["keep"]))
        #expect(t.podJSON("broken") == nil)
        // The removed file's pod leaves get once its supervisor has exited, as a deleted pod does.
        await waitUntil("get to forget the removed file's pod", context: host.stderr) {
            let names = E2E.runBlocking(["get", "--state-dir", t.state], in: t).stdout
            return !names.contains("gone") && names.contains("keep")
        }
        let (status, _) = await host.terminate()
        #expect(status == 0, "\(host.stderr)")
        #expect(PodHostTests.leftovers(t).isEmpty, "\(PodHostTests.leftovers(t))")
    }

    @Test func fiftyPodsFromOneDirectoryAllRun() async {
        let t = await Scratch.admitted(seconds: 20)
        let dir = t.path + "/fifty"
        mkdir(dir, 0o755)
        let names = (1...50).map { "p\($0)" }
        for name in names {
            _ = t.write("fifty/\(name).yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: \(name)}\nspec:\n"
                        + "  containers:\n  - {name: c, image: busybox, command: [sleep, \"1000\"]}\n")
        }
        let started = E2E.now()
        let host = E2E.start(["run", "--manifest-dir", dir, "--state-dir", t.state, "--quiet"], in: t)
        await waitUntil("50 pods Running", deadline: 120, context: host.stderr) {
            names.allSatisfy { t.podJSON($0)?.phase == "Running" }
        }
        let took = E2E.now() - started
        print("static pods: 50 pods from one directory Running in \(took) s")
        let (status, _) = await host.terminate()
        #expect(status == 0, "\(host.stderr)")
        await waitUntil("nothing of the 50 pods left", deadline: 10) { PodHostTests.leftovers(t).isEmpty }
    }
}
