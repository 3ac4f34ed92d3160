// kubelet-lite — Net/SocketAddress.swift
// IPv4/IPv6 socket addresses: parsing literals, printing them the way Go does.

import Glibc
import KubeletLiteNet

/// A socket address (IPv4 or IPv6) held in a `sockaddr_storage`, printable as Go prints a
/// `net.TCPAddr` (`127.0.0.1:8080`, `[::1]:8080`) since that text ends up in error messages.
struct SocketAddress: CustomStringConvertible {
    private(set) var storage = sockaddr_storage()
    private(set) var length: socklen_t = 0

    var family: Int32 { Int32(storage.ss_family) }

    /// Parses an IP literal (no brackets) with `inet_pton`; nil for anything else.
    init?(ipLiteral host: String, port: Int) {
        guard (0...65535).contains(port) else { return nil }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = in_port_t(UInt16(port).bigEndian)
            sin.sin_addr = v4
            self.init(copying: &sin, length: MemoryLayout<sockaddr_in>.size)
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = in_port_t(UInt16(port).bigEndian)
            sin6.sin6_addr = v6
            self.init(copying: &sin6, length: MemoryLayout<sockaddr_in6>.size)
        } else {
            return nil
        }
    }

    /// Copies a raw sockaddr of `length` bytes (from getsockname or a literal).
    init<T>(copying address: UnsafePointer<T>, length: Int) {
        let n = min(length, MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutableBytes(of: &storage) { dst in
            dst.copyMemory(from: UnsafeRawBufferPointer(start: UnsafeRawPointer(address), count: n))
        }
        self.length = socklen_t(n)
    }

    /// The address a connected socket uses locally (`getsockname`), for `read tcp L->R` texts.
    static func local(of fd: Int32) -> SocketAddress? { query(fd, getsockname) }

    /// The peer of `fd`, or nil while the connect is still in progress (ENOTCONN).
    static func peer(of fd: Int32) -> SocketAddress? { query(fd, getpeername) }

    private static func query(
        _ fd: Int32, _ call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) -> SocketAddress? {
        var ss = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let r = withUnsafeMutablePointer(to: &ss) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(fd, $0, &len) }
        }
        guard r == 0 else { return nil }
        return SocketAddress(copying: &ss, length: Int(len))
    }

    /// Runs `body` with the address as a `sockaddr` pointer, for connect(2).
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var copy = storage
        return withUnsafePointer(to: &copy) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) } }
    }

    var port: Int {
        var copy = storage
        return withUnsafePointer(to: &copy) { p -> Int in
            if family == AF_INET6 {
                return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// The IP alone (`127.0.0.1`, `::1`), via inet_ntop.
    var ip: String {
        var copy = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok = withUnsafePointer(to: &copy) { p -> Bool in
            if family == AF_INET6 {
                return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    withUnsafePointer(to: sin6.pointee.sin6_addr) {
                        inet_ntop(AF_INET6, $0, &buffer, socklen_t(buffer.count)) != nil
                    }
                }
            }
            return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                withUnsafePointer(to: sin.pointee.sin_addr) {
                    inet_ntop(AF_INET, $0, &buffer, socklen_t(buffer.count)) != nil
                }
            }
        }
        guard ok else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `ip:port`, with IPv6 in brackets (Go's `net.JoinHostPort`).
    var description: String { joinHostPort(ip, port) }
}

/// Go's `net.JoinHostPort`: brackets around a host that contains a colon (IPv6).
func joinHostPort(_ host: String, _ port: Int) -> String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
}

/// Where a check's host leads: literal addresses at once, names to a `HostLookup`.
enum AddressResolution {
    case addresses([SocketAddress])
    /// A host name, without brackets: resolved without blocking by `HostLookup` (architecture §8.10).
    case name(String)
    /// Go's wording without the `dial tcp: ` prefix, e.g. `address 70000: invalid port`.
    case failed(String)

    /// Sorts `host` for TCP on `port`: IP literals (the usual probe target: the pod IP, 127.0.0.1)
    /// become addresses here; names are looked up later. Nothing here blocks.
    static func resolve(host: String, port: Int) -> AddressResolution {
        var bare = host
        if bare.hasPrefix("["), bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        if let literal = SocketAddress(ipLiteral: bare, port: port) { return .addresses([literal]) }
        guard (0...65535).contains(port) else { return .failed("address \(port): invalid port") }
        guard !bare.isEmpty else { return .failed("missing address") }
        return .name(bare)
    }

    /// The socket addresses of a lookup's answer, in its order (A records first).
    static func addresses(_ ips: [IPAddress], port: Int) -> [SocketAddress] {
        ips.compactMap { SocketAddress(ipLiteral: $0.description, port: port) }
    }
}
