// kubelet-lite — NotifyListener.swift (end-to-end)
// A real AF_UNIX datagram socket standing in for systemd's notify socket: it records every message
// with the monotonic time it arrived, on a thread of its own (architecture §9.5).

import Glibc

/// Binds `address` (a path, or `@name` for the abstract namespace) and records each datagram.
final class NotifyListener: @unchecked Sendable {
    /// One datagram: when it arrived (CLOCK_MONOTONIC seconds, as `E2E.now()`) and its text.
    struct Message {
        let at: Double
        let text: String
        /// The value of `KEY=` in this datagram, if it has that line.
        func value(_ key: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
    }

    let address: String
    private let fd: Int32
    private var lock = pthread_mutex_t()
    private var received: [Message] = []
    private var stopped = false

    init(_ address: String) {
        self.address = address
        pthread_mutex_init(&lock, nil)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var sa = sockaddr_un()
        sa.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &sa.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
        let length = socklen_t(2 + bytes.count + (bytes.first == 0 ? 0 : 1))
        let rc = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        precondition(rc == 0, "bind \(address): errno \(errno)")
        detachThread { [self] in receive() }
    }

    /// Every message so far, in arrival order.
    var messages: [Message] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return received
    }

    /// The messages that have a `KEY=` line.
    func with(_ key: String) -> [Message] { messages.filter { $0.value(key) != nil } }

    /// Stops the receiving thread; it closes the socket.
    func stop() {
        pthread_mutex_lock(&lock)
        stopped = true
        pthread_mutex_unlock(&lock)
    }

    /// The messages, one a line with its arrival in milliseconds since the first, for failure reports.
    var transcript: String {
        let all = messages
        let origin = all.first?.at ?? 0
        return all.map { "+\(Int(($0.at - origin) * 1000))ms \($0.text.replacingOccurrences(of: "\n", with: " | "))" }
            .joined(separator: "\n")
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            pthread_mutex_lock(&lock)
            let done = stopped
            pthread_mutex_unlock(&lock)
            if done { break }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { continue }
            let message = Message(at: E2E.now(), text: String(decoding: buffer.prefix(n), as: UTF8.self))
            pthread_mutex_lock(&lock)
            received.append(message)
            pthread_mutex_unlock(&lock)
        }
        close(fd)
    }
}
