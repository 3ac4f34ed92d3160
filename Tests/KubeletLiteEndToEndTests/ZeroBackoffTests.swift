// kubelet-lite — ZeroBackoffTests.swift (end-to-end)
// `--backoff-initial 0`: immediate restarts, every time, and a supervisor that still answers
// signals and delete first (architecture §4.2).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct ZeroBackoffTests {
    /// A container that exits at once restarts at once: the restarts count up with no BackOff, the
    /// events count the starts, and SIGTERM still ends apply within the grace.
    @Test func aZeroBackoffRestartsAtOnceAndStillStopsOnRequest() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", StormTests.pod("zero", count: 1, command: ["false"]))
        let kl = E2E.start(["apply", file, "-q", "--backoff-initial", "0", "--backoff-max", "0"], in: t)
        await waitUntil("100 restarts", context: kl.stderr) { StormTests.restarts(t, "zero") >= 100 }
        kl.signal(SIGTERM)
        let status = await kl.exit(within: 5)
        #expect(status == 0, "apply ended within the 5 s grace: \(kl.stderr.suffix(500))")
        if status == nil { kl.signal(SIGKILL) }
        let events = t.events("zero")
        #expect(!events.contains { $0["reason"] == .string("BackOff") }, "nothing is deferred")
        let started = events.first { $0["reason"] == .string("Started") }?["count"]?.int64Value ?? 0
        #expect(started >= 100, "the Started series counts every start: \(started)")
    }

    /// A command that cannot start fails at once, and with no back-off is retried at once, forever:
    /// each retry is one turn of the event loop, so `delete` is still answered.
    @Test func aStartThatAlwaysFailsWithZeroBackoffStillAnswersDelete() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", StormTests.pod("nostart", count: 1, command: ["/nonexistent/kl-program"]))
        let kl = E2E.start(["apply", file, "-q", "--backoff-initial", "0", "--backoff-max", "0"], in: t)
        let failed = { t.events("nostart").first { $0["reason"] == .string("Failed") }?["count"]?.int64Value ?? 0 }
        await waitUntil("50 failed starts", context: kl.stderr) { failed() >= 50 }
        let delete = await E2E.run(["delete", "nostart"], in: t, deadline: 10)
        #expect(delete.status == 0, "\(delete.stderr)")
        let status = await kl.exit(within: 10)
        #expect(status == 0, "\(kl.stderr.suffix(500))")
        if status == nil { kl.signal(SIGKILL) }
    }

    @Test func theFlagAcceptsZeroAndStillRefusesANegativeOrAMaxBelowTheInitial() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", StormTests.pod("flags", count: 1, command: ["true"]))
        let negative = await E2E.run(["apply", file, "--backoff-initial", "-1"], in: t)
        #expect(negative.status == 2)
        let below = await E2E.run(["apply", file, "--backoff-initial", "2", "--backoff-max", "1"], in: t)
        #expect(below.status == 2 && below.stderr.contains("--backoff-max must not be less than --backoff-initial"))
        let help = await E2E.run(["apply", "--help"], in: t)
        #expect(help.stdout.contains("0 restarts at once"), "\(help.stdout)")
    }
}
