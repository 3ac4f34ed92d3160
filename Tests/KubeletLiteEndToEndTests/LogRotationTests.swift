// kubelet-lite — LogRotationTests.swift (end-to-end)
// Container logs rotated as the kubelet rotates them, read across rotations, and only two
// instances kept (architecture §6.7).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct LogRotationTests {
    /// Bytes of the files in a directory (0 if it is not there).
    static func diskUse(_ dir: String) -> Int {
        guard let d = opendir(dir) else { return 0 }
        defer { closedir(d) }
        var total = 0
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var st = stat()
            if name != ".", name != "..", stat(dir + "/" + name, &st) == 0 { total += Int(st.st_size) }
        }
        return total
    }

    /// `line 000000042`, as the fixture's seq writes it.
    static func numbered(_ n: Int) -> String {
        let digits = String(n)
        return "line " + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    /// The last 300 bytes of a file: enough to see the last line written, without reading megabytes.
    static func tail(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        var buffer = [UInt8](repeating: 0, count: 300)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 300, max(0, st.st_size - 300)) }
        return String(decoding: buffer.prefix(max(0, n)), as: UTF8.self)
    }

    static func names(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { out.append(name) }
        }
        return out.sorted()
    }

    /// 20 MB of numbered 100-byte lines, in chunks of about 1 MiB of log: each chunk is written once
    /// the test has seen `logs -f` print the previous one (a FIFO says "go"), so the follower is
    /// never more than one chunk behind whatever the load; the disk use is sampled all along.
    @Test func rotationKeepsTheDiskBoundedAndFollowSeesEveryLineOnce() async {
        let t = await Scratch.admitted(seconds: 10)
        let chunks = 28, perChunk = 7_000
        #expect(mkfifo(t.path + "/go", 0o600) == 0)
        let file = t.write("rot.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "rot"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "w", "image": "busybox", "command": ["sh", "-c",
               "for c in $(seq 0 \(chunks - 1)); do read go < {T}/go; seq -f 'line %09g \(String(repeating: "x", count: 85))' $((c * \(perChunk) + 1)) $(((c + 1) * \(perChunk))); done"]}]}}
            """)
        let kl = E2E.start(["apply", file, "-q", "--container-log-max-size", "1Mi", "--container-log-max-files", "3"], in: t)
        await waitUntil("w running") { t.podJSON("rot")?.containerStatus("w")?["state"]?["running"] != nil }
        let follow = E2E.start(["logs", "-f", "rot"], in: t)
        let logs = t.podDir("rot") + "/logs/w"
        var most = 0
        for c in 0..<chunks {
            await offPool {
                let fd = open(t.path + "/go", O_WRONLY | O_CLOEXEC)
                _ = write(fd, "go\n", 3)
                close(fd)
            }
            let last = Self.numbered((c + 1) * perChunk)
            let seen = await waitUntil("logs -f prints chunk \(c)") {
                most = max(most, Self.diskUse(logs))
                return Self.tail(follow.outPath).contains(last)
            }
            if !seen { break }
        }
        #expect(await kl.exit() == 0)
        #expect(await follow.exit() == 0)
        #expect(most <= 3 * 1_048_576 + 64 * 1024, "log disk use peaked at \(most) bytes")
        let files = Self.names(logs)
        #expect(files.count == 3 && files.first == "0.log", "\(files)")
        let printed = follow.stdout.split(separator: "\n")
        #expect(printed.count == chunks * perChunk)
        let inOrder = printed.enumerated().allSatisfy { i, line in line.hasPrefix(Self.numbered(i + 1) + " ") }
        #expect(inOrder, "logs -f printed every line once, in order")
        // `logs` reads the rotated files then the current one: a contiguous run ending at the last line.
        let whole = await E2E.run(["logs", "rot"], in: t)
        let kept = whole.stdout.split(separator: "\n")
        let first = Int(kept.first?.dropFirst(5).prefix(9) ?? "") ?? 0
        #expect(kept.count > 10_000 && first + kept.count - 1 == chunks * perChunk)
        #expect(kept.enumerated().allSatisfy { i, line in line.hasPrefix(Self.numbered(first + i) + " ") })
    }

    @Test func aLongLineIsSplitIntoPartialRecordsAndJoinedByLogs() async {
        let t = await Scratch.admitted()
        let file = t.write("long.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "long"},
             "spec": {"restartPolicy": "Never", "containers": [{"name": "w", "image": "busybox", "command": ["sh", "-c",
               "echo before; head -c 40960 /dev/zero | tr '\\\\0' a; echo; echo after"]}]}}
            """)
        #expect(await E2E.run(["apply", file, "-q"], in: t).status == 0)
        let raw = t.read(t.podDir("long") + "/logs/w/0.log") ?? ""
        let tags = raw.split(separator: "\n").map { $0.split(separator: " ")[2] }
        #expect(tags == ["F", "P", "P", "F", "F"], "CRI records: \(tags)")
        let logs = await E2E.run(["logs", "long"], in: t)
        #expect(logs.stdout == "before\n" + String(repeating: "a", count: 40960) + "\nafter\n")
    }

    @Test func aCrashLoopKeepsTwoInstancesOfLogs() async {
        let t = await Scratch.admitted(seconds: 5)
        let file = t.write("crash.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crash"},
             "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "echo run; exit 1"]}]}}
            """)
        let kl = E2E.start(["apply", file, "-q", "--backoff-initial", "0.001", "--backoff-max", "0.001"], in: t)
        let restarts = 300
        await waitUntil("\(restarts) restarts") {
            (t.podJSON("crash")?.containerStatus("c")?["restartCount"]?.int64Value ?? 0) >= Int64(restarts)
        }
        let (status, _) = await kl.terminate()
        #expect(status == 0)
        let count = Int(t.podJSON("crash")?.containerStatus("c")?["restartCount"]?.int64Value ?? 0)
        let files = Self.names(t.podDir("crash") + "/logs/c")
        #expect(files == ["\(count - 1).log", "\(count).log"].sorted(), "restart count \(count): \(files)")
        let previous = await E2E.run(["logs", "crash", "--previous"], in: t)
        #expect(previous.stdout == "run\n")
    }
}
