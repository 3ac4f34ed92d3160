// kubelet-lite — RotatedLog.swift
// Reading one container instance's log across its rotated files (architecture §6.7).

import Glibc
import KubeletLiteLifecycle

/// The files of one instance's log: `N.log.<timestamp>` (oldest first) then `N.log`, read
/// consistently while the supervisor may rotate it.
enum RotatedLog {
    /// The directory and file name of a log path.
    static func split(_ path: String) -> (dir: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// The names in a log directory, none if it cannot be read.
    static func names(in dir: String) -> [String] {
        (try? SecureDirectory.root(dir, create: false).entries()) ?? []
    }

    /// The whole log at `path` with its rotated parts, in order; nil if there is none. A rotation
    /// while reading is seen (the set of rotated files changed) and the read done again, so no line
    /// is missed or read twice.
    static func bytes(_ path: String, limit: Int = 1 << 30) -> [UInt8]? {
        let (dir, name) = split(path)
        for _ in 0..<16 {
            let before = ContainerLogPolicy.rotated(of: name, in: names(in: dir))
            var out: [UInt8] = []
            var found = false
            for part in before + [name] {
                guard let bytes = readFile(dir + "/" + part, limit: limit, following: false) else { continue }
                found = true
                out += bytes
            }
            if ContainerLogPolicy.rotated(of: name, in: names(in: dir)) == before { return found ? out : nil }
        }
        return readFile(path, limit: limit, following: false)
    }
}

/// Reads a CRI log as it grows, across rotations: complete records only, partial (`P`) pieces
/// joined across reads. It holds the file it reads open; when the log's name has moved to a new
/// file, the one it holds is complete (the supervisor renames only between whole writes), so it
/// reads that to its end, then goes on with the next rotated file, or the current one.
struct IncrementalLog {
    let path: String
    private let dir: String
    private let name: String
    private var fd: Int32 = -1
    private var pending: [UInt8] = []
    private var decoder = CRILog()
    private var chunk = [UInt8](repeating: 0, count: 65536)

    init(path: String) {
        self.path = path
        (dir, name) = RotatedLog.split(path)
    }

    /// The text lines completed since the last call (the first call reads from the oldest rotated file).
    mutating func readNew() -> [String] {
        if fd < 0 {
            guard let first = ContainerLogPolicy.parts(of: name, in: RotatedLog.names(in: dir)).first else { return [] }
            fd = open(dir + "/" + first, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { return [] }
        }
        var lines = drain()
        while let next = successor() {
            lines += drain()  // the held file is complete: take what came after the last read
            Glibc.close(fd)
            fd = next
            lines += drain()
        }
        return lines
    }

    /// A last partial line, once nothing more will come.
    mutating func rest() -> [String] { decoder.rest() }

    /// Closes the file it holds.
    mutating func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Everything from the held position to the end of the held file, decoded.
    private mutating func drain() -> [String] {
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            pending += chunk[0..<n]
        }
        guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        defer { pending.removeFirst(last + 1) }
        return decoder.decode(pending[...last])
    }

    /// The file that follows the held one, opened, once the held one is no longer the current file:
    /// the next rotated file (by name, after the held one's), or the current file; nil while the
    /// held one is current, or the current name is missing for a moment (between rename and create).
    private func successor() -> Int32? {
        var held = stat()
        var named = stat()
        guard fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_ino != named.st_ino else { return nil }
        // A directory read while the supervisor renames may miss the entry being renamed: the held
        // file is looked for until it is found, or is known to be gone (no link left: pruned, and
        // then every rotated file left is newer). Starting from the oldest while it still exists
        // would print a whole file again.
        var rotated: [String] = []
        var start: Int?
        for _ in 0..<64 where start == nil {
            rotated = ContainerLogPolicy.rotated(of: name, in: RotatedLog.names(in: dir))
            start = rotated.firstIndex { part in
                var st = stat()
                return stat(dir + "/" + part, &st) == 0 && st.st_ino == held.st_ino && st.st_dev == held.st_dev
            }.map { $0 + 1 }
            if start == nil, fstat(fd, &held) == 0, held.st_nlink == 0 { start = 0 }
        }
        for part in rotated[(start ?? 0)...] + [name] {
            let next = open(dir + "/" + part, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if next >= 0 { return next }
        }
        return nil
    }
}
