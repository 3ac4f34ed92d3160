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

    /// Reads and validates `path`: the pod and its warnings, or one text saying what is wrong.
    static func load(_ path: String) -> Result<(Pod, [String]), ManifestProblem> {
        let bytes: [UInt8]
        switch read(path) {
        case .success(let b): bytes = b
        case .failure(let e): return .failure(.unreadable("cannot read \(path) (\(SystemError.text(e.errno)))"))
        }
        let result = ManifestLoader.load(bytes, source: path)
        guard let pod = result.pod else {
            return .failure(.invalid("\(path) is not valid", details: result.failure?.message ?? "no pod"))
        }
        return .success((pod, result.warnings))
    }
}

/// A manifest that could not be used: unreadable, or read and refused (with every error found).
enum ManifestProblem: Error {
    case unreadable(String)
    case invalid(String, details: String)
}
