// kubelet-lite — SignalTests.swift (end-to-end)
// Stop signals sent together are one request; a terminal's hang-up stops the pod; kill -HUP reloads.

import Glibc
import KubeletLiteModel
import Testing

/// Starts any program with the test's environment, its output to files of `scratch`.
func spawnProgram(_ argv: [String], in scratch: Scratch, env extra: [String] = []) -> Supervisor {
    let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    let out = scratch.path + "/out-\(tag)"
    let err = scratch.path + "/err-\(tag)"
    let pid = spawnTestProcess(argv, streams: [.file("/dev/null", flags: O_RDONLY), .file(out, flags: O_WRONLY | O_CREAT | O_TRUNC),
                                               .file(err, flags: O_WRONLY | O_CREAT | O_TRUNC)], scratch: scratch, env: extra)
    return Supervisor(pid: pid, args: argv, outPath: out, errPath: err)
}

/// Stop signals sent together, two apart, hang-ups and reloads, through the binary.
@Suite struct SignalTests {
    static func ignoring(_ name: String) -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"terminationGracePeriodSeconds": 30, "containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "trap '' TERM; touch {T}/up; while true; do sleep 0.05; done"]}]}}
        """
    }

    /// Traps SIGTERM, says so in a file, and exits 0; "up" once the trap is set.
    static func trapping(_ name: String) -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"terminationGracePeriodSeconds": 30, "containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "trap 'echo trapped > {T}/trapped; exit 0' TERM; touch {T}/up; while true; do sleep 0.05; done"]}]}}
        """
    }

    /// GNU timeout sends SIGTERM to its child and then to its own process group, microseconds
    /// apart: one request, a graceful stop, every time (lifecycle §D6).
    @Test func timeoutStopsThePodGracefullyTwentyTimesOutOfTwenty() async {
        let t = await Scratch.admitted()
        let example = E2E.examples + "/graceful-stop.json"
        let runs = (0..<20).map { i in
            spawnProgram(["timeout", "2", E2E.binary, "apply", "--quiet", "--state-dir", "\(t.path)/s\(i)", example], in: t)
        }
        for (i, run) in runs.enumerated() {
            #expect(await run.exit() == 124, "run \(i): timeout reports that it had to stop the command")
            let stderr = run.stderr
            #expect(stderr.contains("SIGTERM received: stopping the pod gracefully"), "run \(i): \(stderr)")
            #expect(!stderr.contains("killing the pod now"), "run \(i) was forced: \(stderr)")
            let dir = "\(t.path)/s\(i)/pods/default_graceful-stop"
            let log = t.read(dir + "/logs/server/0.log") ?? ""
            #expect(log.contains("draining") && log.contains("bye"), "run \(i): the trap ran to its end: \(log)")
            let pod = t.read(dir + "/pod.json").flatMap { try? JSONParser.parse($0) }
            #expect(pod?.containerStatus("server")?["state"]?["terminated"]?["exitCode"] == .number("0"), "run \(i)")
            #expect(pod?.phase == "Succeeded", "run \(i)")
        }
    }

    /// A second SIGTERM well after the first (2 s: far outside the half-second window) still forces.
    @Test func twoSIGTERMsTwoSecondsApartForce() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", t.write("p.json", Self.ignoring("forced"))], in: t)
        await waitUntil("t.read('up') != nil") { t.read("up") != nil }
        let first = wallNow()
        kl.signal(SIGTERM)
        await waitUntil("kl.stdout.contains('Killing')") { kl.stdout.contains("Killing") }
        // The interval under test, not a synchronisation: the second signal comes 2 s after the first.
        // Asleep on the clock, not on a thread of Swift Testing's pool.
        try? await Task.sleep(nanoseconds: UInt64(max(0, 2 - (wallNow() - first)) * 1e9))
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(kl.stderr.contains("SIGTERM received again: killing the pod now"), "\(kl.stderr)")
        #expect(t.podJSON("forced")?.containerStatus("c")?["state"]?["terminated"]?["exitCode"] == .number("137"))
    }

    /// SIGTERM and SIGINT together (a terminal's Ctrl-C reaching the group while a script sends
    /// SIGTERM) are one request too.
    @Test func aSIGTERMAndASIGINTTogetherAreOneRequest() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", t.write("p.json", Self.trapping("together"))], in: t)
        await waitUntil("t.read('up') != nil") { t.read("up") != nil }
        kl.signal(SIGTERM)
        kl.signal(SIGINT)
        #expect(await kl.exit() == 0)
        #expect(!kl.stderr.contains("killing the pod now"), "\(kl.stderr)")
        #expect(t.read("trapped") == "trapped\n")
        #expect(t.podJSON("together")?.phase == "Succeeded")
    }

    /// Closing the terminal of a foreground apply (its window, its SSH session): the kernel's
    /// SIGHUP stops the pod gracefully; kill -HUP while the terminal lives still re-reads the file.
    @Test func aTerminalHangUpStopsThePodWhileKillHUPReloads() async {
        let t = await Scratch.admitted()
        let tty = PseudoTerminal()
        let kl = tty.start(["apply", t.write("p.json", Self.trapping("hungup"))], in: t)
        #expect(await tty.waitFor("Started", timeout: 10), "\(tty.output)")
        await waitUntil("t.read('up') != nil") { t.read("up") != nil }
        kl.signal(SIGHUP)
        #expect(await tty.waitFor("is unchanged; the pod keeps running", timeout: 5), "kill -HUP re-reads: \(tty.output)")
        #expect(t.read("trapped") == nil)
        tty.hangUp()
        #expect(await kl.exit() == 0, "a hang-up is a stop on request")
        #expect(t.read("trapped") == "trapped\n", "the container's trap ran: a graceful stop")
        let pod = t.podJSON("hungup")
        #expect(pod?.phase == "Succeeded")
        #expect(pod?.containerStatus("c")?["state"]?["terminated"]?["exitCode"] == .number("0"))
    }

    /// Whether the terminal on `pid`'s standard input has hung up: opening it again fails with EIO.
    static func hungUp(terminalOf pid: pid_t) -> Bool {
        let fd = open("/proc/\(pid)/fd/0", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        if fd >= 0 {
            var attributes = termios()
            let failed = tcgetattr(fd, &attributes) != 0 && errno == EIO
            close(fd)
            return failed
        }
        return errno == EIO
    }

    /// A shell that loses its terminal forwards SIGHUP to its foreground job with kill(2); the
    /// terminal, hung up, is how apply knows that this SIGHUP is a hang-up too.
    @Test func aHangUpForwardedByAShellStopsThePod() async throws {
        let t = await Scratch.admitted()
        let tty = PseudoTerminal()
        let manifest = t.write("p.json", Self.trapping("forwarded"))
        // The session leader is a shell that outlives the hang-up (it traps SIGHUP), so the kernel
        // signals nobody else: the only SIGHUP apply gets is the one sent below with kill(2).
        let leader = tty.run(["/bin/sh", "-c", "trap 'echo hup > \(t.path)/leader' HUP; \(E2E.binary) apply \(manifest)"],
                             in: t)
        await waitUntil("t.read('up') != nil", context: "\(tty.output)") { t.read("up") != nil }
        let pidText = t.read(t.podDir("forwarded") + "/supervisor.pid") ?? ""
        let apply = try #require(pid_t(pidText.split(separator: "\n").first ?? ""))
        defer { kill(apply, SIGKILL) }
        tty.hangUp()
        // Synchronous only if ours was the last reference to the master: a process another test
        // spawns at this moment holds a copy until its exec closes it. Apply's own view decides.
        await waitUntil("the terminal hung up, as apply sees it") { Self.hungUp(terminalOf: apply) }
        kill(apply, SIGHUP)  // what bash and zsh do to their jobs when their terminal hangs up
        #expect(await leader.exit() == 0, "apply ended, then the shell")
        #expect(t.read("leader") == "hup\n", "the shell, not apply, got the kernel's SIGHUP")
        #expect(t.read("trapped") == "trapped\n", "the container's trap ran: a graceful stop")
        #expect(t.podJSON("forwarded")?.phase == "Succeeded")
    }
}
