// kubelet-lite — ScenarioSupport.swift (end-to-end)
// Shared by the probe, hook, adversarial and tutorial suites: the `srv` and `lc` fixtures of
// scenarios.md, free ports, wall-clock timestamps, events as records, and time windows.
//
// Timings are taken from timestamps the product, a fixture or the pod wrote, never from when a
// poll noticed something. Windows (scenarios.md "Tolerances") are asserted in two halves:
// a lower bound ("never early") exactly, since load only makes things later; an upper bound with
// `E2E.slack` of room for a loaded machine, and only as far as it tells the right behaviour from
// a wrong one. The precise latencies are figures of `make bench` (Tests/Bench/bench.py).

import Glibc
import KubeletLiteModel
import Testing

extension E2E {
    /// Room an upper bound leaves for a loaded machine: the suite runs many pods at once on 2
    /// cores, beside other builds and busy loops, and a debug build of kubelet-lite was seen a few
    /// seconds late there. Bounds are checked after the wait for the event, so a generous one costs
    /// no time; where a bound must tell two behaviours apart, the scenario keeps them further apart.
    static let slack = 10.0
}

enum Fixture {
    static let directory: String = {
        let file = #filePath
        return String(file[..<file.lastIndex(of: "/")!]) + "/Fixtures"
    }()

    /// The python that containers find in their fixed PATH, for processes the test itself starts.
    static let python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "/usr/local/bin/python3"

    /// Copies `srv.py`, `lc.sh` and `h2grpc.py` into the scratch directory, as the scenarios' harness does.
    static func install(_ t: Scratch) {
        for name in ["srv.py", "lc.sh", "h2grpc.py"] {
            _ = t.write(name, E2E.readFile(directory + "/" + name))
        }
    }

    /// A postStart hook that returns once the container's `srv` listens on `{port}`: probes do not
    /// run while postStart runs (spec §8.1), so the first probe finds the server ready however
    /// long python takes to start. Nothing else about the pod changes: no event, no status.
    static func awaitListening(_ port: String = "{P1}") -> String {
        #""lifecycle": {"postStart": {"exec": {"command": ["python3", "{T}/srv.py", "await", "PORT"]}}}"#
            .replacingOccurrences(of: "PORT", with: port)
    }

    /// A postStart hook that returns once `file` exists: a container's own first step (writing the
    /// file its probe reads) is done before any probe runs, however late load starts its shell.
    static func awaitFile(_ file: String) -> String {
        #""lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "until [ -e FILE ]; do sleep 0.01; done"]}}}"#
            .replacingOccurrences(of: "FILE", with: file)
    }

    /// A TCP port on 127.0.0.1 that nothing uses now and that no other test of this run gets.
    ///
    /// Taken below the kernel's ephemeral range (net.ipv4.ip_local_port_range): a port from
    /// `bind(0)` is ephemeral, and once released the kernel may give it to any outgoing connection
    /// (a probe's, a hook's) before the pod's server binds it — a loaded run saw srv restart on
    /// "address already in use". Below the range only an explicit bind can take it.
    static func freePort() -> Int {
        let range = E2E.readFile("/proc/sys/net/ipv4/ip_local_port_range").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        let ephemeralStart = range.first.flatMap { Int($0) } ?? 32768
        let low = 10_000, high = min(ephemeralStart, 30_000)
        precondition(high - low > 1000, "no room below the ephemeral ports (\(ephemeralStart))")
        while true {
            let port = Int.random(in: low..<high)
            // 18081–18084 are the examples' own ports, which a copy of them may be using.
            guard !(18_000..<18_100).contains(port), PortRegistry.shared.claim(port), canBind(port) else { continue }
            return port
        }
    }

    /// Whether a listening socket can be bound to `port` on 127.0.0.1 right now.
    private static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// The ports `Fixture.freePort` gave out in this run: never twice.
final class PortRegistry: @unchecked Sendable {
    static let shared = PortRegistry()
    private var mutex = pthread_mutex_t()
    private var given: Set<Int> = []

