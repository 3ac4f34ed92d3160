// kubelet-lite — Identity.swift
// Facts about this host and process: node name, home directory, pod UIDs, our own executable.

import CKubeletLiteShims
import Glibc

/// Host and process facts the runtime publishes or needs.
enum Identity {
    /// The host's name, used as `spec.nodeName` (lifecycle §D13).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// The current user's home, else `/` (lifecycle §D12).
    static func homeDirectory() -> String { account(uid: Int64(geteuid()))?.home ?? "/" }

    /// A user's home directory and primary group, if the system knows the user.
    static func account(uid: Int64) -> (home: String, gid: Int64)? {
        guard uid >= 0, uid <= Int64(UInt32.max), let pw = getpwuid(uid_t(uid)) else { return nil }
        let home = pw.pointee.pw_dir.map { String(cString: $0) } ?? "/"
        return (home.isEmpty ? "/" : home, Int64(pw.pointee.pw_gid))
    }

    /// A random (version 4) UUID, as the API server assigns `metadata.uid`.
    static func newUID() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let got = retryingOnInterrupt { bytes.withUnsafeMutableBytes { kl_getrandom($0.baseAddress, 16) } }
        if got != 16 {
            // No randomness to be had: time and pid still make a UID unique on this host.
            var seed = UInt64(truncatingIfNeeded: time(nil)) ^ UInt64(getpid())
            for i in 0..<16 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                bytes[i] = UInt8(truncatingIfNeeded: seed >> 33)
            }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        // Hex digits by hand, dashes after bytes 4, 6, 8 and 10: String(radix:) and joined() per
        // byte were a measurable part of apply's start.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(b >> 4)])
            text.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `name` in the directory of the running executable (the pause program ships beside us).
    static func siblingExecutable(_ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return name }
        let exe = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = exe.lastIndex(of: "/") else { return name }
        return String(exe[..<slash]) + "/" + name
    }
}
