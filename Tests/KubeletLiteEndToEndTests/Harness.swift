// kubelet-lite — Harness.swift (end-to-end)
// Runs the built kubelet-lite binary as a user would, with a scratch directory and state dir per test.

import Glibc
import KubeletLiteModel
import Testing

/// A scratch directory for one test, removed when the test ends.
final class Scratch {
    let path: String

    init() {
        var template = Array("/tmp/kl-e2e-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: p!)
    }

    deinit { _ = system("rm -rf '\(path)'") }

    var state: String { path + "/state" }

    /// Writes a manifest, substituting `{T}` with this directory.
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        let body = text.replacingOccurrences(of: "{T}", with: path)
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = body.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
        return file
    }

    func read(_ name: String) -> String? {
        let file = name.hasPrefix("/") ? name : path + "/" + name
        guard access(file, F_OK) == 0 else { return nil }
        return E2E.readFile(file)
    }

    func podDir(_ name: String, namespace: String = "default") -> String { "\(state)/pods/\(namespace)_\(name)" }

    /// The pod.json of a pod, parsed.
    func podJSON(_ name: String) -> JSONValue? {
        guard let text = read(podDir(name) + "/pod.json") else { return nil }
        return try? JSONParser.parse(text)
    }

    /// Every line of events.jsonl, parsed.
    func events(_ name: String) -> [JSONValue] {
        (read(podDir(name) + "/events.jsonl") ?? "").split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    func range(of target: String) -> Range<String.Index>? { self[...].range(of: target) }
}

extension Substring {
    func range(of target: String) -> Range<String.Index>? {
        guard !target.isEmpty, count >= target.count else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}

extension String {
    func contains(_ s: String) -> Bool { range(of: s) != nil }
}

/// A kubelet-lite process started by a test.
final class Supervisor {
    let pid: pid_t
    let outPath: String
    let errPath: String
    private(set) var status: Int32?

    init(pid: pid_t, outPath: String, errPath: String) {
        self.pid = pid
        self.outPath = outPath
        self.errPath = errPath
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var st: Int32 = 0
            waitpid(pid, &st, 0)
        }
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Waits for the exit; returns the exit status (128+n for a signal), or nil on timeout.
    @discardableResult
    func wait(timeout: Double) -> Int32? {
        if let status { return status }
        let deadline = E2E.now() + timeout
        var st: Int32 = 0
        while E2E.now() < deadline {
            let r = waitpid(pid, &st, WNOHANG)
            if r == pid {
                status = (st & 0x7f) == 0 ? (st >> 8) & 0xff : 128 + (st & 0x7f)
                return status
            }
            usleep(5000)
        }
        return nil
    }

    var stdout: String { E2E.readFile(outPath) }
    var stderr: String { E2E.readFile(errPath) }
}

/// Runs the binary built next to this test bundle.
enum E2E {
    static let binary: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let exe = String(cString: Array(buffer[0..<max(n, 0)]) + [0])
        var dir = String(exe[..<(exe.lastIndex(of: "/") ?? exe.endIndex)])
        // The test bundle may sit inside .build/<config>/<name>.xctest/...; walk up to the binary.
        while !dir.isEmpty && access(dir + "/kubelet-lite", X_OK) != 0 {
            dir = String(dir[..<(dir.lastIndex(of: "/") ?? dir.startIndex)])
        }
        return dir + "/kubelet-lite"
    }()

    static let examples: String = {
        var dir = #filePath
        for _ in 0..<3 { dir = String(dir[..<dir.lastIndex(of: "/")!]) }
        return dir + "/examples"
    }()

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func readFile(_ path: String) -> String {
        guard let f = fopen(path, "r") else { return "" }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Starts `kubelet-lite ARGS` with stdout/stderr to files in `scratch`.
    static func start(_ args: [String], in scratch: Scratch, stdin: String? = nil, stdoutFD: Int32? = nil) -> Supervisor {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let out = scratch.path + "/out-\(tag)"
        let err = scratch.path + "/err-\(tag)"
        var inPath = "/dev/null"
        if let stdin { inPath = scratch.write("in-\(tag)", stdin) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        if let stdoutFD {
            posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + args).map { strdup($0) } + [nil]
        let envStrings = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                          "KUBELET_LITE_STATE_DIR=\(scratch.state)"]
        var env: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, &attr, argv, &env)
        precondition(rc == 0, "cannot start \(binary): \(rc)")
        for p in argv { free(p) }
        for p in env { free(p) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attr)
        return Supervisor(pid: pid, outPath: out, errPath: err)
    }

    /// Runs to completion; fails the test on timeout.
    static func run(_ args: [String], in scratch: Scratch, stdin: String? = nil, timeout: Double = 30)
        -> (status: Int32, stdout: String, stderr: String) {
        let s = start(args, in: scratch, stdin: stdin)
        let status = s.wait(timeout: timeout)
        #expect(status != nil, "kubelet-lite \(args.joined(separator: " ")) did not finish in \(timeout) s")
        return (status ?? -1, s.stdout, s.stderr)
    }

    /// Waits until `condition` holds (checking every 10 ms), up to `timeout` seconds.
    @discardableResult
    static func eventually(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = now() + timeout
        while now() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// Whether `pid` still exists as a live (not zombie) process.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let f = fopen("/proc/\(pid)/stat", "r") else { return false }
        defer { fclose(f) }
        var buf = [CChar](repeating: 0, count: 512)
        guard fgets(&buf, 512, f) != nil else { return false }
        let line = buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard let close = line.lastIndex(of: ")") else { return false }
        let state = line[line.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    static var isRoot: Bool { geteuid() == 0 }
}

extension JSONValue {
    /// `status.containerStatuses[name]` (or an init container's).
    func containerStatus(_ name: String) -> JSONValue? {
        let all = (self["status"]?["containerStatuses"]?.arrayValue ?? [])
            + (self["status"]?["initContainerStatuses"]?.arrayValue ?? [])
        return all.first { $0["name"]?.stringValue == name }
    }

    var phase: String? { self["status"]?["phase"]?.stringValue }

    func condition(_ type: String) -> JSONValue? {
        self["status"]?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }
}
