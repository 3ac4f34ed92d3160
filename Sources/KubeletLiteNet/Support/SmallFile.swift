// kubelet-lite — Support/SmallFile.swift
// Reading a small configuration file (/etc/hosts, /etc/resolv.conf) in one go.

import Glibc

/// Whole-file reads for a few kilobytes of configuration. This is blocking file I/O on local
/// files the kernel has cached, which the event loop tolerates; it never touches the network.
enum SmallFile {
    /// The most we read: configuration files are far smaller; a huge file is cut off.
    static let limit = 1 << 20

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while bytes.count < limit {
            let n = Glibc.read(fd, &chunk, chunk.count)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes.prefix(limit), as: UTF8.self)
    }
}
