// kubelet-lite — StormTests.swift (end-to-end)
// Under load the supervisor stays in charge: a crash storm is stopped within the grace period,
// pod.json writes are coalesced, events stay bounded, a thousand containers run and stop cleanly.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct StormTests {
    /// `count` containers that run `command`, restartPolicy Always, a 5 s grace.
    static func pod(_ name: String, count: Int, command: [String]) -> String {
        let argv = command.map { "\"\($0)\"" }.joined(separator: ", ")
        let containers = (0..<count).map { "{\"name\": \"c\($0)\", \"image\": \"busybox\", \"command\": [\(argv)]}" }
        return """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)"},
             "spec": {"restartPolicy": "Always", "terminationGracePeriodSeconds": 5,
                      "containers": [\(containers.joined(separator: ", "))]}}
            """
    }

    /// Restarts so far, summed over the pod's containers (from pod.json).
    static func restarts(_ t: Scratch, _ name: String) -> Int64 {
        guard case .array(let statuses)? = t.podJSON(name)?["status"]?["containerStatuses"] else { return 0 }
        return statuses.reduce(0) { $0 + ($1["restartCount"]?.int64Value ?? 0) }
    }

    @Test func aCrashStormIsStoppedWithinTheGracePeriodAndItsEventsStayBounded() async {
        let t = await Scratch.admitted(seconds: 8)
        let file = t.write("p.json", Self.pod("storm", count: 50, command: ["false"]))
        let kl = E2E.start(["apply", file, "-q", "--backoff-initial", "0.001", "--backoff-max", "0.001"], in: t)
        // The storm has begun once every container has restarted a few times over.
        await waitUntil(#"Self.restarts(t, "storm") >= 150"#, deadline: 60, context: "\(kl.stderr)") { Self.restarts(t, "storm") >= 150 }
        try? await Task.sleep(nanoseconds: 3_000_000_000)  // the storm goes on for 3 s: its length, not a wait
        let before = Self.restarts(t, "storm")
        kl.signal(SIGTERM)
        let status = await kl.exit(within: 5)
        #expect(status == 0, "apply must have ended within the 5 s grace period: \(kl.stderr.suffix(500))")
        if status == nil { kl.signal(SIGKILL) }
        #expect(before >= 150)
        let events = t.events("storm")
        #expect(events.count <= 1000, "events.jsonl keeps at most 1000 series")
        let names = events.compactMap { $0["metadata"]?["name"]?.stringValue }
        #expect(Set(names).count == names.count, "one line per series")
        let started = events.filter { $0["reason"] == .string("Started") }
        #expect(started.count == 50, "one Started series per container")
        let counted = started.reduce(Int64(0)) { $0 + ($1["count"]?.int64Value ?? 0) }
        #expect(counted >= before, "the series count every start (\(counted) for \(before) restarts)")
    }

    @Test func podJSONWritesAreCoalescedAndTheLastOneIsTheFinalState() async throws {
        let t = await Scratch.admitted(seconds: 12)
        let file = t.write("p.json", Self.pod("writes", count: 200, command: ["false"]))
        let kl = E2E.start(["apply", file, "-q", "--backoff-initial", "0.001", "--backoff-max", "0.001",
                            "--status-interval", "0.1"], in: t)
        await waitUntil(#"Self.restarts(t, "writes") >= 200"#, deadline: 60, context: "\(kl.stderr)") { Self.restarts(t, "writes") >= 200 }
        let watch = try #require(PodFileWatch(t.podDir("writes")))
        let window = 3.0
        let begun = E2E.now()
        // The window's length, not a wait; asleep on the clock, not on a thread of the test pool.
        try? await Task.sleep(nanoseconds: UInt64(window * 1e9))
        let writes = watch.renames("pod.json")
        let elapsed = E2E.now() - begun
        // At most one write per interval, plus the one the window may start inside.
        #expect(writes <= Int(elapsed / 0.1) + 2, "\(writes) writes of pod.json in \(elapsed) s")
        #expect(writes >= 2, "the status keeps changing, so it keeps being written")
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 5) == 0)
        let pod = try #require(t.podJSON("writes"))
        guard case .array(let statuses)? = pod["status"]?["containerStatuses"] else {
            Issue.record("no container statuses")
            return
        }
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0["state"]?["running"] == nil }, "the last write shows nothing running")
        #expect(statuses.allSatisfy { $0["ready"] == .bool(false) })
        let phase = pod["status"]?["phase"]?.stringValue ?? "none"
        #expect(kl.stderr.contains("stopped on request (\(phase))"), "pod.json says \(phase): \(kl.stderr.suffix(300))")
    }

    @Test(.enabled(if: DescriptorRoom.enoughFor(containers: 1000), "needs a hard descriptor limit of at least 8192 (ulimit -Hn)"))
    func aThousandContainersRunAndStopCleanly() async {
        let t = await Scratch.admitted(seconds: 40)
        let marker = "600.\(getpid())"
        let file = t.write("p.json", Self.pod("thousand", count: 1000, command: ["sleep", marker]))
        let kl = E2E.start(["apply", file, "-q"], in: t)
        // Counted in the text (each poll parsing a 600 KB pod.json cost the suite seconds of CPU),
        // then confirmed once by the parsed document.
        await waitUntil("all 1000 containers running", deadline: 180, context: "\(kl.stderr.suffix(500))") {
            Self.occurrences(of: "\"running\":", in: E2E.readFile(t.podDir("thousand") + "/pod.json")) == 1000
        }
        #expect(Self.running(t, "thousand") == 1000)
        #expect(Self.commands(with: marker) == 1000, "one process per container")
        kl.signal(SIGTERM)
        #expect(await kl.exit(within: 60) == 0, "\(kl.stderr.suffix(500))")
        #expect(Self.commands(with: marker) == 0, "nothing outlives the pod")
    }

    /// How many times `pattern` occurs in `text` (with the C library's strstr: a debug build's
    /// byte loop over 600 KB at every poll would cost what parsing did).
    static func occurrences(of pattern: String, in text: String) -> Int {
        text.withCString { haystack in
            pattern.withCString { needle in
                var count = 0
                var at = strstr(haystack, needle)
                while let found = at {
                    count += 1
                    at = strstr(found + strlen(needle), needle)
                }
                return count
            }
        }
    }

    /// Containers whose state is running in pod.json.
    static func running(_ t: Scratch, _ name: String) -> Int {
        guard case .array(let statuses)? = t.podJSON(name)?["status"]?["containerStatuses"] else { return 0 }
        return statuses.filter { $0["state"]?["running"] != nil }.count
    }

    /// Live processes whose command line contains `marker`.
    static func commands(with marker: String) -> Int {
        guard let dir = opendir("/proc") else { return 0 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard Int32(name) != nil else { continue }
            let cmdline = E2E.readFile("/proc/\(name)/cmdline").replacingOccurrences(of: "\0", with: " ")
            if cmdline.hasPrefix("sleep ") && cmdline.contains(marker) && E2E.isAlive(Int32(name)!) { count += 1 }
        }
        return count
    }
}

/// Counts renames onto a file of a directory, through inotify (each atomic write is one rename).
final class PodFileWatch {
    private let fd: Int32

    init?(_ directory: String) {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        guard inotify_add_watch(fd, directory, UInt32(IN_MOVED_TO)) >= 0 else {
            close(fd)
            return nil
        }
    }

    deinit { close(fd) }

    /// Renames onto `name` since the watch began (or since the last call).
    func renames(_ name: String) -> Int {
        var count = 0
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return count }
            var offset = 0
            while offset < n {
                let (length, nameLength) = buffer.withUnsafeBytes { raw -> (Int, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (MemoryLayout<inotify_event>.size + Int(event.len), Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let text = String(decoding: buffer[nameStart..<(nameStart + nameLength)].prefix { $0 != 0 }, as: UTF8.self)
                if text == name { count += 1 }
                offset += length
            }
        }
    }
}

/// Whether this process may open enough descriptors for a pod of many containers (each holds a
/// few: two output pipes, a start report, a pidfd), after kubelet-lite raises its soft limit.
enum DescriptorRoom {

    static func enoughFor(containers: Int) -> Bool {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return false }
        return limit.rlim_max == rlim_t.max || limit.rlim_max >= rlim_t(containers * 8)
    }
}
