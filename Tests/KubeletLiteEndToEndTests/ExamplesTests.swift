// kubelet-lite — ExamplesTests.swift (end-to-end)
// Every manifest in examples/ is run through the binary, and every one is accounted for.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ExamplesTests {
    /// The examples this suite knows how to check; a new example without a check fails `allExamplesAreCovered`.
    static let covered = ["init-containers.json", "crash-loop.json", "never-succeeds.json", "never-fails.json",
                          "graceful-stop.json", "liveness-exec.json", "liveness-http.json", "readiness-tcp.json",
                          "startup-probe.json", "lifecycle-hooks.json"]

    static func path(_ name: String) -> String { E2E.examples + "/" + name }

    @Test func allExamplesAreCovered() async {
        guard let dir = opendir(E2E.examples) else {
            Issue.record("no examples directory at \(E2E.examples)")
            return
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".json") { names.append(name) }
        }
        #expect(Set(names) == Set(ExamplesTests.covered), "examples without a test: \(Set(names).subtracting(ExamplesTests.covered))")
    }

    @Test func everyExampleValidates() async {
        let t = await Scratch.admitted()
        for name in ExamplesTests.covered {
            let r = await E2E.run(["validate", ExamplesTests.path(name)], in: t)
            #expect(r.status == 0, "\(name): \(r.stderr)")
        }
    }

    @Test func initContainers() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", ExamplesTests.path("init-containers.json")], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[migrate] migrating schema v2"))
        #expect(r.stdout.contains("[web] serving as init-demo on init-demo"))
        let order = ["Started container prepare", "Started container migrate", "Started container web",
                     "Started container worker"].map { r.stdout.range(of: $0)?.lowerBound }
        #expect(!order.contains(nil))
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(t.podJSON("init-demo")?.phase == "Succeeded")
    }

    @Test func crashLoop() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", "--backoff-initial", "0.2", "--backoff-max", "0.4", ExamplesTests.path("crash-loop.json")], in: t)
        await waitUntil("crash-loop restarted three times") {
            (t.podJSON("crash-loop")?.containerStatus("crasher")?["restartCount"]?.int64Value ?? 0) >= 3
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(kl.stdout.contains("BackOff"))
        #expect(kl.stderr.contains("[crasher] something went wrong"))
    }

    @Test func neverSucceeds() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", ExamplesTests.path("never-succeeds.json")], in: t)
        #expect(r.status == 0)
        #expect(r.stdout.contains("[job] result 42"))
        #expect(t.podJSON("job-succeeds")?.phase == "Succeeded")
    }

    @Test func neverFails() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", ExamplesTests.path("never-fails.json")], in: t)
        #expect(r.status == 1)
        let s = t.podJSON("job-fails")?.containerStatus("job")?["state"]?["terminated"]
        #expect(s?["exitCode"] == .number("3"))
        #expect(t.podJSON("job-fails")?.phase == "Failed")
    }

    @Test func gracefulStop() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", ExamplesTests.path("graceful-stop.json")], in: t)
        await waitUntil("graceful-stop's server serving") { kl.stdout.contains("[server] serving") }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(kl.stdout.contains("[server] draining"))
        #expect(kl.stdout.contains("[server] bye"))
        #expect(t.podJSON("graceful-stop")?.phase == "Succeeded")
    }
}
