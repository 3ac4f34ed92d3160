// kubelet-lite — SystemdServiceTests.swift (end-to-end)
// examples/kubelet-lite@.service under a real systemd 252 (SystemdContainer, .ci/systemd-test/boot.sh):
// kubelet-lite and the unit installed in a freshly booted container, then what systemd itself does
// with them — start, reload, the watchdog, stop, the journal. NotifyTests checks the same messages
// against a stand-in socket; this checks that systemd reads them as meant.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct SystemdServiceTests {
    static let unit = "kubelet-lite@svc.service"
    static let podJSON = "/run/kubelet-lite/pods/default_svc/pod.json"

    /// The pod: Ready about 2 s after its container starts (it then writes its pid to the probe's
    /// file, so a file left by an earlier instance, killed, passes no probe), its version in
    /// /run/svc-version. `ignoreTerm`: the container ignores SIGTERM, so a stop lasts the whole 8 s
    /// grace, longer than the installed unit's TimeoutStopSec=5s.
    static func manifest(_ version: String, ignoreTerm: Bool = false) -> String {
        let trap = ignoreTerm ? "trap '' TERM; " : ""
        return """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "svc", "labels": {"v": "\(version)"}},
         "spec": {"terminationGracePeriodSeconds": 8, "containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "\(trap)echo \(version) >/run/svc-version; sleep 2; read -r pid rest </proc/self/stat; echo $pid >/run/svc-ready; while true; do sleep 1; done"],
           "readinessProbe": {"exec": {"command": ["sh", "-c", "kill -0 $(cat /run/svc-ready)"]}, "periodSeconds": 1}}]}}
        """
    }

    /// The example unit as installed for the test: the same file with the watchdog, the stop
    /// timeout and the restart delay shortened so that each step takes seconds, and no core dump
    /// from the watchdog's SIGABRT (the host's core_pattern would get it).
    static func installedUnit() -> String {
        let shortened = ["WatchdogSec": "3s", "TimeoutStopSec": "5s", "RestartSec": "1"]
        let lines = E2E.readFile(E2E.examples + "/kubelet-lite@.service").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { line in
            guard let eq = line.firstIndex(of: "="), let value = shortened[String(line[..<eq])] else { return String(line) }
            return "\(line[..<eq])=\(value)"
        }.joined(separator: "\n").replacingOccurrences(of: "[Service]\n", with: "[Service]\nLimitCORE=0\n")
    }

    @Test(.enabled(if: E2E.isRoot, "SKIPPED: needs root: boots a systemd-nspawn container (CI runs as root)"),
          .needs(.systemdNspawn), .needs(.nsenter))
    func theUnitUnderARealSystemd() async throws {
        let t = await Scratch.admitted(seconds: 60)
        let c = SystemdContainer(t)
        let bootedAt = E2E.now()
        if let why = await c.boot() {
            print("SKIPPED: theUnitUnderARealSystemd(): \(why)")
            return
        }
        print("systemd container booted in \(Self.seconds(E2E.now() - bootedAt)) s")
        // Powered off whatever the checks found; a #require that stopped them is thrown again after.
        var stoppedBy: (any Error)?
        do { try await Self.checks(c) } catch { stoppedBy = error }
        await c.powerOff()
        if let stoppedBy { throw stoppedBy }
    }

    static func checks(_ c: SystemdContainer) async throws {
        let since = wallNow()
        try await install(c)
        try await refused(c)
        try await start(c)
        try await reload(c)
        try await watchdog(c, since: since)
        try await stop(c)
        let journal = await c.exec("journalctl", "-q", "--no-pager", "-o", "cat", "--since", "@\(since)", "-u", unit).out
        #expect(journal.contains("Started container c"), "the journal shows kubelet-lite's event lines:\n\(journal)")
    }

    /// kubelet-lite, its two programs and the unit (ExecStart is /usr/local/bin/kubelet-lite);
    /// `systemd-analyze verify` accepts the unit as shipped, without a word.
    static func install(_ c: SystemdContainer) async throws {
        let dir = String(E2E.binary.dropLast("kubelet-lite".count))
        for (from, to) in [(E2E.binary, "/usr/local/bin/kubelet-lite"),
                           (dir + "kubelet-lite-core", "/usr/local/bin/kubelet-lite-core"),
                           (dir + "kubelet-lite-pause", "/usr/local/bin/kubelet-lite-pause"),
                           (E2E.examples + "/kubelet-lite@.service", "/etc/systemd/system/kubelet-lite@.service"),
                           (c.scratch.write("svc.json", manifest("one")), "/etc/kubelet-lite/svc.json")] {
            let copied = await c.script(["copy", from, to])
            try #require(copied.status == 0, "copy \(from): \(copied.err)")
        }
        let version = await c.exec("kubelet-lite", "--version")
        try #require(version.status == 0, "kubelet-lite runs inside the container: \(version.err)")
        // --man=no: the root has no man-db to look up Documentation=man:kubelet-lite(1) with.
        let verify = await c.exec("systemd-analyze", "verify", "--man=no", "/etc/systemd/system/" + unit)
        #expect(verify.status == 0 && verify.out.isEmpty && verify.err.isEmpty,
                "systemd-analyze verify: status \(verify.status)\n\(verify.out)\(verify.err)")
        let unitFile = c.scratch.write("kubelet-lite@.service", installedUnit())
        try #require(await c.script(["copy", unitFile, "/etc/systemd/system/kubelet-lite@.service"]).status == 0)
        try #require(await c.exec("systemctl", "daemon-reload").status == 0)
    }

    /// A manifest kubelet-lite refuses (exit 2): `systemctl start` fails at once and
    /// RestartPreventExitStatus=2 keeps Restart=on-failure from retrying it.
    static func refused(_ c: SystemdContainer) async throws {
        let bad = "kubelet-lite@bad.service"
        let file = c.scratch.write("bad.json", #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad"}, "spec": {}}"#)
        try #require(await c.script(["copy", file, "/etc/kubelet-lite/bad.json"]).status == 0)
        let started = await c.exec("systemctl", "start", bad)
        #expect(started.status != 0, "systemctl start of a refused manifest fails")
        let failedAt = E2E.now()
        // Twice RestartSec=1 with nothing happening is the behaviour under test, not a synchronisation.
        await waitUntil("2 s after the failure") { E2E.now() - failedAt >= 2 }
        let state = await offPool { (c.property("ActiveState", of: bad), c.property("NRestarts", of: bad),
                                     c.property("ExecMainStatus", of: bad)) }
        #expect(state == ("failed", "0", "2"), "ActiveState, NRestarts, ExecMainStatus: \(state)")
        _ = await c.exec("systemctl", "reset-failed", bad)
    }

    /// The pod.json of the running pod, parsed (nil if there is none).
    static func pod(_ c: SystemdContainer) async -> JSONValue? {
        let read = await c.exec("cat", podJSON)
        return read.status == 0 ? try? JSONParser.parse(read.out) : nil
    }

    /// `systemctl start` returns once the pod is Ready (about 2 s after its container starts), not before.
    static func start(_ c: SystemdContainer) async throws {
        let t0 = E2E.now()
        let started = await c.exec("systemctl", "start", unit)
        let took = E2E.now() - t0
        let ready = await pod(c)?.condition("Ready")?["status"]?.stringValue
        try #require(started.status == 0, "systemctl start: \(started.err)\n\(status(c))")
        print("systemctl start took \(seconds(took)) s")
        #expect(took >= 2.0, "systemctl start returned after \(took) s, before the readiness probe could pass")
        #expect(ready == "True", "pod.json says Ready=\(ready ?? "nothing") when systemctl start returns")
        #expect(await c.exec("systemctl", "is-active", unit).out.trimmingNewlines == "active")
        let text = await offPool { c.property("StatusText", of: unit) }
        #expect(text == "Running 1/1 ready, 0 restarts", "STATUS= as systemctl status shows it")
    }

    /// `systemctl reload` with a changed manifest: the unit is `reloading` (RELOADING=1) until the new
    /// pod is Ready (READY=1), then `active` again, with the same main process and the new spec. The
    /// state is watched from before the reload: systemd 252 makes `systemctl reload` itself wait for
    /// READY=1 when RELOADING=1 comes while ExecReload's kill still runs, and return at once (the
    /// unit `reloading` until READY=1) when it comes after; both happen.
    static func reload(_ c: SystemdContainer) async throws {
        let mainPID = await offPool { c.property("MainPID", of: unit) }
        let file = c.scratch.write("svc.json", manifest("two", ignoreTerm: true))
        try #require(await c.script(["copy", file, "/etc/kubelet-lite/svc.json"]).status == 0)
        let t0 = wallNow()
        let reload = c.spawn(["exec", "systemctl", "reload", unit])
        var states: [String] = []
        await waitUntil("the unit reloading, then active again", context: "states seen: \(states)") {
            let state = c.property("ActiveState", of: unit)
            if states.last != state { states.append(state) }
            return reload.status != nil && states.contains("reloading") && state == "active"
        }
        #expect(await reload.exit() == 0, "systemctl reload: \(reload.stderr)")
        print("systemctl reload returned after \(seconds((reload.exitedAt ?? .infinity) - t0)) s; states: \(states)")
        #expect(await offPool { c.property("MainPID", of: unit) } == mainPID, "a reload is not a restart")
        #expect(await c.exec("cat", "/run/svc-version").out.trimmingNewlines == "two", "the new spec runs")
        #expect(await pod(c)?["metadata"]?["labels"]?["v"] == .string("two"))
    }

    /// A stopped supervisor stops pinging: systemd's watchdog (WatchdogSec=3s) kills it and
    /// Restart=on-failure starts it again, Ready again.
    static func watchdog(_ c: SystemdContainer, since: Double) async throws {
        let before = await offPool { c.property("MainPID", of: unit) }
        #expect(await offPool { c.property("NRestarts", of: unit) } == "0", "WATCHDOG=1 kept it alive so far")
        let stoppedAt = E2E.now()
        try #require(await c.exec("kill", "-STOP", before).status == 0)
        await waitUntil("a restart after the watchdog timeout", context: status(c)) {
            c.property("NRestarts", of: unit) == "1"
        }
        await waitUntil("the restarted unit active", context: status(c)) {
            c.property("ActiveState", of: unit) == "active"
        }
        let took = E2E.now() - stoppedAt
        print("SIGSTOP to active again after the watchdog restart: \(seconds(took)) s")
        // The last ping may have come up to half of WatchdogSec before the SIGSTOP.
        #expect(took >= 1.5, "restarted \(took) s after SIGSTOP, before the watchdog could strike")
        #expect(await pod(c)?.condition("Ready")?["status"]?.stringValue == "True", "active again once Ready")
        #expect(await offPool { c.property("MainPID", of: unit) } != before)
        let journal = await c.exec("journalctl", "-q", "--no-pager", "--since", "@\(since)", "-u", unit).out
        #expect(journal.contains("Watchdog timeout"), "the journal says why:\n\(journal)")
    }

    /// `systemctl stop` lasts the pod's whole 8 s grace (the container ignores SIGTERM), although the
    /// unit's TimeoutStopSec is 5 s: EXTEND_TIMEOUT_USEC= holds systemd off, and the container gets
    /// SIGKILL from kubelet-lite at the grace, not from systemd at 5 s.
    static func stop(_ c: SystemdContainer) async throws {
        // The container's shell itself (its exec helper's command line has the same words, later).
        let container = await c.exec("pgrep", "-f", "^sh -c .*svc-version").out.trimmingNewlines
        try #require(Int(container) != nil, "the container's process: \(container)")
        let since = wallNow()
        let t0 = E2E.now()
        let stop = c.spawn(["exec", "systemctl", "stop", unit])
        // 5.5 s into the stop (past TimeoutStopSec=5s, well before the grace ends) is the instant under
        // test, not a synchronisation.
        await waitUntil("5.5 s into the stop") { E2E.now() - t0 >= 5.5 }
        let midway = await c.exec("kill", "-0", container)
        let state = await offPool { c.property("ActiveState", of: unit) }
        // Both looks must land before the grace can have ended (8 s after t0 at the earliest): a loaded
        // machine that delays them past it says nothing about 5.5 s, and the checks below still hold.
        if E2E.now() - t0 < 8.0 {
            #expect(midway.status == 0 && state == "deactivating",
                    "5.5 s into the stop the container is still there and the unit deactivating, not \(state)")
        } else {
            print("the midway look at the stop came \(seconds(E2E.now() - t0)) s in, past the grace: not judged")
        }
        #expect(await stop.exit() == 0, "systemctl stop: \(stop.stderr)")
        let took = (stop.exitedAt ?? .infinity) - since
        print("systemctl stop took \(seconds(took)) s (grace 8 s, TimeoutStopSec=5s)")
        #expect(took >= 8.0, "systemctl stop returned after \(took) s, before the 8 s grace")
        #expect(took < 8.0 + 5.0, "systemctl stop took \(took) s")
        #expect(await c.exec("kill", "-0", container).status != 0, "the container is gone after the stop")
        let result = await offPool { c.property("Result", of: unit) }
        #expect(result == "success", "Result=\(result): systemd gave up waiting or the stop failed:\n\(status(c))")
        let journal = await c.exec("journalctl", "-q", "--no-pager", "--since", "@\(since)", "-u", unit).out
        #expect(!journal.contains("timed out"), "systemd's stop timeout struck:\n\(journal)")
    }

    /// A duration for the log, to the hundredth of a second.
    static func seconds(_ s: Double) -> String { String(Double(Int((s * 100).rounded())) / 100) }

    /// `systemctl status` with the unit's last journal lines, for a failure's context (blocking:
    /// it runs only once a check has failed).
    static func status(_ c: SystemdContainer) -> String {
        c.execBlocking(["systemctl", "status", "--no-pager", "-n", "30", unit]).out
    }
}
