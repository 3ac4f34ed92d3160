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
        #expect(copyFile(E2E.binary, to: lone + "/kubelet-lite", mode: 0o755))
        let front = spawnProgram([lone + "/kubelet-lite", "version"], in: t)
        #expect(await front.exit() == 3)
        #expect(front.stderr == "kubelet-lite: cannot run \(lone)/kubelet-lite-core: No such file or directory "
            + "(kubelet-lite-core is installed beside kubelet-lite)\n", "\(front.stderr)")
    }

    /// Copies a file byte for byte; false if any step failed.
    func copyFile(_ from: String, to: String, mode: mode_t) -> Bool {
        let input = open(from, O_RDONLY | O_CLOEXEC)
        let output = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        defer { close(input); close(output) }
        guard input >= 0, output >= 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(input, &buffer, buffer.count)
            if n == 0 { return true }
            guard n > 0, write(output, buffer, n) == n else { return false }
        }
    }

    @Test func version() async {
        let r = await E2E.run(["version"], in: Scratch())
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("kubelet-lite "))
    }
}
