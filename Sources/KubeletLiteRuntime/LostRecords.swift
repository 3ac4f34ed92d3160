// kubelet-lite — LostRecords.swift
// Writes that failed (disk full, I/O errors): counted, said once, never half-done (architecture §6.3).

import Glibc

/// Counts what could not be written to the state directory, says so once per outage of each kind of
/// file on stderr, and says so again when that kind is written once more. The counts are published
/// with the pod.
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

    init(warn: @escaping (String) -> Void) { self.warn = warn }

    /// A write of `count` records of `kind` failed with `errno`.
    func lost(_ count: Int, _ kind: Kind, file: String, errno: Int32) {
        counts[kind, default: 0] += count
        guard failing.insert(kind).inserted else { return }
        warn("Warning: cannot write \(file) (\(SystemError.text(errno))): \(kind.rawValue) are being lost; "
             + "writing resumes by itself when there is room again")
    }

    /// A write of `kind` went through: its outage, if any, is over.
    func wrote(_ kind: Kind) {
        guard failing.remove(kind) != nil else { return }
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
