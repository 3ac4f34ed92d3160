// kubelet-lite — Harness.swift (end-to-end)
// Runs the built kubelet-lite binary as a user would, with a scratch directory and state dir per test.
//
// How these tests wait (style.md §3; Waiting.swift): never for a time. Every wait is `waitUntil(what, deadline:)`
// on an observable fact — a file a fixture wrote once it was ready, a status field, an event line,
// a process gone — and the deadline is only a failure bound. The exit of a started process is seen
// by a thread blocked in waitpid, so its time is the reaping time, not the time a poll noticed.

import Glibc
import KubeletLiteModel
import Testing

/// A scratch directory for one test, removed when the test ends.
final class Scratch {
    let path: String
    /// Whether this test holds one of the suite's pod slots (`admitted()`), given back at the end.
    private var slotsHeld = 0
    /// The last text read of each pod's pod.json and events.jsonl, with what it parsed to: waits
    /// read them every poll, and parse only what changed.
    private var podCache: [String: (text: String, value: JSONValue?)] = [:]
    private var eventCache: [String: (text: String, values: [JSONValue])] = [:]
    /// The stdout files of the `apply -o json` runs this test started: one Event a line for every
    /// occurrence, where events.jsonl keeps one line per series (`ev` reads these when there are any).
    var occurrenceLogs: [String] = []

    init() {
        var template = Array("/tmp/kl-e2e-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: p!)
    }

    /// A scratch directory for a test that runs pods: it waits for one of `E2E.podSlots` first, so
    /// that the suite never runs more pods at once than a 2-core machine serves in good time.
    /// - Parameter seconds: about how long the test takes on an idle machine, if long: the longest
    ///   tests get slots first, so that the suite ends soon after its longest test.
    static func admitted(seconds: Double = 0) async -> Scratch {
        await E2E.podSlots.acquire(priority: seconds)
        let t = Scratch()
        t.slotsHeld = 1
        return t
    }

    /// A scratch directory for a test that must run no pod beside its own: it takes every slot at
    /// once, when all are free and no other test waits for one.
    static func alone() async -> Scratch {
        await E2E.podSlots.acquireAll()
        let t = Scratch()
        t.slotsHeld = E2E.podSlots.count
        return t
    }

    deinit {
        _ = system("rm -rf '\(path)'")
        for _ in 0..<slotsHeld { E2E.podSlots.release() }
    }

    var state: String { path + "/state" }

    /// Writes a manifest, substituting `{T}` with this directory.
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        let body = text.replacingOccurrences(of: "{T}", with: path)
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        _ = body.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
        return file
    }

    /// Installs a copy of `source` here as the program `name`, written by install(1), never by this
    /// process: a file the test process writes could still be open for writing in a process another
    /// test is starting (its copy of our descriptors lives until its exec), and exec'ing the file
    /// would then fail with ETXTBSY. Returns the program's path, nil if install failed.
    func installProgram(_ source: String, as name: String, mode: String = "0755") async -> String? {
        let program = path + "/" + name
        let install = spawnProgram(["install", "-m", mode, source, program], in: self)
        return await install.exit() == 0 ? program : nil
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
        if let cached = podCache[name], cached.text == text { return cached.value }
        let value = try? JSONParser.parse(text)
        podCache[name] = (text, value)
        return value
    }

