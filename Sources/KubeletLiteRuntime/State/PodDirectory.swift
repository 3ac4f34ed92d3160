// kubelet-lite — PodDirectory.swift
// One pod's directory, held open and claimed by its supervisor (architecture §6.2, §6.4).

import CKubeletLiteShims
import Glibc

/// STATE/pods/NAMESPACE_NAME, opened through checked directories, and the lock that makes its
/// supervisor the only one.
///
/// `supervisor.pid` carries a POSIX lock for the supervisor's whole life: the kernel drops it when
/// the process dies, however it dies, and any process can ask who holds it. Only a holder of the
/// lock removes the file (`delete` of an ended pod), and a claim counts only if the file it locked
/// is still the one in the directory, so two supervisors never hold locks on two files of one pod.
final class PodDirectory {
    let dir: SecureDirectory
    private let lockFD: Int32

    /// Why a pod directory cannot be claimed.
    enum Failure: Error {
        case alreadyRunning(pid: pid_t)
        case state(StateDirectoryError)
    }

    private init(dir: SecureDirectory, lockFD: Int32) {
        self.dir = dir
        self.lockFD = lockFD
    }

    /// Opens (creating it) and locks the pod's directory.
    static func claim(_ state: StateDirectory, key: String) throws(Failure) -> PodDirectory {
        // A remover may unlink the file we opened before we lock it: then we hold a lock on
        // nothing, and start again with the directory as it is now.
        for _ in 0..<16 {
            let dir: SecureDirectory
            let fd: Int32
            do throws(StateDirectoryError) {
                guard let pods = try state.pods(create: true) else { throw .wrongKind(path: state.root, expected: "a directory") }
                dir = try pods.directory(key, create: true)
                fd = try dir.openFile("supervisor.pid", O_RDWR | O_CREAT)
            } catch {
                throw .state(error)
            }
            guard kl_lock_file(fd) == 0 else {
                let owner = kl_lock_owner(fd)
                close(fd)
                throw .alreadyRunning(pid: owner)
            }
            if dir.isCurrent(fd, name: "supervisor.pid") { return PodDirectory(dir: dir, lockFD: fd) }
            close(fd)
        }
        throw .state(.system(SystemError("cannot claim the pod directory: it keeps being removed", nil, errno: EAGAIN)))
    }

    /// Removes the whole directory, the lock file last (the lock is held until `release`).
    func removeAll() {
        for name in dir.entries() where name != "supervisor.pid" { dir.remove(name) }
        dir.remove("supervisor.pid")
        dir.removeSelf()
    }

    var path: String { dir.path }

    /// Records our pid in the lock file (for people; programs ask the lock itself).
    func writePid(_ pid: pid_t) {
        // Written over the old pid, then cut to length; never truncated to empty first: ext4 flushes
        // a file emptied and rewritten when it is closed (auto_da_alloc), and that flush, about
        // 0.1 ms, came at the supervisor's very last close, between the pod's end and our exit.
        let line = Array("\(pid)\n".utf8)
        var before = stat()
        guard fstat(lockFD, &before) == 0,
              line.withUnsafeBytes({ pwrite(lockFD, $0.baseAddress, $0.count, 0) }) == line.count else { return }
        if before.st_size > line.count { _ = ftruncate(lockFD, off_t(line.count)) }
    }

    /// Kills what a dead supervisor left in the pod's process group, and removes its files, keeping
    /// the lock file.
    func cleanStaleState() {
        if let text = try? dir.read("sandbox.pid"), let pgid = pid_t(String(decoding: text, as: UTF8.self)
            .split(separator: "\n").first ?? "") {
            // Only if that group is still led by our pause process, never a reused pid.
            let comm = readFile("/proc/\(pgid)/comm").map { String(decoding: $0, as: UTF8.self) } ?? ""
            if comm.hasPrefix("kubelet-lite-pa") { kill(-pgid, SIGKILL) }
        }
        for name in ["pod.json", ".pod.json.tmp", "events.jsonl", "sandbox.pid", "control.sock", "logs", "termination"] {
            dir.remove(name)
        }
    }

    /// The end of the supervisor: the lock goes with the descriptor (the file stays).
    func release() { close(lockFD) }

    /// Who holds the lock of the pod directory `dir`: a running supervisor's pid, or nil.
    static func supervisor(of dir: SecureDirectory) -> pid_t? {
        guard let fd = try? dir.openFile("supervisor.pid", O_RDONLY) else { return nil }
        defer { close(fd) }
        let owner = kl_lock_owner(fd)
        return owner > 0 ? owner : nil
    }
}
