// kubelet-lite — CLITests.swift (end-to-end)
// Usage errors, help and version: one clear line, the usage, exit 2.

import Glibc
import Testing

@Suite struct CLITests {
    @Test(arguments: [
        (["apply"], "missing FILE"),
        (["apply", "a.json", "b.json"], "one FILE at a time"),
        (["apply", "--bogus", "x.json"], "unknown flag --bogus"),
        (["apply", "-o", "yaml", "x.json"], "-o takes text or json"),
        (["apply", "--backoff-initial", "soon", "x.json"], "--backoff-initial takes a number of seconds"),
        (["apply", "--backoff-initial", "5", "--backoff-max", "1", "x.json"], "--backoff-max must not be less"),
        (["apply", "--state-dir"], "flag --state-dir needs a value"),
        (["validate"], "missing FILE"),
        (["frobnicate"], "unknown command \"frobnicate\""),
    ])
    func usageErrorsExit2(_ args: [String], _ message: String) async {
        let t = await Scratch.admitted()
        let r = await E2E.run(args, in: t)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("Usage"))
    }

    @Test func unreadableFileIsAClearError() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["validate", t.path + "/nope.json"], in: t)
        #expect(r.status == 2)
        #expect(r.stderr.contains("nope.json"))
        #expect(r.stderr.contains("No such file"))
    }

    @Test(arguments: [["help"], ["--help"], ["apply", "--help"], ["help", "apply"], ["validate", "-h"]])
    func helpExits0(_ args: [String]) async {
        let r = await E2E.run(args, in: Scratch())
        #expect(r.status == 0)
        #expect(r.stdout.contains("Usage"))
    }

    @Test func applyHelpDocumentsExitStatusesAndSignals() async {
        let r = await E2E.run(["help", "apply"], in: Scratch())
        for needle in ["--state-dir", "--backoff-initial", "--backoff-max", "--quiet", "SIGTERM", "Exit status", "3  kubelet-lite itself failed"] {
            #expect(r.stdout.contains(needle), "help lacks \(needle)")
        }
    }

    /// The front (`kubelet-lite`, no C library of its own) finds kubelet-lite-core beside itself
    /// through /proc/self/exe; alone, it says what is missing and exits 3, kubelet-lite's own failure.
    @Test func theFrontWithoutKubeletLiteCoreBesideItSaysSoAndExits3() async {
        let t = await Scratch.admitted()
        let lone = t.path + "/lone"
        mkdir(lone, 0o755)
        guard let copy = await t.installProgram(E2E.binary, as: "lone/kubelet-lite") else {
            Issue.record("cannot copy \(E2E.binary) to \(lone)")
            return
        }
        let front = spawnProgram([copy, "version"], in: t)
        #expect(await front.exit() == 3)
        #expect(front.stderr == "kubelet-lite: cannot run \(lone)/kubelet-lite-core: No such file or directory "
            + "(kubelet-lite-core is installed beside kubelet-lite)\n", "\(front.stderr)")
    }

    @Test func version() async {
        let r = await E2E.run(["version"], in: Scratch())
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("kubelet-lite "))
    }
}
