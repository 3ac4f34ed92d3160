// kubelet-lite — Net/HostLookup.swift
// A host name lookup in the event loop (architecture §8.10): /etc/hosts, then the servers of
// /etc/resolv.conf over non-blocking UDP (TCP when a reply is truncated or `use-vc` asks for it).
// KubeletLiteNet's DNSLookup decides what to ask and what a reply means; this moves the bytes.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteNet

/// One lookup in flight. Never blocks: every exchange is a non-blocking socket parked in the
/// loop with its own timer. The completion runs once, from a loop callback, never after `cancel()`.
/// The caller's deadline (a probe's timeout) bounds it by cancelling it.
final class HostLookup {
    /// Where the files are read from; tests point them elsewhere.
    nonisolated(unsafe) static var hostsPath = HostsFile.defaultPath
    nonisolated(unsafe) static var resolvConfPath = ResolverConfig.defaultPath

    /// One exchange's socket and timer; `buffer` collects a TCP reply.
    private struct Running {
        var exchange: DNSLookup.Exchange
        var fd: Int32
        var timer: EventLoop.TimerToken
        var buffer: [UInt8] = []
        var sent = false
    }

    private let loop: EventLoop
    private var lookup: DNSLookup
    private var completion: ((Result<[IPAddress], DNSLookupError>) -> Void)?
    private var running: [Int: Running] = [:]
    private var startTimer: EventLoop.TimerToken?

    private init(host: String, loop: EventLoop, completion: @escaping (Result<[IPAddress], DNSLookupError>) -> Void) {
        self.loop = loop
        // Re-read on every lookup, as Go re-reads them when they change: both are small local files.
        lookup = DNSLookup(host: host, config: ResolverConfig.load(path: Self.resolvConfPath),
                           hosts: HostsFile.load(path: Self.hostsPath))
        self.completion = completion
    }

    /// Starts resolving `host` (a name or an IP literal); the answer comes from a later loop turn.
    static func start(_ host: String, loop: EventLoop,
                      completion: @escaping (Result<[IPAddress], DNSLookupError>) -> Void) -> HostLookup {
        let lookup = HostLookup(host: host, loop: loop, completion: completion)
        lookup.startTimer = loop.schedule(at: loop.now()) { [lookup] in
            lookup.startTimer = nil
            lookup.apply(lookup.lookup.start())
        }
        return lookup
    }

    /// Stops every exchange; the completion is dropped uncalled. Idempotent.
    func cancel() {
        completion = nil
        if let startTimer { loop.cancel(startTimer) }
        startTimer = nil
        for token in Array(running.keys) { stop(token) }
    }

    private func apply(_ step: DNSLookup.Step) {
        guard completion != nil else { return }
        switch step {
        case .wait: return
        case .start(let exchanges): for e in exchanges { begin(e) }
        case .resolved(let addresses): finish(.success(addresses))
        case .failed(let error): finish(.failure(error))
        }
    }

    private func finish(_ result: Result<[IPAddress], DNSLookupError>) {
        let done = completion
        cancel()
        done?(result)
    }

    // MARK: - Exchanges

    private func begin(_ e: DNSLookup.Exchange) {
        let family = if case .v4 = e.serverAddress { AF_INET } else { AF_INET6 }
        let kind = e.transport == .udp ? SOCK_DGRAM : SOCK_STREAM
        let fd = socket(family, Int32(kind.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return failSoon(e, "socket: \(GoText.errno(errno))") }
        guard let address = SocketAddress(ipLiteral: e.serverAddress.description, port: e.port) else {
            close(fd)
            return failSoon(e, "bad server address \(e.server)")
        }
        let rc = address.withSockaddr { connect(fd, $0, $1) }
        if rc != 0 && errno != EINPROGRESS && errno != EINTR {
            let text = "dial \(e.transport == .udp ? "udp" : "tcp") \(e.server): connect: \(GoText.errno(errno))"
            close(fd)
            return failSoon(e, text)
        }
        let deadline = loop.now() + Micros(Int64(e.timeout.components.seconds) * 1_000_000
                                           + e.timeout.components.attoseconds / 1_000_000_000_000)
        let timer = loop.schedule(at: deadline) { [unowned self] in self.failed(e.token, "i/o timeout") }
        running[e.token] = Running(exchange: e, fd: fd, timer: timer)
        do throws(SystemError) {
            try loop.register(fd, events: KL_EV_OUT | KL_EV_IN) { [unowned self] _ in self.ready(e.token) }
        } catch {
            failed(e.token, error.description)
        }
    }

    /// A failure found before the exchange was parked: reported from the next loop turn.
    private func failSoon(_ e: DNSLookup.Exchange, _ text: String) {
        loop.schedule(at: loop.now()) { [weak self] in
            guard let self, self.completion != nil else { return }
            self.apply(self.lookup.exchangeFailed(e, goError: text))
        }
    }

    private func ready(_ token: Int) {
        guard var r = running[token] else { return }
        if !r.sent {
            if case .failed(let code) = TCPSocket.connectState(r.fd), r.exchange.transport == .tcp {
                return failed(token, "dial tcp \(r.exchange.server): connect: \(GoText.errno(code))")
            }
            if r.exchange.transport == .tcp, SocketAddress.peer(of: r.fd) == nil { return }
            // Queries are a few hundred bytes: one send takes them whole or not at all.
            switch TCPSocket.send(r.fd, r.exchange.payload, from: 0) {
            case .bytes(let n) where n == r.exchange.payload.count: r.sent = true
            case .wouldBlock: return
            case .failed(let code): return failed(token, "write: \(GoText.errno(code))")
            default: return failed(token, "short write")
            }
            running[token] = r
            do throws(SystemError) { try loop.update(r.fd, events: KL_EV_IN) } catch { return failed(token, error.description) }
        }
        receive(token)
    }

    private func receive(_ token: Int) {
        guard var r = running[token] else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            switch TCPSocket.receive(r.fd, into: &chunk) {
            case .bytes(let n):
                if r.exchange.transport == .udp {
                    let step = lookup.received(Array(chunk[0..<n]), on: r.exchange)
                    // A reply that did not match leaves the exchange waiting for the right one.
                    if !lookup.isLive(r.exchange) { stop(token) }
                    apply(step)
                    guard running[token] != nil else { return }
                    continue
                }
                r.buffer += chunk[0..<n]
                running[token] = r
                if let message = DNSMessage.takeTCPMessage(from: &r.buffer) {
                    stop(token)
                    return apply(lookup.received(message, on: r.exchange))
                }
            case .wouldBlock: return
            case .endOfStream: return failed(token, "EOF")
            case .failed(let code): return failed(token, "read: \(GoText.errno(code))")
            }
        }
    }

    private func failed(_ token: Int, _ text: String) {
        guard let r = running[token] else { return }
        stop(token)
        apply(lookup.exchangeFailed(r.exchange, goError: text))
    }

    private func stop(_ token: Int) {
        guard let r = running.removeValue(forKey: token) else { return }
        loop.cancel(r.timer)
        loop.unregister(r.fd)
        close(r.fd)
    }
}
