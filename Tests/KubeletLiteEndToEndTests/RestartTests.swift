// kubelet-lite — RestartTests.swift (end-to-end)
// restartPolicy and the crash-loop back-off with real processes (spec §11, scenarios 40 and 43).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct RestartTests {
    /// Scenario 40: exits 1 on the first run, 0 on the second, then runs until stopped.
    static func scenario40(_ name: String, _ policy: String) -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"restartPolicy": "\(policy)", "terminationGracePeriodSeconds": 2,
          "containers": [{"name": "c", "image": "busybox",
            "command": ["sh", "-c", "f={T}/$POD_NAME.count; echo hello >>$f; c=$(wc -l <$f); [ $c -eq 1 ] && exit 1; [ $c -eq 2 ] && exit 0; trap 'exit 0' TERM; while true; do sleep 0.1; done"],
            "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}}
        """
    }

    @Test func alwaysRestartsTwiceAndKeepsRunning() {
        let t = Scratch()
        let kl = E2E.start(["apply", "--backoff-initial", "0.3", t.write("p.json", RestartTests.scenario40("rpa", "Always"))], in: t)
        let ok = E2E.eventually(timeout: 8) {
            let s = t.podJSON("rpa")?.containerStatus("c")
            return s?["restartCount"] == .number("2") && s?["ready"] == .bool(true)
        }
        #expect(ok)
        let pod = t.podJSON("rpa")!
        #expect(pod.phase == "Running")
        #expect(pod.containerStatus("c")?["state"]?["running"] != nil)
        #expect(pod.containerStatus("c")?["lastState"]?["terminated"]?["exitCode"] == .number("0"))
        kl.signal(SIGTERM)
        #expect(kl.wait(timeout: 5) == 0, "a stop on request exits 0")
    }

    @Test func onFailureRestartsOnceAndSucceeds() {
        let t = Scratch()
        let r = E2E.run(["apply", "--backoff-initial", "0.3", t.write("p.json", RestartTests.scenario40("rpof", "OnFailure"))], in: t)
        #expect(r.status == 0)
        let pod = t.podJSON("rpof")!
        let s = pod.containerStatus("c")
        #expect(pod.phase == "Succeeded")
        #expect(s?["restartCount"] == .number("1"))
        #expect(s?["ready"] == .bool(false))
        #expect(s?["state"]?["terminated"]?["exitCode"] == .number("0"))
        #expect(s?["state"]?["terminated"]?["reason"] == .string("Completed"))
    }

    @Test func neverDoesNotRestartAndFails() {
        let t = Scratch()
        let r = E2E.run(["apply", t.write("p.json", RestartTests.scenario40("rpn", "Never"))], in: t)
        #expect(r.status == 1)
        let pod = t.podJSON("rpn")!
        let s = pod.containerStatus("c")
        #expect(pod.phase == "Failed")
        #expect(s?["restartCount"] == .number("0"))
        #expect(s?["state"]?["terminated"]?["exitCode"] == .number("1"))
        #expect(s?["state"]?["terminated"]?["reason"] == .string("Error"))
    }

    /// Scenario 43 scaled: restarts after about 0, 1, 2, 4, 4 s, CrashLoopBackOff between them.
    @Test func backoffDoublesToTheCap() throws {
        let t = Scratch()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crash"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "exit 1"]}]}}
            """)
        let kl = E2E.start(["apply", "--backoff-initial", "1", "--backoff-max", "4", file], in: t)
        var messages: Set<String> = []
        let sixStarts = E2E.eventually(timeout: 16) {
            if let w = t.podJSON("crash")?.containerStatus("c")?["state"]?["waiting"],
               w["reason"] == .string("CrashLoopBackOff"), let m = w["message"]?.stringValue {
                messages.insert(m)
            }
            return t.events("crash").filter { $0["reason"] == .string("Started") }.count >= 6
        }
        #expect(sixStarts, "\(kl.stderr)")
        kl.signal(SIGTERM)
        #expect(kl.wait(timeout: 5) == 0)

        let starts = t.events("crash").filter { $0["reason"] == .string("Started") }
            .compactMap { $0["lastTimestamp"]?.stringValue }.map(RestartTests.seconds)
        let gaps = zip(starts.dropFirst(), starts).map { $0 - $1 }
        let expected: [Double] = [0, 1, 2, 4, 4]
        for (gap, want) in zip(gaps, expected) {
            #expect(abs(gap - want) < 0.35, "gaps \(gaps), expected about \(expected)")
        }
        #expect(messages.contains { $0.hasPrefix("back-off 1s restarting failed container=c pod=crash_default(") })
        #expect(messages.contains { $0.hasPrefix("back-off 4s restarting failed container=c pod=crash_default(") })
        let backOff = t.events("crash").filter { $0["reason"] == .string("BackOff") }
        #expect(!backOff.isEmpty)
        #expect(backOff.last?["type"] == .string("Warning"))
        #expect(backOff.last?["message"]?.stringValue?.hasPrefix("Back-off restarting failed container c in pod crash_default(") == true)
        #expect((backOff.last?["count"]?.int64Value ?? 0) >= 3, "a repeated event is counted on one object")
    }

    /// Seconds within the minute of an RFC 3339 timestamp, enough for gaps under a minute.
    static func seconds(_ ts: String) -> Double {
        // 2026-11-29T01:02:03.456789Z
        let parts = ts.split(separator: ":")
        let minute = Double(parts[1]) ?? 0
        let sec = Double(parts[2].dropLast()) ?? 0
        let hour = Double(parts[0].split(separator: "T").last ?? "0") ?? 0
        return hour * 3600 + minute * 60 + sec
    }
}
