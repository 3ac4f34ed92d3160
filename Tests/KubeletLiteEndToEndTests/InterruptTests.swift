// kubelet-lite — InterruptTests.swift (end-to-end)
// Ctrl-C in a terminal ends every verb but apply at once, with kubectl's exit status; get -w
// prints each change as it happens.

import Glibc
import KubeletLiteModel
import Testing

/// Ctrl-C in a terminal, and get -w.
@Suite struct InterruptTests {
    static func chatty(_ name: String) -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"terminationGracePeriodSeconds": 30, "containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "trap '' TERM; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.1; done"]}]}}
        """
    }

    /// Timings here are failure bounds only; how fast Ctrl-C acts is measured by `make bench`.
    @Test func ctrlCEndsLogsFollowAsKubectlDies() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", "--quiet", t.write("p.json", Self.chatty("ticker"))], in: t)
        defer { kl.signal(SIGKILL) }
        await waitUntil("(t.read(t.podDir('ticker') + '/logs/c/0.log') ?? '').contains('tick-1')") { (t.read(t.podDir("ticker") + "/logs/c/0.log") ?? "").contains("tick-1") }
        let tty = PseudoTerminal()
        let follow = tty.start(["logs", "-f", "ticker"], in: t)
        #expect(await tty.waitFor("tick-3", timeout: 10), "\(tty.output)")
        tty.type("\u{03}")
        #expect(await follow.exit() == 128 + SIGINT, "logs -f dies of SIGINT, as kubectl does")
    }

    @Test func ctrlCEndsTheWaitOfDeleteWithStatus1() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", "--quiet", t.write("p.json", Self.chatty("waited"))], in: t)
        defer { kl.signal(SIGKILL) }
        // A tick is written after the trap is set: from then on SIGTERM is ignored.
        await waitUntil("(t.read(t.podDir('waited') + '/logs/c/0.log') ?? '').contains('tick-1')") { (t.read(t.podDir("waited") + "/logs/c/0.log") ?? "").contains("tick-1") }
        let tty = PseudoTerminal()
        let delete = tty.start(["delete", "waited"], in: t)
        #expect(await tty.waitFor("pod \"waited\" deleted", timeout: 10), "\(tty.output)")
        #expect(delete.status == nil, "it waits: the container ignores SIGTERM for 30 s")
        tty.type("\u{03}")
        #expect(await delete.exit() == 1, "an interrupted wait exits 1, as kubectl's")
        #expect(kl.status == nil, "Ctrl-C ends the wait, not the pod's graceful stop")
        #expect(t.podJSON("waited")?["metadata"]?["deletionTimestamp"] != nil)
    }

    /// `apply -` waiting for its manifest on the terminal: nothing has started, Ctrl-C ends it.
    @Test func ctrlCEndsAnApplyStillReadingItsManifest() async {
        let t = await Scratch.admitted()
        let tty = PseudoTerminal()
        let apply = tty.start(["apply", "-"], in: t)
        tty.type("{\"apiVersion\": \"v1\",\n")
        #expect(await tty.waitFor("apiVersion", timeout: 10), "the terminal echoes what was typed: \(tty.output)")
        #expect(apply.status == nil, "it waits for the rest of the manifest")
        tty.type("\u{03}")
        #expect(await apply.exit() == 128 + SIGINT)
        #expect(access(t.state, F_OK) != 0, "no pod was started")
    }

    @Test func getWatchPrintsChangesAndEndsOnCtrlCWithStatus1() async {
        let t = await Scratch.admitted()
        let tty = PseudoTerminal()
        let watch = tty.start(["get", "-w"], in: t)
        // The state directory does not exist yet: the watch waits for it.
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "watched"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "trap 'sleep 0.5; exit 0' TERM; while true; do sleep 0.05; done"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        defer { kl.signal(SIGKILL) }
        #expect(await tty.waitFor("NAME", timeout: 10), "\(tty.output)")
        #expect(await tty.waitFor("Running", timeout: 10), "\(tty.output)")
        #expect(await E2E.run(["delete", "watched"], in: t).status == 0)
        #expect(await tty.waitFor("Terminating", timeout: 10), "\(tty.output)")
        #expect(await tty.waitFor("Completed", timeout: 10), "the deleted pod is printed as it ended: \(tty.output)")
        tty.type("\u{03}")
        #expect(await watch.exit() == 1, "an interrupted watch exits 1, as kubectl's")
    }
}
