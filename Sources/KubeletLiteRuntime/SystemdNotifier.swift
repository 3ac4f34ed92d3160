// kubelet-lite — SystemdNotifier.swift
// systemd's notify socket, spoken directly: one non-blocking datagram per message, nothing linked (architecture §9.5).

import Glibc
import KubeletLiteLifecycle

/// Where `NOTIFY_SOCKET` points: an absolute path, or an abstract name written `@name` (sent with a
/// leading NUL byte, as sd_notify does).
struct NotifySocketAddress: Equatable {
    /// The bytes of `sun_path` as sent: a path without its terminating NUL, or NUL and the abstract name.
    let path: [UInt8]
    let isAbstract: Bool

    /// nil for what sd_notify does not speak either: an empty or relative value, `vsock:`, or a
    /// name too long for `sun_path`.
    init?(_ value: String) {
        var bytes = Array(value.utf8)
        guard bytes.count >= 2, !bytes.contains(0) else { return nil }
        switch bytes[0] {
        case UInt8(ascii: "/"): isAbstract = false
        case UInt8(ascii: "@"): isAbstract = true; bytes[0] = 0
        default: return nil
        }
        // A path needs room for its NUL in the 108 bytes of sun_path; an abstract name does not.
        guard bytes.count <= Self.pathCapacity - (isAbstract ? 0 : 1) else { return nil }
        path = bytes
    }

    static let pathCapacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
    static let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)!

    /// The address length passed to sendto: the family, the name, and a path's NUL.
    var length: socklen_t { socklen_t(Self.pathOffset + path.count + (isAbstract ? 0 : 1)) }

    var sockaddr: sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.enumerated() { raw[i] = byte }
        }
        return address
    }
}

/// What systemd put in the environment for its service: the socket and the watchdog period.
struct NotifyEnvironment: Equatable {
    var socket: NotifySocketAddress?
    /// Half of `WATCHDOG_USEC`: how often WATCHDOG=1 is sent; nil when there is no watchdog for us.
    var watchdogEvery: Micros?

    /// The watchdog is ours when `WATCHDOG_USEC` is a positive number and `WATCHDOG_PID`, if set,
    /// is our pid (a child that inherited the variables must not ping for its parent).
    static func watchdogInterval(usec: String?, pid: String?, ownPID: Int32) -> Micros? {
        guard let usec, let value = Int64(usec), value > 0 else { return nil }
        if let pid, !pid.isEmpty, Int32(pid) != ownPID { return nil }
        return Micros(max(value / 2, 1))
    }

    /// Reads the variables and removes them from the environment, as sd_notify's `unset_environment`
    /// does: nothing kubelet-lite starts inherits them (containers get their own environment anyway).
    static func take() -> NotifyEnvironment {
        func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        let env = NotifyEnvironment(socket: value("NOTIFY_SOCKET").flatMap(NotifySocketAddress.init),
                                    watchdogEvery: watchdogInterval(usec: value("WATCHDOG_USEC"), pid: value("WATCHDOG_PID"),
                                                                    ownPID: getpid()))
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { unsetenv(name) }
        return env
    }
}

/// A datagram socket to systemd's notify socket. A send never blocks: a full or missing socket
/// drops the message (the first failure is reported), since the loop must go on either way.
final class SystemdNotifier {
    private let fd: Int32
    private let address: NotifySocketAddress
    private let diagnostic: (String) -> Void
    private var reported = false

    init?(_ address: NotifySocketAddress, diagnostic: @escaping (String) -> Void) {
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        fd = socket(AF_UNIX, type, 0)
        self.address = address
        self.diagnostic = diagnostic
        if fd < 0 {
            diagnostic("no systemd notifications: \(SystemError("socket(AF_UNIX, SOCK_DGRAM)"))")
            return nil
        }
    }

    deinit { close(fd) }

    /// Sends one message (`KEY=VALUE` lines) as one datagram.
    func send(_ message: String) {
        var target = address.sockaddr
        let sent = withUnsafePointer(to: &target) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                Array(message.utf8).withUnsafeBytes { bytes in
                    retryingOnInterrupt {
                        sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), sa, address.length)
                    }
                }
            }
        }
        if sent < 0 && !reported {
            reported = true
            diagnostic("cannot notify systemd (further failures are not reported): \(SystemError("sendto", "NOTIFY_SOCKET"))")
        }
    }
}
