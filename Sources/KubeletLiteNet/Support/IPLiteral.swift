// kubelet-lite — Support/IPLiteral.swift
// Telling IP literals from host names (SNI, /etc/hosts, resolv.conf), with inet_pton.

import Glibc

/// An IPv4 or IPv6 address in binary form, parsed from and printed as text the way Go does.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4([UInt8])
    case v6([UInt8])

    /// Parses `1.2.3.4` or an IPv6 literal (no brackets; a `%zone` suffix is ignored).
    public init?(_ text: String) {
        var host = Substring(text)
        if let percent = host.firstIndex(of: "%") { host = host[..<percent] }
        var a4 = in_addr()
        var a6 = in6_addr()
        if inet_pton(AF_INET, String(host), &a4) == 1 {
            self = .v4(withUnsafeBytes(of: a4) { Array($0) })
        } else if inet_pton(AF_INET6, String(host), &a6) == 1 {
            self = .v6(withUnsafeBytes(of: a6) { Array($0) })
        } else {
            return nil
        }
    }

    /// The address from raw bytes (4 or 16), as found in DNS answers.
    public init?(bytes: ArraySlice<UInt8>) {
        switch bytes.count {
        case 4: self = .v4(Array(bytes))
        case 16: self = .v6(Array(bytes))
        default: return nil
        }
    }

    /// True when `host` (optionally in brackets) is an IP literal rather than a name.
    public static func isLiteral(_ host: String) -> Bool {
        var h = Substring(host)
        if h.hasPrefix("["), h.hasSuffix("]") { h = h.dropFirst().dropLast() }
        return IPAddress(String(h)) != nil
    }

    public var bytes: [UInt8] {
        switch self {
        case .v4(let b), .v6(let b): b
        }
    }

    /// `inet_ntop` text (`10.0.0.1`, `::1`), which matches Go's `IP.String()` for these forms.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = if case .v4 = self { AF_INET } else { AF_INET6 }
        let ok = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        guard ok else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
