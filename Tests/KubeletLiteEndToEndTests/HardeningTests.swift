// kubelet-lite — HardeningTests.swift (end-to-end)
// A state directory no one else can subvert, one supervisor per pod, any path length, huge numbers,
// descriptor limits and full disks (architecture §6.5, §6.4).

import Glibc
import KubeletLiteModel
import Testing

/// Runs `sh -c script` with the test's environment; returns its status and output files' text.
func shell(_ script: String, in t: Scratch) -> (status: Int32, out: String, err: String) {
    let status = system("cd '\(t.path)' && env KUBELET_LITE_STATE_DIR='\(t.state)' sh -c '\(script)' > out.txt 2> err.txt")
    return ((status >> 8) & 0xff, t.read("out.txt") ?? "", t.read("err.txt") ?? "")
}

@Suite struct HardeningTests {
    static func sleeper(_ name: String, grace: String = "3") -> String {
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
         "spec": {"terminationGracePeriodSeconds": \(grace), "containers": [{"name": "c", "image": "busybox",
           "command": ["sh", "-c", "trap 'exit 0' TERM; echo hello; while :; do sleep 0.05; done"]}]}}
        """
    }

    @Test func aHugeGraceNeverKillsEarly() async {
        let t = await Scratch.admitted()
        let kl = E2E.start(["apply", t.write("p.json", Self.sleeper("huge", grace: "9223372036854775807")
            .replacingOccurrences(of: "trap 'exit 0' TERM; ", with: "trap '' TERM; "))], in: t)
        // "hello" comes after the trap: from then on SIGTERM is ignored.
        await waitUntil(#"kl.stdout.contains("[c] hello")"#, deadline: 10, context: "\(kl.stderr)") { kl.stdout.contains("[c] hello") }
        kl.signal(SIGTERM)
        // Well past the 2 s minimum: a wrapped deadline would have killed it at once.
        await waitUntil(#"kl.stdout.contains("Killing")"#, deadline: 10) { kl.stdout.contains("Killing") }
        #expect(await kl.exitIfAny(within: 3) == nil, "the container ignores SIGTERM and the grace never ends: \(kl.stdout) \(kl.stderr)")
        let deletion = t.podJSON("huge")?["metadata"]?["deletionTimestamp"]?.stringValue
        #expect(deletion == "9999-12-31T23:59:59Z")
        kl.signal(SIGTERM)  // the second one forces
        #expect(await kl.exit(within: 10) == 0)
    }

    @Test func aLongStateDirectoryPathWorksForEveryVerb() async {
        let t = await Scratch.admitted()
        var dir = t.path
        while dir.utf8.count < 200 { dir += "/a-rather-long-directory-name" }
        let state = dir + "/state"
        let kl = E2E.start(["apply", "--state-dir", state, t.write("p.json", Self.sleeper("deep"))], in: t)
        await waitUntil("get to list the pod Running", deadline: 10, context: "\(kl.stderr)") {
            E2E.runBlocking(["get", "--state-dir", state], in: t).stdout.contains("Running")
        }
        #expect(await E2E.run(["describe", "deep", "--state-dir", state], in: t).stdout.contains("Name:"))
        let logs = shell("timeout 5 \(E2E.binary) logs deep -f --state-dir \(state) > follow.txt 2>&1 &", in: t)
        #expect(logs.status == 0)
        await waitUntil(#"(t.read("follow.txt") ?? "").contains("hello")"#, deadline: 10, context: "\(t.read("follow.txt") ?? "")") { (t.read("follow.txt") ?? "").contains("hello") }
        let delete = await E2E.run(["delete", "deep", "--state-dir", state], in: t)
        #expect(delete.status == 0, "\(delete.stderr)")
        #expect(await kl.exit(within: 10) == 0)
    }

    @Test func concurrentAppliesOfOnePodRunExactlyOneSupervisor() async {
        let t = await Scratch.admitted()
        let manifest = t.write("p.json", Self.sleeper("once"))
        let count = 200
        let applies = (0..<count).map { _ in E2E.start(["apply", "--quiet", manifest], in: t) }
        // Every loser exits at once; the one that took the pod runs until stopped.
        await waitUntil("every apply but one to exit", deadline: 60) { applies.filter { $0.status != nil }.count >= count - 1 }
        var refused: [Supervisor] = []
        var running: [Supervisor] = []
        for kl in applies {
            if let status = kl.status {
                #expect(status == 2, "\(kl.stderr)")
                refused.append(kl)
            } else {
                running.append(kl)
            }
        }
        #expect(running.count == 1, "exactly one supervisor: \(running.count)")
        #expect(refused.count == count - running.count)
        if let winner = running.first {
            let named = refused.filter { $0.stderr.contains("(supervisor pid \(winner.pid),") }.count
            #expect(named == refused.count, "every refusal names the supervisor's pid \(winner.pid)")
            winner.signal(SIGTERM)
            #expect(await winner.exit(within: 10) == 0)
        }
    }

    @Test func aPodThatNeedsMoreDescriptorsThanAllowedIsRefusedSayingHowMany() async {
        let t = await Scratch.admitted()
        let containers = (0..<400).map { "{\"name\": \"c\($0)\", \"image\": \"b\", \"command\": [\"true\"]}" }
        let manifest = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "many"}, "spec": {"containers": [\(containers.joined(separator: ","))]}}
            """)
        let r = shell("ulimit -Sn 512; ulimit -Hn 512; \(E2E.binary) apply \(manifest)", in: t)
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains("needs about 1264 file descriptors"), "\(r.err)")
        #expect(r.err.contains("the limit is 512"), "\(r.err)")
    }

    /// A SIGTERM in the first milliseconds of `apply` is a graceful stop: the kubelet-lite front
    /// blocks the signals in its first instructions, before kubelet-lite-core's loader and runtime
    /// start (architecture §8.4). The delays count from posix_spawn's return, when the exec is done.
    /// A process that has not yet run one instruction dies of any signal; on 2 loaded cores a new
    /// process can wait milliseconds for its first turn, so the test runs with no other pod beside
    /// it and, as root, `apply` is born at nice -20 (the spawning thread's): it tests what the
    /// program does once it runs, not the scheduler.
    @Test func aSigtermInTheFirstMillisecondsIsAGracefulStop() async {
        let t = await Scratch.alone()
        var statuses: [String] = []
        for delay in [2, 3, 5, 10, 20] {
            for trial in 0..<5 {
                let name = "early-\(delay)-\(trial)"
                let manifest = t.write("\(name).json", Self.sleeper(name))
                let kl = Self.withThreadNice(E2E.isRoot ? -20 : 0) { E2E.start(["apply", manifest], in: t) }
                // The delay is the test's input, not a synchronisation.
                var at = timespec()
                clock_gettime(CLOCK_MONOTONIC, &at)
                at.tv_nsec += delay * 1_000_000
                if at.tv_nsec >= 1_000_000_000 { at.tv_sec += 1; at.tv_nsec -= 1_000_000_000 }
                while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nil) == EINTR {}
                kl.signal(SIGTERM)
                let status = await kl.exit(within: 30)
                statuses.append("\(delay) ms: \(status.map(String.init) ?? "running")")
                #expect(status == 0 || status == 1, "SIGTERM \(delay) ms after the start: \(statuses) \(kl.stderr)")
            }
        }
    }

    /// Runs `body` with the calling thread's nice value at `nice` (a child spawned there inherits
    /// it), then gives the thread its own back; no suspension point in between.
    static func withThreadNice<T>(_ nice: Int32, _ body: () -> T) -> T {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let thread: id_t = 0  // Linux: the calling thread, not the whole process
        let old = getpriority(which, thread)
        if nice != old { setpriority(which, thread, nice) }
        defer { if nice != old { setpriority(which, thread, old) } }
        return body()
    }
}
