// kubelet-lite — FixtureProcess.swift
// Python fixture servers for the real-peer tests: started per test, ready when they print their
// ports, killed and reaped by `stop()`. A fixture that lacks its Python packages says SKIP.

import CKubeletLiteShims
import Glibc
import Testing

/// A failure of the test scaffolding itself (not of the code under test).
struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A running fixture: its pid, the words of its READY line, and a reader for later lines.
final class FixtureProcess {
    let pid: pid_t
    private let output: Int32
    private var pending: [UInt8] = []
    /// The words after READY (ports).
    private var readyWords: [String] = []

    /// Why a fixture could not run (its SKIP line), or nil when it started.
    enum Start { case started(FixtureProcess), skipped(String) }

    static func fixturePath(_ name: String) -> String {
        let file = #filePath
        let dir = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        return dir + "/Fixtures/" + name
    }

    /// Runs the fixture with the first Python that has what it needs (`python3` from PATH, then
    /// the system's), and waits for READY; `Test.cancel`s the test with the SKIP reason otherwise.
    static func startOrSkip(_ script: String, _ args: [String] = []) throws -> FixtureProcess {
        var reasons: [String] = []
        for python in ["python3", "/usr/bin/python3", "/usr/local/bin/python3"] {
            switch try start(script, args, python: python) {
            case .started(let process): return process
            case .skipped(let why): reasons.append(why)
            }
        }
        try Test.cancel(Comment(rawValue: reasons.first ?? "no python3"))
    }

    /// Runs `python Fixtures/<script> args` and waits (at most 30 s) for its READY or SKIP line.
    static func start(_ script: String, _ args: [String] = [], python: String) throws -> Start {
        var fds: [Int32] = [0, 0]
        guard kl_pipe_cloexec(&fds, 0) == 0 else { throw FixtureError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        let argv0 = [python, fixturePath(script)] + args
        var argv: [UnsafeMutablePointer<CChar>?] = argv0.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawnp(&child, python, &actions, nil, &argv, environ)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            return .skipped("\(python) could not be started (posix_spawnp: \(rc))")
        }
        let process = FixtureProcess(pid: child, output: fds[0])
        guard let line = process.readLine(timeoutMs: 30_000) else {
            process.stop()
            throw FixtureError("\(script) printed nothing")
        }
        let words = line.split(separator: " ").map(String.init)
        if words.first == "SKIP" {
            process.stop()
            return .skipped(String(line.dropFirst(5)))
        }
        guard words.first == "READY" else {
            process.stop()
            throw FixtureError("\(script) said \(line)")
        }
        process.readyWords = Array(words.dropFirst())
        return .started(process)
    }

    private init(pid: pid_t, output: Int32) {
        self.pid = pid
        self.output = output
    }

    /// The port the fixture printed at `index` after READY.
    func port(_ index: Int = 0) -> Int { index < readyWords.count ? Int(readyWords[index]) ?? 0 : 0 }

    /// The next output line, or nil after `timeoutMs` without one.
    func readLine(timeoutMs: Int32) -> String? {
        while true {
            if let nl = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeFirst(nl + 1)
                return line
            }
            var p = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, timeoutMs) == 1 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = read(output, &chunk, chunk.count)
            guard n > 0 else { return nil }
            pending += chunk[0..<n]
        }
    }

    /// SIGKILL and reap: nothing is left running after a test.
    func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(output)
    }
}

/// Monotonic seconds, for deadlines in the blocking test drivers.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Sleeps until the monotonic time `t` (test drivers emulate the loop's timers this way).
func sleepUntil(_ t: Double) {
    let left = t - monotonicSeconds()
    guard left > 0 else { return }
    var ts = timespec()
    ts.tv_sec = Int(left)
    ts.tv_nsec = Int((left - Double(Int(left))) * 1e9)
    nanosleep(&ts, nil)
}

/// A blocking TCP connection to 127.0.0.1 (test code: the runtime's loop never blocks).
func connectLoopback(_ port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return nil }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard rc == 0 else {
        close(fd)
        return nil
    }
    return fd
}

/// Writes all of `bytes` (blocking).
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard n > 0 else { return false }
        sent += n
    }
    return true
}

/// A port on 127.0.0.1 with nothing listening (bound, then closed).
func unusedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in bind(fd, p, len) == 0 ? getsockname(fd, p, &len) : -1 }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}
