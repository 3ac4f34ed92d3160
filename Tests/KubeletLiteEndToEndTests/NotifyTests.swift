// kubelet-lite — NotifyTests.swift (end-to-end)
// apply under a stand-in for systemd's notify socket: what it says, in what order, and when
// (architecture §9.5). The socket is a real AF_UNIX datagram socket, by path and abstract.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct NotifyTests {
    /// Ready once `{T}/ok` exists; on SIGTERM it stays while `{T}/hold` exists (the grace is 20 s).
    static func pod(_ name: String, label: String = "a") -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)", "labels": {"v": "\(label)"}},
         "spec": {"terminationGracePeriodSeconds": 20, "containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "trap 'while [ -f {T}/hold ]; do sleep 0.05; done; exit 0' TERM; touch {T}/up; while true; do sleep 0.05; done"],
           "readinessProbe": {"exec": {"command": ["test", "-f", "{T}/ok"]}, "periodSeconds": 1}}]}}
        """
    }

    static func monotonicMicros() -> Int64 { Int64(E2E.now() * 1e6) }

    /// The whole conversation: STATUS= as the pod changes, READY=1 only once the readiness probe
    /// passes, WATCHDOG=1 at half of WATCHDOG_USEC and none while the supervisor is stopped,
    /// RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 then EXTEND_TIMEOUT_USEC= through a 20 s grace.
    @Test func theNotifyConversationOfAPodsLife() async throws {
        let t = await Scratch.admitted(seconds: 15)
        let socket = NotifyListener(t.path + "/notify.sock")
        defer { socket.stop() }
        let file = t.write("p.json", Self.pod("notified"))
        let kl = spawnProgram([E2E.binary, "apply", "-q", file], in: t,
                              env: ["NOTIFY_SOCKET=\(socket.address)", "WATCHDOG_USEC=1000000"])
        defer { if kl.status == nil { kl.signal(SIGKILL) } }
        let why = { "\(socket.transcript)\n\(kl.stderr)" }

        // Started, not ready: STATUS says so, READY=1 waits for the probe.
        await waitUntil("STATUS=Running 0/1 ready", context: why()) {
            socket.with("STATUS").contains { $0.value("STATUS") == "Running 0/1 ready, 0 restarts" }
        }
        #expect(socket.with("READY").isEmpty, "no READY=1 before the readiness probe passes:\n\(why())")
        _ = t.write("ok", "")
        await waitUntil("READY=1", context: why()) { !socket.with("READY").isEmpty }
        let ready = try #require(socket.with("READY").first)
        #expect(ready.value("STATUS") == "Running 1/1 ready, 0 restarts", "\(why())")

        // WATCHDOG=1 every 0.5 s (half of 1 s), ±20%.
        await waitUntil("6 pings after READY=1", context: why()) { socket.with("WATCHDOG").filter { $0.at > ready.at }.count >= 6 }
        let pings = socket.with("WATCHDOG").map(\.at)
        let gaps = zip(pings.dropFirst(), pings).map { $0 - $1 }.sorted()
        let median = gaps[gaps.count / 2]
        #expect(median >= 0.4 && median <= 0.6, "median gap \(median) s between pings: \(gaps)")

        // A stopped supervisor pings nobody; it pings again once continued.
        let stoppedAt = E2E.now()
        kl.signal(SIGSTOP)
        // The stop's length is the interval under test (three ping periods), not a synchronisation.
        await waitUntil("1.5 s with the supervisor stopped") { E2E.now() - stoppedAt >= 1.5 }
        let continuedAt = E2E.now()
        kl.signal(SIGCONT)
        let during = socket.with("WATCHDOG").filter { $0.at > stoppedAt + 0.05 && $0.at < continuedAt }
        #expect(during.isEmpty, "pings while stopped: \(during.map(\.at))")
        await waitUntil("a ping after SIGCONT", context: why()) { socket.with("WATCHDOG").contains { $0.at > continuedAt } }

        // SIGHUP with a changed manifest: RELOADING=1 (with the monotonic time), the old pod stops
        // without STOPPING=1, READY=1 again once the new pod is Ready.
        _ = t.write("p.json", Self.pod("notified", label: "b"))
        let hupAt = Self.monotonicMicros()
        kl.signal(SIGHUP)
        await waitUntil("a second READY=1", context: why()) { socket.with("READY").count == 2 }
        let reloading = try #require(socket.with("RELOADING").first, "\(why())")
        let stamp = try #require(reloading.value("MONOTONIC_USEC").flatMap { Int64($0) })
        #expect(stamp >= hupAt && stamp <= Self.monotonicMicros(), "MONOTONIC_USEC=\(stamp) is CLOCK_MONOTONIC at the reload")
        let secondReady = try #require(socket.with("READY").dropFirst().first, "\(why())")
        #expect(reloading.at < secondReady.at)
        #expect(socket.with("STOPPING").isEmpty, "a reload is not a stop:\n\(why())")
        #expect(t.podJSON("notified")?["metadata"]?["labels"]?["v"] == .string("b"))

        // SIGTERM: STOPPING=1 with EXTEND_TIMEOUT_USEC= covering the 20 s grace, repeated while it runs.
        _ = t.write("hold", "")
        kl.signal(SIGTERM)
        await waitUntil("STOPPING=1", context: why()) { !socket.with("STOPPING").isEmpty }
        let stopping = try #require(socket.with("STOPPING").first)
        let extend = try #require(stopping.value("EXTEND_TIMEOUT_USEC").flatMap { Int64($0) }, "\(why())")
        #expect(extend > 20_000_000 && extend <= 32_000_000, "the grace and a margin: \(extend)")
        let extensions = { socket.with("EXTEND_TIMEOUT_USEC").filter { $0.at > stopping.at } }
        await waitUntil("EXTEND_TIMEOUT_USEC= again", deadline: 15, context: why()) { !extensions().isEmpty }
        let again = extensions()[0]
        let later = try #require(again.value("EXTEND_TIMEOUT_USEC").flatMap { Int64($0) })
        #expect(later < extend && later > 10_000_000, "what is left of the grace: \(later)")
        unlink(t.path + "/hold")
        #expect(await kl.exit() == 0)
        // Sent before the exit, but read by the listener's thread: waited for, as a fact.
        await waitUntil("the last word", context: why()) {
            socket.messages.last?.value("STATUS") == "pod default/notified stopped on request (Succeeded)"
        }
        #expect(socket.messages.last?.value("ERRNO") == nil)
    }

    /// An abstract socket (`@name`): READY=1 when every container has started (no readiness probe),
    /// STOPPING=1 on SIGTERM (sleep dies of it: the pod ends Failed); no watchdog without WATCHDOG_USEC, none when WATCHDOG_PID is another pid.
    @Test func anAbstractSocketAndAWatchdogForAnotherPid() async throws {
        let t = await Scratch.admitted()
        let socket = NotifyListener("@kl-e2e-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { socket.stop() }
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "abstract"},
             "spec": {"containers": [{"name": "a", "image": "busybox", "command": ["sleep", "600"]},
                                     {"name": "b", "image": "busybox", "command": ["sleep", "600"]}]}}
            """)
        let kl = spawnProgram([E2E.binary, "apply", "-q", file], in: t,
                              env: ["NOTIFY_SOCKET=\(socket.address)", "WATCHDOG_USEC=200000", "WATCHDOG_PID=1"])
        defer { if kl.status == nil { kl.signal(SIGKILL) } }
        let why = { "\(socket.transcript)\n\(kl.stderr)" }
        await waitUntil("READY=1", context: why()) { !socket.with("READY").isEmpty }
        #expect(socket.with("READY").first?.value("STATUS") == "Running 2/2 ready, 0 restarts", "\(why())")
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        await waitUntil("the last word", context: why()) {
            socket.messages.last?.value("STATUS") == "pod default/abstract stopped on request (Failed)"
        }
        #expect(socket.with("STOPPING").count == 1, "\(why())")
        #expect(socket.with("WATCHDOG").isEmpty, "WATCHDOG_PID names another process:\n\(why())")
    }

    static let systemdAnalyze = Tool(name: "systemd-analyze", install: "install systemd (apt-get install systemd)")

    /// The shipped unit, with ExecStart at the built binary (verify checks that it is executable),
    /// passes `systemd-analyze verify` without a word: no unknown key, no ignored setting.
    @Test(.needs(systemdAnalyze)) func theUnitFilePassesSystemdAnalyzeVerify() async throws {
        let t = Scratch()
        let unit = E2E.readFile(E2E.examples + "/kubelet-lite@.service")
        #expect(unit.contains("Type=notify\n") && unit.contains("ExecReload=/bin/kill -HUP $MAINPID"))
        #expect(unit.contains("WatchdogSec=") && unit.contains("Delegate=yes") && unit.contains("KillMode=mixed"))
        let file = t.write("kubelet-lite@demo.service", unit.replacingOccurrences(of: "/usr/local/bin/kubelet-lite", with: E2E.binary))
        let tool = try #require(Self.systemdAnalyze.path)
        let run = spawnProgram([tool, "verify", "--man=no", file], in: t)
        #expect(await run.exit() == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }
}
