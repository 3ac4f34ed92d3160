// kubelet-lite — StateDirectory.swift
// The state dir of architecture §6: where status, events, logs and the supervisor's pid live.

import Glibc
import KubeletLiteModel

/// Paths and file operations of the state directory.
public struct StateDirectory: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    /// `--state-dir`, else `KUBELET_LITE_STATE_DIR`, else `/run/kubelet-lite` (root),
    /// `$XDG_RUNTIME_DIR/kubelet-lite`, `/tmp/kubelet-lite-$UID`.
    public static func defaultRoot(flag: String?) -> String {
        if let flag, !flag.isEmpty { return absolute(flag) }
        if let env = getenv("KUBELET_LITE_STATE_DIR"), env.pointee != 0 { return absolute(String(cString: env)) }
        if geteuid() == 0 { return "/run/kubelet-lite" }
        if let xdg = getenv("XDG_RUNTIME_DIR"), xdg.pointee != 0 { return String(cString: xdg) + "/kubelet-lite" }
        return "/tmp/kubelet-lite-\(geteuid())"
    }

    public func podDir(_ key: String) -> String { "\(root)/pods/\(key)" }

    /// A relative path made absolute against the working directory: processes started in other
    /// directories (exec helpers, mounts in the namespaces sandbox) use these paths too.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(cString: buffer)
        return (cwd == "/" ? "" : cwd) + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// Creates a directory and its missing parents with mode 0700.
    static func makeDirectories(_ path: String) throws(SystemError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0 && errno != EEXIST { throw SystemError("mkdir", current) }
        }
    }

    /// Writes `text` to `path` atomically: a temporary file renamed over it.
    static func writeAtomically(_ path: String, _ text: String) throws(SystemError) {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open", tmp) }
        let ok = writeAll(fd, text)
        close(fd)
        guard ok else { throw SystemError("write", tmp) }
        guard rename(tmp, path) == 0 else { throw SystemError("rename", path) }
    }

    /// Removes a file tree (the stale state of a dead supervisor).
    static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if let dir = opendir(path) {
                var names: [String] = []
                while let entry = readdir(dir) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(dir)
                for name in names { removeTree(path + "/" + name) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

/// The exclusive claim a running supervisor holds on its pod's directory.
///
/// `supervisor.pid` is locked with `flock` for the supervisor's whole life: the kernel drops the
/// lock when the process dies, however it dies, so a stale directory is told apart from a live one
/// without trusting pids.
final class PodDirectoryLock {
    let dir: String
    private let fd: Int32

    enum Failure: Error {
        case alreadyRunning(pid: String)
        case system(SystemError)
    }

    init(dir: String) throws(Failure) {
        self.dir = dir
        do throws(SystemError) {
            try StateDirectory.makeDirectories(dir)
        } catch {
            throw .system(error)
        }
        chmod(dir, 0o700)
        let path = dir + "/supervisor.pid"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .system(SystemError("open", path)) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let owner = readFile(path).map { String(decoding: $0, as: UTF8.self) } ?? "?"
            close(fd)
            throw .alreadyRunning(pid: owner.split(separator: "\n").first.map(String.init) ?? "?")
        }
    }

    /// Kills what a dead supervisor left running, and removes its state, keeping the lock file.
    func cleanStaleState() {
        if let text = readFile(dir + "/sandbox.pid").map({ String(decoding: $0, as: UTF8.self) }),
           let pgid = pid_t(text.split(separator: "\n").first ?? "") {
            // Only if that group is still led by our pause process, never a reused pid.
            let comm = readFile("/proc/\(pgid)/comm").map { String(decoding: $0, as: UTF8.self) } ?? ""
            if comm.hasPrefix("kubelet-lite-pa") { kill(-pgid, SIGKILL) }
        }
        for name in ["pod.json", "pod.json.tmp", "events.jsonl", "sandbox.pid", "control.sock", "logs"] {
            StateDirectory.removeTree(dir + "/" + name)
        }
    }

    func writePid(_ pid: pid_t) {
        ftruncate(fd, 0)
        lseek(fd, 0, SEEK_SET)
        writeAll(fd, "\(pid)\n")
    }

    func release() {
        unlink(dir + "/supervisor.pid")
        close(fd)
    }
}
