// kubelet-lite — ScenarioSupport.swift (end-to-end)
// Shared by the probe, hook, adversarial and tutorial suites: the `srv` and `lc` fixtures of
// scenarios.md, free ports, wall-clock timestamps, events as records, and async waiting.
//
// Waiting is async (Task.sleep) so that many slow scenarios can wait side by side; timings are
// taken from timestamps the product or the pod wrote, never from when a poll noticed something.

import Glibc
import KubeletLiteModel
import Testing

enum Fixture {
    static let directory: String = {
        let file = #filePath
        return String(file[..<file.lastIndex(of: "/")!]) + "/Fixtures"
    }()

    /// The python that containers find in their fixed PATH, for processes the test itself starts.
    static let python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "/usr/local/bin/python3"

    /// Copies `srv.py` and `lc.sh` into the scratch directory, as the scenarios' harness does.
    static func install(_ t: Scratch) {
        for name in ["srv.py", "lc.sh"] {
            _ = t.write(name, E2E.readFile(directory + "/" + name))
        }
    }

    /// A TCP port nothing listens on right now (bound to port 0 and released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// Wall-clock seconds since the epoch: the clock of status and event timestamps and of `date +%s%3N`.
func wallNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// `2026-11-29T01:42:06.518093Z` → seconds since the epoch.
func epoch(_ text: String?) -> Double? {
    guard let text, text.hasSuffix("Z") else { return nil }
    let parts = text.dropLast().split(whereSeparator: { "-T:".contains($0) })
    guard parts.count == 6, let y = Int32(parts[0]), let mo = Int32(parts[1]), let d = Int32(parts[2]),
          let h = Int32(parts[3]), let mi = Int32(parts[4]), let s = Double(parts[5]) else { return nil }
    var tm = Glibc.tm()
    tm.tm_year = y - 1900
    tm.tm_mon = mo - 1
    tm.tm_mday = d
    tm.tm_hour = h
    tm.tm_min = mi
    tm.tm_sec = 0
    return Double(timegm(&tm)) + s
}

/// `<epoch-ms> ...` lines (lc's log, srv's requests, `date +%s%3N` files) → seconds.
func epochMillis(_ line: Substring) -> Double? {
    guard let first = line.split(separator: " ").first, let ms = Double(first) else { return nil }
    return ms / 1000
}

func lines(_ text: String?) -> [Substring] { (text ?? "").split(separator: "\n") }

/// Runs blocking `body` on a thread of its own and awaits its result. The synchronous suites block
/// the cooperative pool (two threads on two cores) for seconds at a time; polling and timing done
/// here keep their pace whatever the pool does.
func offPool<T: Sendable>(_ body: @escaping () -> T) async -> T {
    let job = ThreadJob<T>(body)
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in job.start(c) }
    return job.result!
}

private final class ThreadJob<T>: @unchecked Sendable {
    let body: () -> T
    var result: T?
    var done: CheckedContinuation<Void, Never>?

    init(_ body: @escaping () -> T) { self.body = body }

    func start(_ c: CheckedContinuation<Void, Never>) {
        done = c
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, threadMain, Unmanaged.passRetained(self as AnyObject).toOpaque())
        precondition(rc == 0, "pthread_create: \(rc)")
        pthread_detach(tid)
    }

    func run() {
        result = body()
        done?.resume()
    }
}

private protocol Runnable: AnyObject { func run() }
extension ThreadJob: Runnable {}

private func threadMain(_ p: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    (Unmanaged<AnyObject>.fromOpaque(p!).takeRetainedValue() as? any Runnable)?.run()
    return nil
}

/// What the live part of a scenario saw. The live part (start, polling, signals, waits) runs as
/// plain blocking code on a thread of its own (`live`); the test asserts on this record afterwards.
struct Live: Sendable {
    var ok: [String: Bool] = [:]
    var at: [String: Double] = [:]
    var list: [String: [String]] = [:]
    var status: Int32?
    var stdout = ""
    var stderr = ""

