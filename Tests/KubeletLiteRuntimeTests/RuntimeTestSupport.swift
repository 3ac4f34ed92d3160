// kubelet-lite — RuntimeTestSupport.swift
// Helpers for the runtime's own tests: a loop driven until a condition, pipes, /proc readers.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

/// Runs `loop` until `done()` holds after a wake-up, or until `timeout` seconds (a failure bound only).
/// Returns whether `done()` held.
@discardableResult
func drive(_ loop: EventLoop, timeout: Double = 10, until done: () -> Bool) -> Bool {
    if done() { return true }
    var timedOut = false
    let bound = loop.schedule(at: loop.now() + Micros(Int64(timeout * 1e6))) { timedOut = true }
    loop.run {
        if timedOut || done() { loop.stop() }
    }
    loop.cancel(bound)
    return done()
}

/// A pipe whose ends the test owns; both close-on-exec, the read end non-blocking if asked.
struct TestPipe {
    let read: Int32
    let write: Int32

    init(nonblockingRead: Bool = true) {
        var fds: [Int32] = [-1, -1]
        precondition(kl_pipe_cloexec(&fds, nonblockingRead ? 1 : 0) == 0, "pipe2")
        read = fds[0]
        write = fds[1]
    }

    func close() {
        Glibc.close(read)
        Glibc.close(write)
    }

    /// Everything readable now (the read end must be non-blocking).
    func drain() -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(read, $0.baseAddress, $0.count) }
            if n <= 0 { return out }
            out += buffer[0..<n]
        }
    }
}

/// Waits for one specific child (never `waitpid(-1)`: tests run in parallel in this process).
func reapChild(_ pid: pid_t) -> ProcessExit {
    var status: Int32 = 0
    _ = retryingOnInterrupt { waitpid(pid, &status, 0) }
    return ProcessExit(waitStatus: status)
}

/// A field of `/proc/<pid>/status` (`SigBlk`, `PPid` ...), or nil.
func procStatus(_ pid: pid_t, _ field: String) -> String? {
    guard let bytes = readFile("/proc/\(pid)/status") else { return nil }
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(field + ":") {
        return line.dropFirst(field.count + 1).trimmingCharacters()
    }
    return nil
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// Whether `pid` exists and is not a zombie.
func isRunning(_ pid: pid_t) -> Bool {
    guard let state = procStatus(pid, "State") else { return false }
    return !state.hasPrefix("Z") && !state.hasPrefix("X")
}

let cleanEnvironment: [(name: String, value: String)] = [("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")]

/// Checks `condition` until it holds or `seconds` pass: for facts no event announces (another
/// process's exit when it is not our child). The deadline is a failure bound only.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let clock = RuntimeClock()
    let deadline = clock.now() + Micros(Int64(seconds * 1e6))
    while !condition() {
        if clock.now() > deadline { return false }
        usleep(2000)
    }
    return true
}
