// kubelet-lite — StopTests.swift (end-to-end)
// Graceful stop, the SIGKILL deadline, force, and nothing left behind (spec §9, I.6, I.7).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct StopTests {
    static func pod(_ name: String, grace: Int, _ script: String, policy: String = "Always") -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"restartPolicy": "\(policy)", "terminationGracePeriodSeconds": \(grace),
          "containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "\(script)"]}]}}
        """
    }

    @Test func aContainerThatTrapsTERMStopsWellWithinItsGrace() {
        let t = Scratch()
        let kl = E2E.start(["apply", t.write("p.json", StopTests.pod("trapper", grace: 30,
            "trap 'echo bye; exit 0' TERM; touch {T}/up; while true; do sleep 0.05; done"))], in: t)
        #expect(E2E.eventually(timeout: 5) { t.read("up") != nil })
        let sent = E2E.now()
        kl.signal(SIGTERM)
        #expect(kl.wait(timeout: 5) == 0)
        #expect(E2E.now() - sent < 1.5)
        #expect(t.podJSON("trapper")?.phase == "Succeeded")
    }

    @Test func aContainerIgnoringTERMIsKilledAtTheDeadlineWith137() {
        let t = Scratch()
        let kl = E2E.start(["apply", t.write("p.json", StopTests.pod("ignorer", grace: 3,
            "trap '' TERM; touch {T}/up; while true; do sleep 0.05; done"))], in: t)
        #expect(E2E.eventually(timeout: 5) { t.read("up") != nil })
        let sent = E2E.now()
        kl.signal(SIGTERM)
        #expect(kl.wait(timeout: 8) == 0)
        let took = E2E.now() - sent
        #expect(took >= 3.0, "SIGKILL never before the grace period: \(took)")
        #expect(took < 4.0, "SIGKILL at the deadline: \(took)")
        let pod = t.podJSON("ignorer")!
        #expect(pod.containerStatus("c")?["state"]?["terminated"]?["exitCode"] == .number("137"))
        #expect(pod.phase == "Failed")
    }

    @Test func aSecondSIGINTKillsAtOnce() {
        let t = Scratch()
        let kl = E2E.start(["apply", t.write("p.json", StopTests.pod("force", grace: 30,
            "trap '' TERM INT; touch {T}/up; while true; do sleep 0.05; done"))], in: t)
        #expect(E2E.eventually(timeout: 5) { t.read("up") != nil })
        kl.signal(SIGINT)
        #expect(E2E.eventually(timeout: 3) { kl.stdout.contains("Killing") })
        let second = E2E.now()
        kl.signal(SIGINT)
        #expect(kl.wait(timeout: 3) == 0)
        #expect(E2E.now() - second < 1)
        #expect(t.podJSON("force")?.containerStatus("c")?["state"]?["terminated"]?["exitCode"] == .number("137"))
    }

    @Test func killingTheSupervisorKillsThePodWithinASecond() {
        let t = Scratch()
        let kl = E2E.start(["apply", t.write("p.json", StopTests.pod("orphaned", grace: 30,
            "trap '' TERM; echo $$$$ >> {T}/pids; sleep 300 & echo $! >> {T}/pids; touch {T}/up; wait"))], in: t)
        #expect(E2E.eventually(timeout: 5) { t.read("up") != nil })
        let sandbox = Int32((t.read(t.podDir("orphaned") + "/sandbox.pid") ?? "").split(separator: "\n").first ?? "")
        let pids = (t.read("pids") ?? "").split(separator: "\n").compactMap { Int32($0) } + (sandbox.map { [$0] } ?? [])
        #expect(pids.count == 3)
        #expect(pids.allSatisfy(E2E.isAlive))
        kl.signal(SIGKILL)
        kl.wait(timeout: 2)
        #expect(E2E.eventually(timeout: 1) { !pids.contains(where: E2E.isAlive) },
                "still alive a second after the supervisor died: \(pids.filter(E2E.isAlive))")
    }

    @Test func aDoubleForkedDaemonIsGoneWhenThePodEnds() {
        let t = Scratch()
        let r = E2E.run(["apply", t.write("p.json", StopTests.pod("daemon", grace: 5,
            "(sleep 300 & echo $! > {T}/daemon); (setsid sleep 301 & echo $! > {T}/setsid); sleep 0.3",
            policy: "Never"))], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        let daemons = ["daemon", "setsid"].compactMap { Int32((t.read($0) ?? "").split(separator: "\n").first ?? "") }
        #expect(daemons.count == 2)
        #expect(!daemons.contains(where: E2E.isAlive), "left running: \(daemons.filter(E2E.isAlive))")
        for pid in daemons { #expect(access("/proc/\(pid)", F_OK) != 0, "pid \(pid) is still a zombie") }
    }

    /// Decision I.10: when a container's main process exits, what it started dies at once,
    /// even a `setsid` daemon, while the rest of the pod goes on.
    @Test func aContainersLeftoversDieWhenItsMainProcessExits() {
        let t = Scratch()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "leftovers"},
             "spec": {"restartPolicy": "Never", "containers": [
               {"name": "a", "image": "busybox", "command": ["sh", "-c", "setsid sleep 500 & echo $! > {T}/setsid; sleep 300 & echo $! > {T}/bg; sleep 0.2"]},
               {"name": "b", "image": "busybox", "command": ["sh", "-c", "while [ ! -f {T}/stop ]; do sleep 0.05; done"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        #expect(E2E.eventually(timeout: 5) {
            t.podJSON("leftovers")?.containerStatus("a")?["state"]?["terminated"] != nil
        })
        let pids = ["setsid", "bg"].compactMap { Int32((t.read($0) ?? "").split(separator: "\n").first ?? "") }
        #expect(pids.count == 2)
        #expect(E2E.eventually(timeout: 1) { !pids.contains(where: E2E.isAlive) },
                "left running after their container ended: \(pids.filter(E2E.isAlive))")
        #expect(t.podJSON("leftovers")?.phase == "Running", "the other container goes on")
        _ = t.write("stop", "")
        #expect(kl.wait(timeout: 5) == 0)
    }

    /// Scenario 42: activeDeadlineSeconds fails the pod and kills it; apply exits 1.
    @Test func activeDeadlineExceeded() {
        let t = Scratch()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "deadline"},
             "spec": {"activeDeadlineSeconds": 2, "containers": [{"name": "c", "image": "busybox", "command": ["sleep", "infinity"]}]}}
            """)
        let begun = E2E.now()
        let r = E2E.run(["apply", file], in: t, timeout: 10)
        let took = E2E.now() - begun
        #expect(r.status == 1)
        #expect(took >= 2 && took < 3.5, "took \(took) s")
        let pod = t.podJSON("deadline")!
        #expect(pod.phase == "Failed")
        #expect(pod["status"]?["reason"] == .string("DeadlineExceeded"))
        #expect(pod["status"]?["message"] == .string("Pod was active on the node longer than the specified deadline"))
        #expect(r.stdout.contains("Stopping container c"))
    }

    /// A container writing without pause must not starve the loop: SIGTERM is still handled at once.
    @Test func aChattyContainerDoesNotStarveTheSupervisor() {
        let t = Scratch()
        let kl = E2E.start(["apply", "--quiet", t.write("p.json", StopTests.pod("chatty", grace: 30, "yes chatty-line-of-output | dd bs=1M iflag=fullblock status=none"))], in: t)
        #expect(E2E.eventually(timeout: 5) { t.podJSON("chatty")?.phase == "Running" })
        usleep(300_000)
        let sent = E2E.now()
        kl.signal(SIGTERM)
        #expect(kl.wait(timeout: 5) == 0)
        #expect(E2E.now() - sent < 1.5)
        let log = t.podDir("chatty") + "/logs/c/0.log"
        var st = stat()
        #expect(stat(log, &st) == 0 && st.st_size > 100_000, "the output went to the log")
    }

    /// A reader that stops reading (a paused terminal, a stalled pipe) must not freeze the pod.
    @Test func aStalledStdoutReaderDoesNotFreezeTheSupervisor() {
        let t = Scratch()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let file = t.write("p.json", StopTests.pod("stalled", grace: 30,
            "trap 'exit 0' TERM; while true; do echo a-line-of-echo-that-nobody-reads-a-line-of-echo-that-nobody-reads; done"))
        let kl = E2E.start(["apply", file], in: t, stdoutFD: fds[1])
        close(fds[1])
        #expect(E2E.eventually(timeout: 5) { t.podJSON("stalled")?.phase == "Running" })
        usleep(500_000)  // far more than a pipe buffer of echo is waiting by now
        kl.signal(SIGTERM)
        #expect(E2E.eventually(timeout: 2) {
            t.events("stalled").contains { $0["reason"] == .string("Killing") }
        }, "the stop was handled while stdout was blocked")
        #expect(kl.wait(timeout: 8) == 0)
        #expect(t.podJSON("stalled")?.phase == "Succeeded")
    }

    /// SIGUSR1 prints the kubectl-describe view to stderr; the pod keeps running.
    @Test func sigusr1PrintsTheDescribeView() {
        let t = Scratch()
        let kl = E2E.start(["apply", t.write("p.json", StopTests.pod("described", grace: 5, "sleep 30"))], in: t)
        #expect(E2E.eventually(timeout: 5) { t.podJSON("described")?.phase == "Running" })
        kl.signal(SIGUSR1)
        #expect(E2E.eventually(timeout: 3) { kl.stderr.contains("Events:") })
        let view = kl.stderr
        #expect(view.contains("Name:             described\n"))
        #expect(view.contains("Status:           Running\n"))
        #expect(view.contains("    State:          Running\n"))
        #expect(view.contains("spec.containers{c}: Started container c"))
        #expect(t.podJSON("described")?.phase == "Running")
        kl.signal(SIGTERM)
        #expect(kl.wait(timeout: 5) == 0)
    }
}
