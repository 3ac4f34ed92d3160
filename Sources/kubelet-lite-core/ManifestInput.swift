// kubelet-lite — ManifestInput.swift
// Reading a manifest from a file or standard input, and reporting what is wrong with it.

import Glibc
import KubeletLiteModel
import KubeletLiteRuntime

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
            if let pod = result.pod, let tls = HTTPSSupport.warning(for: pod) { printErr("Warning: \(tls)") }
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
            if let pod = result.pod, let tls = HTTPSSupport.warning(for: pod) { printErr("Warning: \(tls)") }
            if let failure = result.failure { printErr(failure.message) }
        }
        return results
    }

    /// The bytes of FILE, or nil after saying why there are none.
    static func bytes(_ file: String) -> [UInt8]? {
        guard let bytes = read(file) else {
            printErr("error: cannot read \(file == "-" ? "standard input" : "\"\(file)\""): \(String(cString: strerror(errno)))")
            return nil
        }
        return bytes
    }

    /// The bytes of FILE; Ctrl-C ends a read that may wait (a terminal, a FIFO), even for apply. A
    /// regular file's read keeps the signals blocked: a SIGTERM in apply's first milliseconds is then
    /// a stop request for the supervisor, never death by the default action (architecture §8.4).
    private static func read(_ file: String) -> [UInt8]? {
        let read = { ManifestFile.read(file) }
        switch ManifestFile.readMayWait(file) ? SupervisorSignals.interruptible(read) : read() {
        case .success(let bytes): return bytes
        case .failure(let e):
            errno = e.errno
            return nil
        }
    }
}
