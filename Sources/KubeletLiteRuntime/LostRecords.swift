// kubelet-lite — LostRecords.swift
// Writes that failed (disk full, I/O errors): counted, said once, never half-done (architecture §6.3).

import Glibc

/// Counts what could not be written to the state directory, says so once per outage of each kind of
/// file on stderr, and says so again when that kind is written once more with room to spare. The
/// counts are published with the pod.
final class LostRecords {
    /// What kind of record was lost.
    enum Kind: String {
        case events = "events"
        case logLines = "log lines"
        case statusWrites = "status writes"
    }

    private(set) var counts: [Kind: Int] = [:]
    private var failing: Set<Kind> = []
    private let warn: (String) -> Void
    private let hasRoom: () -> Bool

    /// - Parameter hasRoom: whether the filesystem has room again (`LostRecords.hasRoom(at:)`).
    init(hasRoom: @escaping () -> Bool = { true }, warn: @escaping (String) -> Void) {
        self.hasRoom = hasRoom
        self.warn = warn
    }

    /// Whether the filesystem of `path` has room again: a tenth of it free, or 1 MiB, whichever is
    /// less. On a full disk a short write goes through now and then (a torn write cut back frees
    /// its bytes), which alone would not end an outage.
    static func hasRoom(at path: String) -> Bool {
        var fs = statvfs()
        guard statvfs(path, &fs) == 0 else { return true }
        let free = UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
        let size = UInt64(fs.f_blocks) * UInt64(fs.f_frsize)
        return free >= min(1 << 20, size / 10)
    }

    /// A write of `count` records of `kind` failed with `errno`.
    func lost(_ count: Int, _ kind: Kind, file: String, errno: Int32) {
        counts[kind, default: 0] += count
        guard failing.insert(kind).inserted else { return }
        warn("Warning: cannot write \(file) (\(SystemError.text(errno))): \(kind.rawValue) are being lost; "
             + "writing resumes by itself when there is room again")
    }

    /// A write of `kind` went through: its outage, if any, is over once there is room again.
    func wrote(_ kind: Kind) {
        guard failing.contains(kind), hasRoom() else { return }
        failing.remove(kind)
        warn("writing \(kind.rawValue) works again; lost so far: \(summary ?? "nothing")")
    }

    /// `events: 3, log lines: 120`, or nil when nothing was lost.
    var summary: String? {
        let parts = [Kind.events, .logLines, .statusWrites].compactMap { kind in counts[kind].map { "\(kind.rawValue): \($0)" } }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

/// Appends `bytes` to a file opened with O_APPEND as a whole or not at all: a short or failed write
/// is cut back to where the file ended, so no record is ever torn. Returns 0, or the errno.
func appendWhole(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return errno }
    let before = st.st_size
    var offset = 0
    while offset < bytes.count {
        let n = retryingOnInterrupt { write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
        if n <= 0 {
            let e = n < 0 ? errno : ENOSPC
            if offset > 0 { _ = retryingOnInterrupt { ftruncate(fd, before) } }
            return e
        }
        offset += n
    }
    return 0
}