    /// Every line of events.jsonl, parsed (the file only grows: lines already parsed are kept).
    func events(_ name: String) -> [JSONValue] {
        let text = read(podDir(name) + "/events.jsonl") ?? ""
        var (known, values) = eventCache[name] ?? ("", [])
        if !text.hasPrefix(known) || known.last.map({ $0 != "\n" }) == true { (known, values) = ("", []) }
        let complete = text.lastIndex(of: "\n").map { text[...$0] } ?? ""
        values += complete.dropFirst(known.count).split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        eventCache[name] = (String(complete), values)
        return values
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

// MARK: - Optional tools

/// A command some tests need besides the Swift toolchain. Without it those tests are skipped (not
/// failed) with a "SKIPPED: needs …" comment naming the tool and how to get it; `make test` lists
/// the skips at its end, and .ci/run installs every tool so that CI skips nothing.
struct Tool: Sendable {
    let name: String
    let install: String
    /// Where to look besides PATH: the fixed PATH of containers, `pip install --user`'s directory.
    static let extraDirs = ["/usr/local/bin", "/usr/bin", "/bin",
                            (getenv("HOME").map { String(cString: $0) } ?? "/root") + "/.local/bin", "/root/.local/bin"]

    static let python3 = Tool(name: "python3", install: "install python3 (apt-get install python3)")
    static let openssl = Tool(name: "openssl", install: "install openssl (apt-get install openssl)")
    static let kubernetesValidate = Tool(name: "kubernetes-validate", install: "python3 -m pip install kubernetes-validate")

    /// The tool's path, or nil when it is not installed.
    var path: String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? ""
        for dir in path.split(separator: ":").map(String.init) + Tool.extraDirs where access(dir + "/" + name, X_OK) == 0 {
            return dir + "/" + name
        }
        return nil
    }

    var skipped: Comment { Comment(rawValue: "SKIPPED: needs \(name) (not found on PATH): \(install)") }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only if `tool` is installed; otherwise skips it, saying which tool and how to get it.
    static func needs(_ tool: Tool) -> Self { .enabled(if: tool.path != nil, tool.skipped) }
}

// MARK: - Processes the tests start

/// A kubelet-lite process started by a test; SIGKILLed (and reaped) if the test leaves it running.
final class Supervisor {
    let pid: pid_t
    let args: [String]
    let outPath: String
    let errPath: String
    private let watch: ExitWatch

    init(pid: pid_t, args: [String], outPath: String, errPath: String) {
        self.pid = pid
        self.args = args
        self.outPath = outPath
        self.errPath = errPath
        watch = ExitWatch(pid: pid)
    }