    init() { pthread_mutex_init(&mutex, nil) }

    /// Whether `port` was not given out before (it is from now on).
    func claim(_ port: Int) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return given.insert(port).inserted
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

/// One Event: an occurrence printed by `apply -o json` (a repeat is a new line with the same name
/// and count + 1), or a series of events.jsonl.
struct Ev: CustomStringConvertible {
    let pod: String
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
        pod = j["involvedObject"]?["name"]?.stringValue ?? ""
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
    /// Every occurrence of a pod's events, in order, as the test's `apply -o json` runs printed
    /// them; without such a run, the series of events.jsonl.
    func ev(_ pod: String) -> [Ev] {
        guard !occurrenceLogs.isEmpty else { return events(pod).compactMap(Ev.init) }
        return occurrenceLogs.flatMap { path -> [Ev] in
            let text = E2E.readFile(path)
            let complete = text.lastIndex(of: "\n").map { text[...$0] } ?? ""
            return complete.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }.compactMap(Ev.init)
        }.filter { $0.pod == pod }
    }

    /// Occurrences of `reason` whose message starts with `prefix`.
    func ev(_ pod: String, _ reason: String, _ prefix: String = "") -> [Ev] {
        ev(pod).filter { $0.reason == reason && $0.message.hasPrefix(prefix) }
    }

    /// The events before the pod's stop (its first `Killing` "Stopping container …"). A probe in
    /// flight when the stop kills its target still reports, as upstream's prober does: after that
    /// point "never unhealthy" is not the scenario's to say.
    func evBeforeStop(_ pod: String) -> [Ev] {
        Array(ev(pod).prefix { !($0.reason == "Killing" && $0.message.hasPrefix("Stopping container")) })
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

    /// When the first instance of a container started: its first `Started` event.
    func firstStart(_ pod: String, _ container: String, sourceLocation: SourceLocation = #_sourceLocation) async -> Double? {
        var at: Double?
        await waitUntil("\(pod): a Started event for \(container)", sourceLocation: sourceLocation) {
            at = self.ev(pod, "Started").first { $0.fieldPath.hasSuffix("{\(container)}") }?.last
            return at != nil
        }
        return at
    }

    /// Lines container `container` wrote to its CRI log (instance `instance`), with their timestamps.
    func logLines(_ pod: String, _ container: String, instance: Int = 0) -> [(at: Double, text: String)] {
        lines(read(podDir(pod) + "/logs/\(container)/\(instance).log")).compactMap { l in
            let f = l.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard f.count == 4, let at = epoch(String(f[0])) else { return nil }
            return (at, String(f[3]))
        }
    }

    /// When container `container` first logged a line containing `text`.
    func loggedAt(_ pod: String, _ container: String, _ text: String, instance: Int = 0) -> Double? {
        logLines(pod, container, instance: instance).first { $0.text.contains(text) }?.at
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
    /// The read end of the process's stdout, if it was asked for.
    private var stdoutPipe: Int32 = -1

    init(_ argv: [String], stdoutPipe: Bool = false) {
        var fds: [Int32] = [-1, -1]
        if stdoutPipe { fds = closeOnExecPipe()! }
        // A session of its own, so that the whole process group is killed at the end.
        let p = spawnTestProcess(argv, streams: [.file("/dev/null", flags: O_RDONLY),
                                                 stdoutPipe ? .descriptor(fds[1]) : .file("/dev/null", flags: O_WRONLY)],
                                 scratch: nil, setsid: true)
        if stdoutPipe {
            close(fds[1])
            self.stdoutPipe = fds[0]
        }
        pid = p
    }

    deinit {
        if stdoutPipe >= 0 { close(stdoutPipe) }
        kill(-pid, SIGKILL)
        var st: Int32 = 0
        waitpid(pid, &st, 0)
    }

    /// The first line the process writes to its stdout (nil at end of file or after `deadline` seconds).
    func firstLine(deadline: Double) async -> String? {
        let fd = stdoutPipe
        return await offPool {
            let end = E2E.now() + deadline
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while E2E.now() < end {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&p, 1, Int32(max(1, (end - E2E.now()) * 1000))) > 0 else { continue }
                guard read(fd, &byte, 1) == 1 else { return nil }
                if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
                line.append(byte)
            }
            return nil
        }
    }

    /// `python3 {T}/srv.py MODE 0 {T}`: returns once it listens, with the port it bound (srv prints
    /// the port on its stdout after `listen`).
    static func srv(_ t: Scratch, _ mode: String, sourceLocation: SourceLocation = #_sourceLocation) async -> (Background, Int) {
        let b = Background([Fixture.python, t.path + "/srv.py", mode, "0", t.path], stdoutPipe: true)
        let port = Int(await b.firstLine(deadline: E2E.deadline) ?? "") ?? 0
        #expect(port > 0, "srv \(mode) did not say it listens", sourceLocation: sourceLocation)
        return (b, port)
    }
}

/// The status of `GET http://127.0.0.1:port/path` (HTTP/1.0), or 0 if nothing answered.
/// Plain sockets, no process: the answer comes as soon as the server gives it.
func httpStatus(port: Int, path: String) async -> Int {
    await offPool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return 0 }
        let request = "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        guard request.withCString({ send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }) > 0 else { return 0 }
        var head: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 512)
        while head.count < 12 {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            head += buf[0..<n]
        }
        // "HTTP/1.0 200 OK"
        let fields = String(decoding: head, as: UTF8.self).split(separator: " ")
        return fields.count > 1 ? Int(fields[1]) ?? 0 : 0
    }
}

