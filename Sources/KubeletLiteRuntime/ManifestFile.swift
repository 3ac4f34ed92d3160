// kubelet-lite — ManifestFile.swift
// The one manifest reader: a file or standard input, bounded, for apply, validate and reload.

import Glibc
import KubeletLiteModel

/// Reads manifests from files or standard input.
public enum ManifestFile {
    /// The largest manifest read (the API server's request limit is about 3 MiB; this leaves room).
    public static let sizeLimit = 16 << 20

    /// Why a manifest could not be read: the errno, in the C library's words.
    public struct ReadError: Error, Sendable {
        public var errno: Int32
        /// `strerror` as C prints it (`No such file or directory`).
        public var reason: String { String(cString: strerror(errno)) }
    }

    /// The bytes of `file` (`-` is standard input).
    public static func read(_ file: String) -> Result<[UInt8], ReadError> {
        let fd = file == "-" ? 0 : retryingOnInterrupt { open(file, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return .failure(ReadError(errno: errno)) }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { return .failure(ReadError(errno: EISDIR)) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = retryingOnInterrupt { buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
            if n < 0 { return .failure(ReadError(errno: errno)) }
            if n == 0 { return .success(out) }
            out.append(contentsOf: buffer[0..<n])
            if out.count > sizeLimit { return .failure(ReadError(errno: EFBIG)) }
        }
    }

    /// Whether reading `file` may wait for a writer (standard input or a path that is a terminal, a
    /// FIFO or a socket), as a regular file's or a directory's read never does.
    public static func readMayWait(_ file: String) -> Bool {
        var st = stat()
        guard (file == "-" ? fstat(0, &st) : stat(file, &st)) == 0 else { return false }
        let type = st.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    /// Reads and validates `path`: the pod and its warnings, or one text saying what is wrong.
    /// With `pod` (`namespace/name`, a supervisor of a pod host), the pod of that name among the
    /// file's objects (architecture §4.11).
    static func load(_ path: String, pod key: String? = nil) -> Result<(Pod, [String]), ManifestProblem> {
        let bytes: [UInt8]
        switch read(path) {
        case .success(let b): bytes = b
        case .failure(let e): return .failure(.unreadable("cannot read \(path) (\(SystemError.text(e.errno)))"))
        }
        guard let result = key.map({ select($0, from: ManifestLoader.loadAll(bytes, source: path)) })
                ?? ManifestLoader.load(bytes, source: path) else {
            return .failure(.invalid("\(path) no longer holds pod \(key ?? "")", details: "no valid object of that name"))
        }
        guard let pod = result.pod else {
            return .failure(.invalid("\(path) is not valid", details: result.failure?.message ?? "no pod"))
        }
        return .success((pod, result.warnings))
    }
}

extension ManifestFile {
    /// The object of `results` that is pod `key` (`namespace/name`), valid or not (an invalid one
    /// is known by the name in its errors), or a whole-file failure.
    public static func select(_ key: String, from results: [ManifestResult]) -> ManifestResult? {
        if results.count == 1, results[0].origin == nil { return results[0] }
        if let valid = results.first(where: { $0.pod.map { "\($0.metadata.namespace)/\($0.metadata.name)" } == key }) {
            return valid
        }
        let name = key.split(separator: "/").last.map(String.init) ?? key
        return results.first { result in
            if case .invalid(let podName, _) = result.failure { return podName == name }
            return false
        }
    }
}

/// A manifest that could not be used: unreadable, or read and refused (with every error found).
enum ManifestProblem: Error {
    case unreadable(String)
    case invalid(String, details: String)
}