    subscript(_ key: String) -> Bool {
        get { ok[key] ?? false }
        set { ok[key] = newValue }
    }
}

func live(_ body: @escaping (inout Live) -> Void) async -> Live {
    await offPool {
        var l = Live()
        body(&l)
        return l
    }
}

/// Blocking poll for live parts: `condition` every `every` seconds for up to `timeout` seconds.
@discardableResult
func until(_ timeout: Double, every: Double = 0.05, _ condition: () -> Bool) -> Bool {
    let deadline = E2E.now() + timeout
    while E2E.now() < deadline {
        if condition() { return true }
        usleep(UInt32(every * 1e6))
    }
    return condition()
}

extension Supervisor {
    /// Live parts: SIGTERM, then the exit; records `status`, `stdout`, `stderr`, and `took` (seconds).
    func terminate(_ l: inout Live, within timeout: Double = 5) {
        let sent = E2E.now()
        signal(SIGTERM)
        l.status = wait(timeout: timeout)
        l.at["took"] = E2E.now() - sent
        l.at["gone"] = wallNow()
        finish(&l)
    }

    /// Live parts: records the output (and the status if it already exited).
    func finish(_ l: inout Live) {
        if l.status == nil { l.status = wait(timeout: 0.01) }
        l.stdout = stdout
        l.stderr = stderr
    }
}

/// Sleeps without holding a thread of the cooperative pool.
func pause(_ seconds: Double) async {
    try? await Task.sleep(nanoseconds: UInt64(max(seconds, 0) * 1e9))
}

/// Polls `condition` every `every` seconds for up to `timeout` seconds, off the cooperative pool.
@discardableResult
func waitUntil(_ timeout: Double, every: Double = 0.05, _ condition: @escaping () -> Bool) async -> Bool {
    await offPool {
        let deadline = E2E.now() + timeout
        while E2E.now() < deadline {
            if condition() { return true }
            usleep(UInt32(every * 1e6))
        }
        return condition()
    }
}

extension Supervisor {
    /// The exit status, waiting up to `timeout` seconds; nil if still running.
    func exit(within timeout: Double) async -> Int32? {
        await offPool { self.wait(timeout: timeout) }
    }

    /// The exit status and the wall-clock time the exit was seen (within 5 ms).
    func exitTimed(within timeout: Double) async -> (status: Int32?, at: Double) {
        await offPool { (self.wait(timeout: timeout), wallNow()) }
    }

    /// SIGTERM (a delete), then the exit status and how long the exit took after the signal.
    func terminate(within timeout: Double) async -> (status: Int32?, took: Double) {
        await offPool {
            let sent = E2E.now()
            self.signal(SIGTERM)
            let status = self.wait(timeout: timeout)
            return (status, E2E.now() - sent)
        }
    }
}

/// One line of events.jsonl (a repeat is a new line with the same name and count + 1).
struct Ev: CustomStringConvertible {
    let name: String
    let type: String
    let reason: String
    let message: String
    let count: Int
    let first: Double
    let last: Double
    let fieldPath: String

    init?(_ j: JSONValue) {
        guard let reason = j["reason"]?.stringValue else { return nil }
        name = j["metadata"]?["name"]?.stringValue ?? ""
        type = j["type"]?.stringValue ?? ""
        self.reason = reason
        message = j["message"]?.stringValue ?? ""
        count = Int(j["count"]?.int64Value ?? 0)
        first = epoch(j["firstTimestamp"]?.stringValue) ?? 0
        last = epoch(j["lastTimestamp"]?.stringValue) ?? 0
        fieldPath = j["involvedObject"]?["fieldPath"]?.stringValue ?? ""
    }

    var description: String { "\(type) \(reason) x\(count) \(message)" }
}

