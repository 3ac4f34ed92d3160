// kubelet-lite — ControlSocket.swift
// STATE/pods/NS_NAME/control.sock: how `delete` asks a running supervisor to stop its pod.

import CKubeletLiteShims
import Glibc
import KubeletLiteModel

/// A request sent over the control socket, one JSON object per line.
public struct ControlRequest: Sendable, Equatable {
    /// `delete`: stop the pod gracefully, with this grace instead of the pod's if given.
    public var gracePeriodSeconds: Int64?

    public init(gracePeriodSeconds: Int64?) { self.gracePeriodSeconds = gracePeriodSeconds }

    var line: String {
        var o = JSONObject([("verb", .string("delete"))])
        if let g = gracePeriodSeconds { o["gracePeriodSeconds"] = .int(g) }
        return JSONValue.object(o).serialized() + "\n"
    }

    static func parse(_ bytes: [UInt8]) -> ControlRequest? {
        guard let value = try? JSONParser.parse(bytes), value["verb"]?.stringValue == "delete" else { return nil }
        if let g = value["gracePeriodSeconds"], g != .null {
            guard let n = g.int64Value, n >= 0 else { return nil }
            return ControlRequest(gracePeriodSeconds: n)
        }
        return ControlRequest(gracePeriodSeconds: nil)
    }
}

/// The supervisor's end: a non-blocking Unix socket (mode 0600) in the event loop. Connections stay
/// open until the supervisor exits, so a client that waits sees the end of the pod as end of file.
final class ControlSocket {
    private let dir: SecureDirectory
    private let fd: Int32
    private unowned let loop: EventLoop
    private var clients: [Int32: [UInt8]] = [:]
    private let onRequest: (ControlRequest) -> Void

    /// Listens on `control.sock` in the pod's directory (bound through the directory's descriptor,
    /// so the length of the state directory's path never matters).
    init(in dir: SecureDirectory, loop: EventLoop, onRequest: @escaping (ControlRequest) -> Void) throws(SystemError) {
        self.dir = dir
        self.loop = loop
        self.onRequest = onRequest
        let path = dir.path + "/control.sock"
        guard var address = UnixAddress.make(dir.shortPath + "/control.sock") else {
            throw SystemError("control socket path is too long:", path, errno: 0)
        }
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket(AF_UNIX)") }
        dir.remove("control.sock")
        // Created 0600 from the start: no window in which another user could connect.
        let oldMask = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(oldMask)
        guard bound == 0, listen(fd, 8) == 0 else {
            let e = SystemError("bind", path)
            Glibc.close(fd)
            throw e
        }
        try loop.register(fd, urgent: true) { [unowned self] _ in self.acceptAll() }
    }

    private func acceptAll() {
        while true {
            let client = retryingOnInterrupt { kl_accept_nonblock(fd) }
            guard client >= 0 else { return }  // EAGAIN: no one else waits; anything else: try next wake-up
            clients[client] = []
            do throws(SystemError) {
                try loop.register(client, urgent: true) { [unowned self] _ in self.read(client) }
            } catch {
                Glibc.close(client)
                clients[client] = nil
            }
        }
    }

    private func read(_ client: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = retryingOnInterrupt { buffer.withUnsafeMutableBytes { Glibc.read(client, $0.baseAddress, $0.count) } }
        if n < 0 && errno == EAGAIN { return }
        guard n > 0 else { return drop(client) }
        clients[client, default: []] += buffer[0..<n]
        guard let data = clients[client], let newline = data.firstIndex(of: UInt8(ascii: "\n")) else {
            if (clients[client]?.count ?? 0) > 4096 { drop(client) }
            return
        }
        clients[client] = []
        guard let request = ControlRequest.parse(Array(data[..<newline])) else {
            writeAll(client, "error: not a request kubelet-lite understands\n")
            return drop(client)
        }
        // The connection stays open: its end of file tells a waiting client the pod has ended. The
        // answer comes after the request was handled, so that what the client reads next (pod.json,
        // with its deletionTimestamp) already shows it, as after kubectl's delete.
        loop.unregister(client)
        onRequest(request)
        if clients[client] != nil { writeAll(client, "ok\n") }
    }

    private func drop(_ client: Int32) {
        loop.unregister(client)
        Glibc.close(client)
        clients[client] = nil
    }

    /// Closes every connection (waiting clients see end of file) and removes the socket.
    func close() {
        for client in clients.keys {
            loop.unregister(client)
            Glibc.close(client)
        }
        clients.removeAll()
        loop.unregister(fd)
        Glibc.close(fd)
        dir.remove("control.sock")
    }
}

/// `sockaddr_un` for a path, which must fit its 108 bytes.
enum UnixAddress {
    /// Calls `body` with an address for `path` whatever its length: a long one is reached through
    /// a descriptor of its directory (`/proc/self/fd/N/NAME`), open only during `body`.
    static func with<R>(_ path: String, _ body: (inout sockaddr_un) -> R) -> R? {
        if var address = make(path) { return body(&address) }
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let parent = retryingOnInterrupt { open(String(path[..<slash]), O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard parent >= 0 else { return nil }
        defer { close(parent) }
        guard var address = make("/proc/self/fd/\(parent)" + path[slash...]) else { return nil }
        return body(&address)
    }

    static func make(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// A new connection to the socket at `path`, kept open only to learn by its end of file that the
    /// supervisor has exited; -1 if no supervisor listens.
    static func watch(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -1 }
        if connect(fd, path) != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    /// connect(2) to the Unix socket at `path` (any length); 0, or -1 with errno.
    static func connect(_ fd: Int32, _ path: String) -> Int32 {
        let result: Int32? = with(path) { address in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                    retryingOnInterrupt { Glibc.connect(fd, generic, socklen_t(MemoryLayout<sockaddr_un>.size)) }
                }
            }
        }
        guard let result else {
            errno = ENAMETOOLONG
            return -1
        }
        return result
    }
}

/// The client's end, for `delete`.
public enum ControlClient {
    /// What became of a request.
    public enum Outcome: Sendable {
        /// The supervisor answered `ok`; the connection stays open until it exits.
        case accepted(HeldConnection)
        case notRunning
        case failed(String)
    }

    /// Sends `request` to the supervisor at `path` and reads its answer.
    public static func send(_ request: ControlRequest, to path: String) -> Outcome {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failed("socket: \(SystemError.text(errno))") }
        let connection = HeldConnection(fd)
        guard UnixAddress.connect(fd, path) == 0 else {
            return errno == ENOENT || errno == ECONNREFUSED ? .notRunning : .failed("connect \(path): \(SystemError.text(errno))")
        }
        guard writeAll(fd, request.line) else { return .failed("write: \(SystemError.text(errno))") }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while !reply.contains(UInt8(ascii: "\n")) {
            let n = retryingOnInterrupt { buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
            guard n > 0 else { return .failed("the supervisor closed the connection without an answer") }
            reply += buffer[0..<n]
        }
        let text = String(decoding: reply, as: UTF8.self)
        guard text.hasPrefix("ok") else { return .failed(String(text.split(separator: "\n").first ?? "")) }
        return .accepted(connection)
    }
}

/// A connection the supervisor keeps open until it exits (architecture §7.3).
public final class HeldConnection: Sendable {
    private let fd: Int32

    init(_ fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Blocks until the supervisor has exited, after its pod ended: end of file comes then.
    public func waitForExit() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while retryingOnInterrupt({ buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }) > 0 {}
    }
}
