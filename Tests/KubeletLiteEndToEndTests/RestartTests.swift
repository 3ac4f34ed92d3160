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

    @Test func alwaysRestartsTwiceAndKeepsRunning() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", "--backoff-initial", "0.3", t.write("p.json", RestartTests.scenario40("rpa", "Always"))], in: t)
        await waitUntil("rpa restarted twice and ready") {
            let s = t.podJSON("rpa")?.containerStatus("c")
            return s?["restartCount"] == .number("2") && s?["ready"] == .bool(true)
        }
        let pod = t.podJSON("rpa")!
        #expect(pod.phase == "Running")
        #expect(pod.containerStatus("c")?["state"]?["running"] != nil)
        #expect(pod.containerStatus("c")?["lastState"]?["terminated"]?["exitCode"] == .number("0"))
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0, "a stop on request exits 0")
    }

    @Test func onFailureRestartsOnceAndSucceeds() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", "--backoff-initial", "0.3", t.write("p.json", RestartTests.scenario40("rpof", "OnFailure"))], in: t)
        #expect(r.status == 0)
        let pod = t.podJSON("rpof")!
        let s = pod.containerStatus("c")
        #expect(pod.phase == "Succeeded")
        #expect(s?["restartCount"] == .number("1"))
        #expect(s?["ready"] == .bool(false))
        #expect(s?["state"]?["terminated"]?["exitCode"] == .number("0"))
        #expect(s?["state"]?["terminated"]?["reason"] == .string("Completed"))
    }

    @Test func neverDoesNotRestartAndFails() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", t.write("p.json", RestartTests.scenario40("rpn", "Never"))], in: t)
        #expect(r.status == 1)
        let pod = t.podJSON("rpn")!
        let s = pod.containerStatus("c")
        #expect(pod.phase == "Failed")
        #expect(s?["restartCount"] == .number("0"))
        #expect(s?["state"]?["terminated"]?["exitCode"] == .number("1"))
        #expect(s?["state"]?["terminated"]?["reason"] == .string("Error"))
    }

    /// Scenario 43 scaled: restarts after about 0, 4, 8, 8 s, CrashLoopBackOff between them. Each gap is
    /// never shorter than its back-off (so the back-off doubles), the first restart comes before a
    /// back-off would end, the capped one before the next doubling would (precise figures: make bench).
    @Test func backoffDoublesToTheCap() async throws {
        let t = await Scratch.admitted(seconds: 21)
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crash"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "exit 1"]}]}}
            """)
        let kl = E2E.start(["apply", "-o", "json", "--backoff-initial", "4", "--backoff-max", "8", file], in: t)
        var messages: Set<String> = []
        await waitUntil("five starts of crash", deadline: 90, context: kl.stderr) {
            if let w = t.podJSON("crash")?.containerStatus("c")?["state"]?["waiting"],
               w["reason"] == .string("CrashLoopBackOff"), let m = w["message"]?.stringValue {
                messages.insert(m)
            }
            return t.ev("crash", "Started").count >= 5
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)

        let starts = t.ev("crash", "Started").map(\.last)
        let gaps = zip(starts.dropFirst(), starts).map { $0 - $1 }
        let expected: [Double] = [0, 4, 8, 8]
        #expect(gaps.count >= expected.count, "gaps \(gaps)")
        if gaps.count >= expected.count {
            #expect(gaps[0] < 4 && gaps[1] >= 4 - 0.05 && gaps[1] < 4 + E2E.slack && gaps[2] >= 8 - 0.05
                    && gaps[2] < 8 + E2E.slack && gaps[3] >= 8 - 0.05 && gaps[3] < 16, "gaps \(gaps), expected about \(expected)")
        }
        #expect(messages.contains { $0.hasPrefix("back-off 4s restarting failed container=c pod=crash_default(") })
        #expect(messages.contains { $0.hasPrefix("back-off 8s restarting failed container=c pod=crash_default(") })
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