extension Scratch {
    /// Every event line of a pod, in order.
    func ev(_ pod: String) -> [Ev] { events(pod).compactMap(Ev.init) }

    /// Occurrences of `reason` whose message starts with `prefix`.
    func ev(_ pod: String, _ reason: String, _ prefix: String = "") -> [Ev] {
        ev(pod).filter { $0.reason == reason && $0.message.hasPrefix(prefix) }
    }

    /// Writes a manifest after substituting `{T}` and each `{KEY}` of `values`.
    func manifest(_ text: String, _ values: [String: Any] = [:], file: String = "p.json") -> String {
        var body = text
        for (k, v) in values { body = body.replacingOccurrences(of: "{\(k)}", with: "\(v)") }
        return write(file, body)
    }

    func status(_ pod: String, _ container: String) -> JSONValue? { podJSON(pod)?.containerStatus(container) }

    func restarts(_ pod: String, _ container: String) -> Int {
        Int(status(pod, container)?["restartCount"]?.int64Value ?? 0)
    }

    /// `state.running.startedAt` of the current instance.
    func startedAt(_ pod: String, _ container: String) -> Double? {
        epoch(status(pod, container)?["state"]?["running"]?["startedAt"]?.stringValue)
    }

    /// When the first instance of a container started: its first `Started` event (waits up to 5 s).
    func firstStart(_ pod: String, _ container: String) -> Double? {
        var at: Double?
        until(5) {
            at = self.ev(pod, "Started").first { $0.fieldPath.hasSuffix("{\(container)}") }?.last
            return at != nil
        }
        return at
    }

    func isReady(_ pod: String) -> Bool { podJSON(pod)?.condition("Ready")?["status"] == .string("True") }

    /// A pid the pod wrote to a file (`echo $$$$ > {T}/x`).
    func pid(_ file: String) -> pid_t? { Int32(lines(read(file)).first.map(String.init) ?? "") }
}

extension JSONValue {
    var isTrue: Bool { self == .bool(true) }
}

/// A process the test starts itself (the "hook handler pod" of upstream tests); killed at the end.
final class Background {
    let pid: pid_t

    init(_ argv: [String]) {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attr, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let args: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var env: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/local/bin:/usr/bin:/bin"), nil]
        var p: pid_t = 0
        let rc = posix_spawn(&p, argv[0], &actions, &attr, args, &env)
        precondition(rc == 0, "cannot start \(argv[0]): \(rc)")
        for a in args { free(a) }
        for e in env { free(e) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attr)
        pid = p
    }

    deinit {
        kill(-pid, SIGKILL)
        var st: Int32 = 0
        waitpid(pid, &st, 0)
    }

    /// `python3 {T}/srv.py MODE 0 {T}`: waits for the port it bound and returns it.
    static func srv(_ t: Scratch, _ mode: String) async -> (Background, Int) {
        let b = Background([Fixture.python, t.path + "/srv.py", mode, "0", t.path])
        var port = 0
        await waitUntil(10) {
            port = Int(lines(t.read("port")).first.map(String.init) ?? "") ?? 0
            return port > 0
        }
        #expect(port > 0, "srv \(mode) did not start")
        return (b, port)
    }
}

/// Processes of the process group `pgrp` whose command line contains `needle`.
func processes(inGroup pgrp: pid_t, matching needle: String) -> [pid_t] {
    guard let dir = opendir("/proc") else { return [] }
    defer { closedir(dir) }
    var found: [pid_t] = []
    while let e = readdir(dir) {
        let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let pid = Int32(name), E2E.isAlive(pid) else { continue }
        let stat = E2E.readFile("/proc/\(pid)/stat")
        guard let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 3, Int32(fields[2]) == pgrp else { continue }
        let cmd = E2E.readFile("/proc/\(pid)/cmdline").map { $0 == "\0" ? " " : $0 }
        if String(cmd).contains(needle) { found.append(pid) }
    }
    return found
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
}
