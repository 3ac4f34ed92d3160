// kubelet-lite — TerminationMessageTests.swift (end-to-end)
// Scenarios 61 and 62: termination messages from a host path or from the logs (spec §3.4, I.5).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct TerminationMessageE2ETests {
    static func pod(_ name: String, policy: String = "File", path: String? = nil, _ script: String) -> String {
        let pathField = path.map { ", \"terminationMessagePath\": \"\($0)\"" } ?? ""
        return """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox",
               "command": ["/bin/sh", "-c"], "args": ["\(script)"],
               "terminationMessagePolicy": "\(policy)"\(pathField)}]}}
            """
    }

    func terminated(_ t: Scratch, _ name: String) -> JSONValue? {
        t.podJSON(name)?.containerStatus("c")?["state"]?["terminated"]
    }

    @Test func messageFromAHostPath() async {
        let t = await Scratch.admitted()
        _ = t.write("termination-log", "stale message from an earlier run")
        let r = await E2E.run(["apply", t.write("p.json", Self.pod("tm", path: "{T}/termination-log",
                                                           "echo -n DONE > {T}/termination-log"))], in: t)
        #expect(r.status == 0)
        #expect(t.podJSON("tm")?.phase == "Succeeded")
        #expect(terminated(t, "tm")?["message"] == .string("DONE"))
    }

    @Test func theStaleFileIsEmptiedBeforeTheStart() async {
        let t = await Scratch.admitted()
        _ = t.write("termination-log", "stale")
        let r = await E2E.run(["apply", t.write("p.json", Self.pod("tm", path: "{T}/termination-log", "true"))], in: t)
        #expect(r.status == 0)
        #expect(terminated(t, "tm")?["message"] == nil)
    }

    @Test func fallbackToLogsOnErrorMatrix() async {
        let t = await Scratch.admitted()
        let a = await E2E.run(["apply", t.write("a.json", Self.pod("fa", policy: "FallbackToLogsOnError", "echo -n DONE; /bin/false"))], in: t)
        #expect(a.status == 1)
        #expect(terminated(t, "fa")?["message"] == .string("DONE"))
        let b = await E2E.run(["apply", t.write("b.json", Self.pod("fb", policy: "FallbackToLogsOnError", "echo -n DONE; /bin/true"))], in: t)
        #expect(b.status == 0)
        #expect(terminated(t, "fb")?["message"] == nil)
    }

    @Test func theLogTailIsTheLast80LinesAtMost2048Bytes() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", t.write("p.json", Self.pod("many", policy: "FallbackToLogsOnError",
            "i=1; while [ $i -le 100 ]; do echo line-$i; i=$((i+1)); done; exit 1"))], in: t)
        #expect(r.status == 1)
        let message = terminated(t, "many")?["message"]?.stringValue ?? ""
        let lines = message.split(separator: "\n")
        #expect(lines.count == 80)
        #expect(lines.first == "line-21")
        #expect(lines.last == "line-100")
        #expect(message.utf8.count <= 2048)
    }

    @Test func aLongFileKeepsItsLast4096Bytes() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", t.write("p.json", Self.pod("long", path: "{T}/msg",
            "printf '%05000d' 0 > {T}/msg; echo -n END >> {T}/msg"))], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        let message = terminated(t, "long")?["message"]?.stringValue ?? ""
        #expect(message.utf8.count == 4096)
        #expect(message.hasSuffix("000END"))
    }
}
