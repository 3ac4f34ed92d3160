// kubelet-lite — NetTestSupport.swift
// Helpers for the network client tests: the Python fixture server, raw sockets, a loop driver
// that measures how punctual a 50 ms heartbeat stays while a check runs, and fd accounting.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime

/// A failure of the test scaffolding itself (not of the code under test).
struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// `Fixtures/netserver.py`, started per test and killed (SIGKILL, reaped) by `stop()`.
final class FixtureServer {
    let pid: pid_t
    let port: Int

    init() throws {
        let dir = String(#filePath.prefix(upTo: #filePath.lastIndex(of: "/")!))
        let script = dir + "/Fixtures/netserver.py"
        var fds: [Int32] = [0, 0]
        guard kl_pipe_cloexec(&fds, 0) == 0 else { throw FixtureError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        let python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3"
        let args = [python, script]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawnp(&child, python, &actions, nil, &argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard rc == 0 else { throw FixtureError("posix_spawn python3: \(rc)") }
        pid = child
        // The server prints its port once it listens; a blocking read is fine in a test.
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(fds[0], &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        guard let p = Int(String(decoding: line, as: UTF8.self)) else {
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
            throw FixtureError("fixture server did not start")
        }
        port = p
    }

    func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    func spec(_ path: String, headers: [(name: String, value: String)] = []) -> HTTPRequestSpec {
        HTTPRequestSpec(host: "127.0.0.1", port: port, path: path, headers: headers)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
}

/// What one driven check produced, and how the loop behaved meanwhile.
struct CheckRun {
    var outcome: NetOutcome?
    /// From the factory call to the completion, in seconds.
    var elapsed: Double
    /// Worst lateness of the 50 ms heartbeat, in milliseconds.
    var worstTickLatenessMs: Double
    var ticks: Int
    /// True if the completion ran inside the factory call (it must not).
    var completedSynchronously: Bool
    /// Sockets (`socket:[inode]`) the check held at some loop turn.
    var socketsUsed: Set<String>
    /// Those of them still open after the completion: must be empty. Inodes, not fd counts, so
    /// tests running in parallel elsewhere in the process cannot disturb the check.
    var socketsLeaked: Set<String>
}

/// Runs one check on a fresh loop until its completion (or `guardSeconds`), with a 50 ms
/// repeating timer whose lateness shows whether anything blocked the loop.
func drive(guardSeconds: Double = 5, _ start: (EventLoop, @escaping (NetOutcome) -> Void) -> NetCheck) throws -> CheckRun {
    let loop = try EventLoop(clock: RuntimeClock())
    var outcome: NetOutcome?
    var inFactory = true
    var synchronous = false
    var finishedAt: Instant?
    let began = loop.now()
    var worst: Int64 = 0
    var ticks = 0
    let period = Micros(50_000)
    var nextTick = began + period
    var tickToken: EventLoop.TimerToken?
    func tick() {
        worst = max(worst, (loop.now() - nextTick).value)
        ticks += 1
        nextTick = nextTick + period
        tickToken = loop.schedule(at: nextTick, tick)
    }
    tickToken = loop.schedule(at: nextTick, tick)
    let guardToken = loop.schedule(at: began + Micros(Int64(guardSeconds * 1_000_000))) { loop.stop() }
    // The loop holds these closures and they hold the loop: cancel them so it (and its epoll fd) goes.
    defer {
        loop.cancel(guardToken)
        if let tickToken { loop.cancel(tickToken) }
    }
    var socketsUsed: Set<String> = []
    var check: NetCheck?
    check = start(loop) { result in
        if inFactory { synchronous = true }
        outcome = result
        finishedAt = loop.now()
        loop.stop()
    }
    inFactory = false
    loop.run(afterEach: {
        if let fd = check?.socketForTesting, fd >= 0, let link = fdLink(fd) { socketsUsed.insert(link) }
    })
    check = nil
    let end = finishedAt ?? loop.now()
    let run = CheckRun(outcome: outcome, elapsed: Double((end - began).value) / 1e6,
                    worstTickLatenessMs: Double(worst) / 1000, ticks: ticks, completedSynchronously: synchronous,
                       socketsUsed: socketsUsed, socketsLeaked: socketsUsed.intersection(openSockets()))
    if getenv("KL_NET_TIMINGS") != nil {
        print("timing: \(String(describing: outcome).prefix(110)) elapsed=\(run.elapsed)s worstTick=\(run.worstTickLatenessMs)ms ticks=\(ticks)")
    }
    return run
}

/// Runs the loop for `seconds` (for cancel tests), then returns.
func spin(_ loop: EventLoop, seconds: Double, afterEach: () -> Void = {}) {
    let token = loop.schedule(at: loop.now() + Micros(Int64(seconds * 1_000_000))) { loop.stop() }
    loop.run(afterEach: afterEach)
    loop.cancel(token)
}

/// What `/proc/self/fd/<fd>` points at (`socket:[123]`), or nil if the fd is closed.
func fdLink(_ fd: Int32) -> String? {
    var buf = [CChar](repeating: 0, count: 256)
    let n = readlink("/proc/self/fd/\(fd)", &buf, buf.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The socket fds of this process (link targets `socket:[inode]`).
func openSockets() -> Set<String> {
    var out: Set<String> = []
    guard let dir = opendir("/proc/self/fd") else { return out }
    defer { closedir(dir) }
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if let fd = Int32(name), let target = fdLink(fd), target.hasPrefix("socket:") { out.insert(target) }
    }
    return out
}

/// A TCP listener on 127.0.0.1 with an ephemeral port; `backlog` 0 plus unaccepted clients
/// makes a port whose SYNs are dropped (a connect that can only time out).
final class Listener {
    let fd: Int32
    let port: Int
    private var clients: [Int32] = []

    /// Binds 127.0.0.1 on a free port; listens unless `listening` is false (then a connect is refused).
    init(backlog: Int32 = 16, listening: Bool = true) throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, !listening || listen(s, backlog) == 0, let local = SocketAddress.local(of: s) else {
            _ = Glibc.close(s)
            throw FixtureError("bind/listen failed")
        }
        fd = s
        port = local.port
    }

    /// Connects clients that are never accepted until one no longer completes within 100 ms:
    /// from then on the accept queue is full and the kernel drops new SYNs.
    func fillBacklog() throws {
        for _ in 0..<64 {
            let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            clients.append(c)
            let address = SocketAddress(ipLiteral: "127.0.0.1", port: port)!
            _ = address.withSockaddr { connect(c, $0, $1) }
            var p = pollfd(fd: c, events: Int16(POLLOUT), revents: 0)
            if poll(&p, 1, 100) == 0 { return }
        }
        throw FixtureError("backlog never filled")
    }

    func close() {
        for c in clients { _ = Glibc.close(c) }
        _ = Glibc.close(fd)
    }
}

/// A port of 127.0.0.1 that refuses connections: bound but never listening, and never closed, so
/// that no other process of a busy machine can take it while the test runs (one descriptor each).
func refusedPort() throws -> Int {
    try Listener(listening: false).port
}

/// Seconds → Micros.
func micros(_ seconds: Double) -> Micros { Micros(Int64(seconds * 1_000_000)) }
