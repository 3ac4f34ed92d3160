// kubelet-lite — ManifestInput.swift
// Reading a manifest from a file or standard input, and reporting what is wrong with it.

import Glibc
import KubeletLiteModel

/// Loads a manifest for `apply` and `validate`.
enum ManifestInput {
    /// Reads FILE (`-` is standard input) and validates it; prints warnings and errors to stderr.
    /// Returns the pod, or nil after printing why there is none.
    static func load(_ file: String, printWarnings: Bool = true) -> (pod: Pod?, result: ManifestResult?) {
        guard let bytes = read(file) else {
            printErr("error: cannot read \(file == "-" ? "standard input" : "\"\(file)\""): \(String(cString: strerror(errno)))")
            return (nil, nil)
        }
        let result = ManifestLoader.load(bytes, source: file == "-" ? "STDIN" : file)
        if printWarnings {
            for warning in result.warnings { printErr("Warning: \(warning)") }
        }
        if let failure = result.failure {
            printErr(failure.message)
            return (nil, result)
        }
        return (result.pod, result)
    }

    /// Reads FILE and validates every object in it (YAML documents, List items); prints each
    /// object's warnings and errors to stderr. Returns the results, or nil when FILE cannot be read.
    static func loadAll(_ file: String) -> [ManifestResult]? {
        guard let bytes = read(file) else {
            printErr("error: cannot read \(file == "-" ? "standard input" : "\"\(file)\""): \(String(cString: strerror(errno)))")
            return nil
        }
        let results = ManifestLoader.loadAll(bytes, source: file == "-" ? "STDIN" : file)
        for result in results {
            for warning in result.warnings { printErr("Warning: \(warning)") }
            if let failure = result.failure { printErr(failure.message) }
        }
        return results
    }

    private static func read(_ file: String) -> [UInt8]? {
        let fd = file == "-" ? 0 : open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            errno = EISDIR
            return nil
        }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
            if out.count > 16 << 20 {
                errno = EFBIG
                return nil
            }
        }
        return out
    }
}
