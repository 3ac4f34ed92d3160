// kubelet-lite — LogFile.swift
// The log file of one container instance, rotated as the kubelet rotates it (architecture §6.7).

import Glibc
import KubeletLiteLifecycle

/// Where a rotating log file lives, and its rules: the container's log directory, the current
/// file's name, the policy, and the clock that names rotated files.
struct LogRotation {
    let dir: SecureDirectory
    let name: String
    let policy: ContainerLogPolicy
    let now: () -> Instant
}

/// The log file of one container instance, shared by its stdout and stderr streams. Writes are
/// whole records; between two writes, a file that would grow past the policy's size is renamed to
/// `N.log.<timestamp>` and a new `N.log` opened, and the oldest rotated files beyond the policy's
/// count are removed. All of it happens in the loop, between reads of the container's pipes: the
/// container never waits for it, and no record is split, lost or written twice.
final class LogFile {
    private(set) var fd: Int32
    private var openStreams = 0
    private var size: Int64 = 0
    private let rotation: LogRotation?
    private var lastRotated = ""
    /// Counts the lines a full disk refused.
    let lost: LostRecords?

    init(path: String) throws(SystemError) {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard fd >= 0 else { throw SystemError("open", path) }
        lost = nil
        rotation = nil
    }

    /// A log file already opened (through the pod's checked directories), rotated by `rotation`.
    init(fd: Int32, lost: LostRecords? = nil, rotation: LogRotation? = nil) {
        self.fd = fd
        self.lost = lost
        self.rotation = rotation
        var st = stat()
        if fstat(fd, &st) == 0 { size = Int64(st.st_size) }
    }

    func retain() { openStreams += 1 }

    func release() {
        openStreams -= 1
        if openStreams == 0 { close(fd) }
    }

    /// Rotates first if `count` more bytes would take the file past its size.
    func prepare(forAppending count: Int) {
        guard let rotation, rotation.policy.mustRotate(size: size, incoming: count) else { return }
        rotate(rotation)
    }

    /// `count` bytes were appended.
    func appended(_ count: Int) { size += Int64(count) }

    /// Renames the current file aside and opens a new one; if either step fails, writing goes on
    /// into the file it can (the lines matter more than the size).
    private func rotate(_ rotation: LogRotation) {
        var rotated = ContainerLogPolicy.rotatedName(rotation.name, at: rotation.now())
        // Two rotations within a nanosecond of the clock: keep the names unique and in order.
        if rotated <= lastRotated { rotated = lastRotated + "0" }
        guard renameat(rotation.dir.fd, rotation.name, rotation.dir.fd, rotated) == 0 else { return }
        lastRotated = rotated
        do throws(StateDirectoryError) {
            let fresh = try rotation.dir.openFile(rotation.name, O_WRONLY | O_CREAT | O_APPEND, mode: 0o640)
            close(fd)
            fd = fresh
            size = 0
        } catch {
            // Keep appending to the renamed file: a reader finds it among the rotated ones.
            return
        }
        for old in rotation.policy.excess(of: rotation.name, in: rotation.dir.entries()) { rotation.dir.remove(old) }
    }
}