    deinit {
        if watch.exit == nil {
            kill(pid, SIGKILL)
            _ = watch.wait(seconds: 60)
        }
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// The exit status if it has exited (128+n for a signal), without waiting.
    var status: Int32? { watch.exit?.status }

    /// The wall-clock time it was reaped, if it has exited.
    var exitedAt: Double? { watch.exit?.at }

    /// Waits for the exit; returns its status, or nil (and an issue) if it is still running at the deadline.
    @discardableResult
    func exit(within deadline: Double = E2E.deadline, sourceLocation: SourceLocation = #_sourceLocation) async -> Int32? {
        let watch = self.watch
        let exit = await offPool { watch.wait(seconds: deadline) }
        if exit == nil {
            Issue.record("waited \(deadline) s for: kubelet-lite \(args.joined(separator: " ")) to exit\n\(stderr)",
                         sourceLocation: sourceLocation)
        }
        return exit?.status
    }

    /// Waits up to `seconds` for an exit that may not come, without failing the test: for a
    /// process that must still be running afterwards (nil: still running).
    func exitIfAny(within seconds: Double) async -> Int32? {
        let watch = self.watch
        return await offPool { watch.wait(seconds: seconds) }?.status
    }

    /// Blocks until the exit (or `seconds`): only inside a `waitUntil` condition or `offPool`.
    func exitBlocking(within seconds: Double) -> Int32? { watch.wait(seconds: seconds)?.status }

    /// SIGTERM (a delete), then the exit status and the seconds from the signal to the reaping.
    func terminate(within deadline: Double = E2E.deadline, sourceLocation: SourceLocation = #_sourceLocation)
        async -> (status: Int32?, took: Double) {
        let sent = wallNow()
        signal(SIGTERM)
        let status = await exit(within: deadline, sourceLocation: sourceLocation)
        return (status, (exitedAt ?? .infinity) - sent)
    }

    var stdout: String { E2E.readFile(outPath) }
    var stderr: String { E2E.readFile(errPath) }

    /// What a failed wait reports: the supervisor's state, its processes, the pod's phase and events.
    func diagnosis(_ t: Scratch, pod: String) -> String {
        let kernel = E2E.readFile("/proc/\(pid)/wchan")
        let tree = E2E.readFile("/proc/\(pid)/task/\(pid)/children").split(separator: " ").map { child in
            "  \(child) " + E2E.readFile("/proc/\(child)/cmdline").map { $0 == "\0" ? " " : $0 }
        }
        let states = (t.podJSON(pod)?["status"]?["containerStatuses"]?.arrayValue ?? []).map { "  \($0.serialized())" }
        return (["supervisor \(pid): status \(status.map(String.init) ?? "running"), in \(kernel.isEmpty ? "?" : kernel)",
                 "children:"] + tree + ["phase \(t.podJSON(pod)?.phase ?? "none")"] + states
                + ["events: " + t.ev(pod).map { "\($0.reason) \($0.message)" }.joined(separator: "; "),
                   "stderr: " + stderr]).joined(separator: "\n")
    }
}

/// Runs the binary built next to this test bundle.
enum E2E {
    /// The failure bound of a wait for something that takes well under a second on an idle
    /// machine: generous, for a loaded 2-core machine running the whole suite in parallel.
    static let deadline = 60.0

    /// How many tests run pods at once (KUBELET_LITE_E2E_PODS overrides). Swift Testing starts
    /// every test at once; a hundred pods starting together on 2 cores would delay each by seconds.
    static let podSlots = Slots(Int(getenv("KUBELET_LITE_E2E_PODS").map { String(cString: $0) } ?? "") ?? 10)

    /// The kubelet-lite under test: the one built beside this test bundle, or the one in the
    /// directory KUBELET_LITE_E2E_BIN_DIR names (.ci/run points it at the release build).
    static let binary: String = {
        if let dir = getenv("KUBELET_LITE_E2E_BIN_DIR").map({ String(cString: $0) }), !dir.isEmpty {
            return dir + "/kubelet-lite"
        }
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

    /// Starts `kubelet-lite ARGS` with stdout/stderr to files in `scratch`; `env` adds `NAME=value` entries.
    static func start(_ args: [String], in scratch: Scratch, stdin: String? = nil, stdoutFD: Int32? = nil,
                      env extra: [String] = []) -> Supervisor {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let out = scratch.path + "/out-\(tag)"
        let err = scratch.path + "/err-\(tag)"
        var inPath = "/dev/null"
        if let stdin { inPath = scratch.write("in-\(tag)", stdin) }
        let output: StandardStream = stdoutFD.map { .descriptor($0) } ?? .file(out, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let pid = spawnTestProcess([binary] + args, streams: [.file(inPath, flags: O_RDONLY), output,
                                                              .file(err, flags: O_WRONLY | O_CREAT | O_TRUNC)],
                                   scratch: scratch, env: extra)
        if args.first == "apply", stdoutFD == nil, zip(args, args.dropFirst()).contains(where: { $0 == ("-o", "json") }) {
            scratch.occurrenceLogs.append(out)
        }
        return Supervisor(pid: pid, args: args, outPath: out, errPath: err)
    }

    /// Runs to completion; fails the test if it has not exited at the deadline.
    static func run(_ args: [String], in scratch: Scratch, stdin: String? = nil, deadline: Double = E2E.deadline,
                    env: [String] = [],
                    sourceLocation: SourceLocation = #_sourceLocation) async -> (status: Int32, stdout: String, stderr: String) {
        let s = start(args, in: scratch, stdin: stdin, env: env)
        let status = await s.exit(within: deadline, sourceLocation: sourceLocation)
        return (status ?? -1, s.stdout, s.stderr)
    }

    /// Runs to completion, blocking: only inside a `waitUntil` condition or `offPool`, where a
    /// thread of its own is free to block.
    static func runBlocking(_ args: [String], in scratch: Scratch, deadline: Double = E2E.deadline)
        -> (status: Int32, stdout: String, stderr: String) {
        let s = start(args, in: scratch)
        return (s.exitBlocking(within: deadline) ?? -1, s.stdout, s.stderr)
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