/// Processes of the process group `pgrp` whose command line contains `needle`.
func processes(inGroup pgrp: pid_t, matching needle: String) -> [pid_t] {
    processes(matching: needle) { _, group in group == pgrp }
}

/// Live children of `parent` whose command line contains `needle`.
func processes(withParent parent: pid_t, matching needle: String) -> [pid_t] {
    processes(matching: needle) { ppid, _ in ppid == parent }
}

/// Live processes whose (parent, process group) satisfy `select` and whose command line contains `needle`.
func processes(matching needle: String, _ select: (_ ppid: pid_t?, _ pgrp: pid_t?) -> Bool) -> [pid_t] {
    guard let dir = opendir("/proc") else { return [] }
    defer { closedir(dir) }
    var found: [pid_t] = []
    while let e = readdir(dir) {
        let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let pid = Int32(name), E2E.isAlive(pid) else { continue }
        let stat = E2E.readFile("/proc/\(pid)/stat")
        guard let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 3, select(Int32(fields[1]), Int32(fields[2])) else { continue }
        let cmd = E2E.readFile("/proc/\(pid)/cmdline").map { $0 == "\0" ? " " : $0 }
        if String(cmd).contains(needle) { found.append(pid) }
    }
    return found
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
}

/// Whether `times` (at least 3) come one per `period`, as a prober on a fixed grid makes them: some
/// gap of at least 0.6 period (a prober that doubled its runs has none: load would have to make
/// every run later than the one after it), and on average no more than 1.5 periods apart plus the
/// slack spread over the gaps (a prober that waited for a default period is far outside).
func onePerPeriod(_ times: [Double], period: Double) -> Bool {
    guard times.count >= 3, let first = times.first, let last = times.last else { return false }
    let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
    let mean = (last - first) / Double(times.count - 1)
    return (gaps.max() ?? 0) >= 0.6 * period && mean < 1.5 * period + E2E.slack / Double(times.count - 1)
}

/// The times in a file of `<epoch-ms> ...` lines (`date +%s%3N >>file`).
func stamps(_ text: String?) -> [Double] { lines(text).compactMap(epochMillis) }
