// kubelet-lite — HostedPod.swift
// One supervisor child of a pod host: its process, its pod, and its output lines, each marked with
// the pod's name (architecture §4.11).

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// A `kubelet-lite apply` child that a pod host started for one pod of one manifest file.
final class HostedPod {
    let pid: pid_t
    /// `namespace/name`.
    let key: String
    /// The manifest file it came from (`-` for standard input).
    let file: String
    /// The defaulted manifest it runs, to tell a changed file from an unchanged one.
    var manifest: JSONObject
    /// The host asked it to stop because its file no longer holds it (not a stop of every pod).
    var stopRequested = false
    let stdout: ChildLines
    let stderr: ChildLines

    init(pid: pid_t, key: String, file: String, manifest: JSONObject, stdout: ChildLines, stderr: ChildLines) {
        self.pid = pid
        self.key = key
        self.file = file
        self.manifest = manifest
        self.stdout = stdout
        self.stderr = stderr
    }

    /// `[web] `, or `[team/web] ` outside the default namespace: what marks each line of this pod.
    static func label(namespace: String, name: String) -> String {
        namespace == "default" ? "[\(name)] " : "[\(namespace)/\(name)] "
    }

    /// What a child's wait status means as apply's exit status: a supervisor killed by a signal
    /// did not clean up, which is kubelet-lite's own failure (architecture §9.2).
    static func exitStatus(_ exit: ProcessExit) -> ExitStatus {
        switch exit {
        case .exited(let code): ExitStatus(rawValue: code) ?? .internalFailure
        case .killed: .internalFailure
        }
    }

    /// Spawns `kubelet-lite ARGS` in a process group of its own (so a terminal's Ctrl-C reaches
    /// the host only, which forwards it once), its stdout and stderr into pipes the host reads.
    static func spawn(arguments: [String], stdinPath: String?) -> Result<(pid: pid_t, out: Int32, err: Int32), SpawnError> {
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard kl_pipe_cloexec(&out, 1) == 0 else { return .failure(SpawnError(message: SystemError.text(errno))) }
        guard kl_pipe_cloexec(&err, 1) == 0 else {
            close(out[0])
            close(out[1])
            return .failure(SpawnError(message: SystemError.text(errno)))
        }
        let request = SpawnRequest(path: "/proc/self/exe", argv: ["kubelet-lite"] + arguments,
                                   environment: currentEnvironment(), workingDir: nil, processGroup: 0,
                                   stdoutFD: out[1], stderrFD: err[1], stdinPath: stdinPath)
        let result = Spawner.spawn(request)
        close(out[1])
        close(err[1])
        switch result {
        case .success(let pid): return .success((pid, out[0], err[0]))
        case .failure(let e):
            close(out[0])
            close(err[0])
            return .failure(e)
        }
    }

    /// The host's own environment, handed on unchanged (KUBELET_LITE_STATE_DIR, PATH, ...).
    private static func currentEnvironment() -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                out.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
            }
            p += 1
        }
        return out
    }
}

/// A supervisor's side of the pod host: the death signal that ends its pod when the host dies.
public enum PodHostBinding {
    /// Asks for SIGTERM when the parent dies (a graceful stop of the pod, with its own grace), then
    /// checks that the parent is still `host`: false when the host is already gone (architecture §8.7).
    public static func bind(toHost host: pid_t) -> Bool {
        kl_bind_to_parent(SIGTERM, host) == 0
    }
}

/// The lines a child writes on one pipe, passed on whole with the pod's label in front.
final class ChildLines {
    /// -1 once closed.
    var fd: Int32
    /// Put before each line; nil passes lines unchanged (`-o json` events, which name their pod).
    private let prefix: [UInt8]?
    private let sink: TerminalOutput
    private var partial: [UInt8] = []
    private static let longestLine = 1 << 16

    init(fd: Int32, prefix: String?, sink: TerminalOutput) {
        self.fd = fd
        self.prefix = prefix.map { Array($0.utf8) }
        self.sink = sink
    }

    /// Reads what is there, a bounded amount (architecture §4.2); false at end of file.
    func readAvailable() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<16 {
            let n = retryingOnInterrupt { buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
            if n == 0 { return false }
            if n < 0 { return errno == EAGAIN }
            take(buffer[0..<n])
        }
        return true
    }

    private func take(_ bytes: ArraySlice<UInt8>) {
        var out: [UInt8] = []
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            out += prefix ?? []
            out += partial
            out += bytes[start...newline]
            partial.removeAll()
            start = newline + 1
        }
        partial += bytes[start...]
        if partial.count > Self.longestLine { finish(into: &out) }
        if !out.isEmpty { sink.write(out) }
    }

    private func finish(into out: inout [UInt8]) {
        guard !partial.isEmpty else { return }
        out += (prefix ?? []) + partial + [0x0A]
        partial.removeAll()
    }

    /// The last piece of a line without its newline, at the child's end.
    func flush() {
        var out: [UInt8] = []
        finish(into: &out)
        if !out.isEmpty { sink.write(out) }
    }
}
