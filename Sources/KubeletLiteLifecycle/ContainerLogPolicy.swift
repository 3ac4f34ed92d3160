// kubelet-lite — ContainerLogPolicy.swift
// The kubelet's container log rotation and retention, as decisions on file names and sizes
// (architecture §6.7).

import KubeletLiteModel

/// `containerLogMaxSize` and `containerLogMaxFiles`, and which log files of a container to keep:
/// the current instance's file and its rotated parts, and the previous instance's (what `logs
/// --previous` reads). Pure: the runtime renames, opens and removes what this decides.
public struct ContainerLogPolicy: Sendable, Equatable {
    /// The kubelet's defaults: 10Mi and 5 files.
    public static let defaultMaxSize: Int64 = 10 << 20
    public static let defaultMaxFiles = 5
    /// The kubelet refuses fewer than 2 files (the current one and one rotated).
    public static let leastMaxFiles = 2

    /// A file reaching this size is rotated before it grows past it.
    public var maxSize: Int64
    /// Most files of one instance on disk: the current one and `maxFiles - 1` rotated ones.
    public var maxFiles: Int

    public init(maxSize: Int64 = defaultMaxSize, maxFiles: Int = defaultMaxFiles) {
        self.maxSize = maxSize
        self.maxFiles = max(maxFiles, Self.leastMaxFiles)
    }

    /// Whether a file of `size` bytes must be rotated before `incoming` more bytes are appended: a
    /// file never grows past `maxSize` unless one write alone is bigger, and an empty file is never
    /// rotated (a write is whole records, so nothing is ever split across two files).
    public func mustRotate(size: Int64, incoming: Int) -> Bool {
        size > 0 && size + Int64(incoming) > maxSize
    }

    /// The name a current file takes when rotated: the kubelet's `<file>.<timestamp>`, with its
    /// `20060102-150405` layout plus nanoseconds, because rotation here can come many times a second
    /// (the kubelet checks every 10 s). Names of one file sort in the order they were rotated.
    public static func rotatedName(_ file: String, at t: Instant) -> String {
        let text = Array(Timestamp.rfc3339Nano(t).utf8)  // 2026-11-29T01:02:03.123456789Z
        func part(_ r: Range<Int>) -> String { String(decoding: text[r], as: UTF8.self) }
        return file + "." + part(0..<4) + part(5..<7) + part(8..<10) + "-" + part(11..<13) + part(14..<16)
            + part(17..<19) + "." + part(20..<29)
    }

    /// The rotated files of `file` among `names`, oldest first.
    public static func rotated(of file: String, in names: [String]) -> [String] {
        let prefix = file + "."
        return names.filter { $0.hasPrefix(prefix) && $0.count > prefix.count && !$0.hasSuffix(".tmp") }.sorted()
    }

    /// The files that make up the log of `file`, in the order its lines were written.
    public static func parts(of file: String, in names: [String]) -> [String] {
        rotated(of: file, in: names) + (names.contains(file) ? [file] : [])
    }

    /// Rotated files of `file` to remove so that, with the current one, at most `maxFiles` remain.
    public func excess(of file: String, in names: [String]) -> [String] {
        let old = Self.rotated(of: file, in: names)
        return Array(old.prefix(max(0, old.count - (maxFiles - 1))))
    }

    /// The file of instance `restartCount` (`N.log`).
    public static func file(instance restartCount: Int) -> String { "\(restartCount).log" }

    /// The files of instances older than the previous one, when instance `starting` starts: only the
    /// current and the previous instance are kept, as on a node.
    public static func obsolete(in names: [String], starting: Int) -> [String] {
        names.filter { name in
            guard let dot = name.firstIndex(of: "."), let n = Int(name[..<dot]),
                  name[dot...].hasPrefix(".log") else { return false }
            return n < starting - 1
        }
    }
}

extension ContainerLogPolicy {
    /// `--container-log-max-size`: a Kubernetes quantity (`10Mi`, `500k`, `1G`, `1048576`) of
    /// bytes, greater than 0; nil if it is not one.
    public static func size(_ text: String) -> Int64? {
        guard let quantity = try? Quantity(parsing: text), !quantity.isNegative else { return nil }
        let bytes = quantity.value
        return bytes > 0 ? bytes : nil
    }
}
