// kubelet-lite — Net/TCPConnect.swift
// Non-blocking TCP primitives: open-and-connect, finish a connect, send, receive. No waiting here:
// the caller parks the fd in the event loop and comes back when epoll says so.

import Glibc

/// Thin, errno-returning wrappers over the socket calls a check makes; every socket is
/// `SOCK_NONBLOCK | SOCK_CLOEXEC` from birth (no window where a spawned child could inherit it).
enum TCPSocket {
    /// How a connect started.
    enum Start {
        /// Already connected (possible on loopback), or the handshake is under way: wait for EPOLLOUT.
        case connected(Int32), inProgress(Int32)
        /// Failed at once; `call` is the syscall Go would name (`socket` or `connect`).
        case failed(call: String, errno: Int32)
    }

    /// What a socket that epoll reported writable (or in error) says about its connect.
    enum ConnectState { case connected, pending, failed(Int32) }

    /// The result of one send or recv.
    enum IO { case bytes(Int), wouldBlock, endOfStream, failed(Int32) }

    static func startConnect(to address: SocketAddress) -> Start {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(address.family, type, 0)
        guard fd >= 0 else { return .failed(call: "socket", errno: errno) }
        let rc = address.withSockaddr { sa, len in connect(fd, sa, len) }
        if rc == 0 { return .connected(fd) }
        let e = errno
        // EINTR on a non-blocking connect means the handshake continues in the background.
        if e == EINPROGRESS || e == EINTR { return .inProgress(fd) }
        _ = close(fd)
        return .failed(call: "connect", errno: e)
    }

    /// Reads SO_ERROR. A zero there is only trusted once `getpeername` agrees: a stale event
    /// delivered for a reused fd number must not pass for a finished handshake.
    static func connectState(_ fd: Int32) -> ConnectState {
        var soError: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0 { return .failed(errno) }
        if soError != 0 { return .failed(soError) }
        return SocketAddress.peer(of: fd) == nil ? .pending : .connected
    }

    /// send(2) with MSG_NOSIGNAL: a peer that has gone yields EPIPE, never a SIGPIPE.
    static func send(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> IO {
        let n = bytes.withUnsafeBytes { raw in
            retryingOnInterrupt { Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL)) }
        }
        if n >= 0 { return .bytes(n) }
        return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .failed(errno)
    }

    static func receive(_ fd: Int32, into buffer: inout [UInt8]) -> IO {
        let n = buffer.withUnsafeMutableBytes { raw in
            retryingOnInterrupt { recv(fd, raw.baseAddress, raw.count, 0) }
        }
        if n > 0 { return .bytes(n) }
        if n == 0 { return .endOfStream }
        return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .failed(errno)
    }
}
