// kubelet-lite — Net/NetCheck.swift
// One TCP or HTTP check as a state machine in the supervisor's epoll loop (architecture §8.10):
// resolve → connect → (TLS) → send → read head → (redirect: next hop) → read body, under one deadline.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteNet

/// One in-flight TCP, HTTP or HTTPS attempt, driven by the given `EventLoop`; nothing in it blocks:
/// host names go through `HostLookup`, TLS through memory BIOs (`TLSClient`).
///
/// Guarantees: the completion runs exactly once, always from a loop callback (never inside the
/// factory call), and never after `cancel()`; when it runs, or when `cancel()` returns, the socket
/// is closed and unregistered and every timer is cancelled. The loop keeps the check alive while
/// it runs, so a caller that does not need `cancel()` may drop the returned object.
public final class NetCheck {
    /// What is being checked.
    enum Target { case tcp(host: String, port: Int), http(HTTPRequestSpec) }
    /// Where the current hop is; `done` once completed or cancelled.
    enum Stage { case starting, connecting, sending, receiving, done }

    let loop: EventLoop
    let target: Target
    var completion: ((NetOutcome) -> Void)?
    var stage = Stage.starting
    var timers: [EventLoop.TimerToken] = []

    // The socket of the current hop.
    var fd: Int32 = -1
    var readBuffer: [UInt8] = []

    // Dialing: addresses tried in order; Go reports the first error when all fail.
    var addresses: [SocketAddress] = []
    var nextAddress = 0
    var firstDialError: String?
    var remote: SocketAddress?
    var local: SocketAddress?
    /// The host name lookup in flight, if any.
    var lookup: HostLookup?
    /// The TLS session of an https hop.
    var tls: TLSClient?

    // HTTP state across hops.
    var headers: HTTPRequestHeaders?
    var originalURL: HTTPURL?
    var url: HTTPURL?
    var hostOverride: String?
    var referer: String?
    var requestsMade = 0
    var outgoing: [UInt8] = []
    var sent = 0
    var parser = HTTPResponseParser()
    /// Status of the response being returned, once its head is accepted (body phase).
    var finalStatus: Int?
    /// Set when the final response is a redirect to another host (not followed).
    var unfollowedLocation: String?

    private init(loop: EventLoop, target: Target, completion: @escaping (NetOutcome) -> Void) {
        self.loop = loop
        self.target = target
        self.completion = completion
    }

    /// Opens a TCP connection to `host:port` and closes it at once (the kubelet's tcpSocket probe).
    /// `timeout` nil means no deadline.
    @discardableResult
    public static func tcp(host: String, port: Int, timeout: Micros?, loop: EventLoop,
                           completion: @escaping (NetOutcome) -> Void) -> NetCheck {
        let check = NetCheck(loop: loop, target: .tcp(host: host, port: port), completion: completion)
        check.arm(timeout)
        return check
    }

    /// Performs an HTTP GET (the kubelet's httpGet probe or hook). `timeout` covers the whole
    /// attempt, redirects included (Go's `Client.Timeout`); nil means none, as for hooks.
    @discardableResult
    public static func http(_ spec: HTTPRequestSpec, timeout: Micros?, loop: EventLoop,
                            completion: @escaping (NetOutcome) -> Void) -> NetCheck {
        let check = NetCheck(loop: loop, target: .http(spec), completion: completion)
        check.arm(timeout)
        return check
    }

    /// Stops the attempt: closes the socket, cancels the timers, drops the completion uncalled.
    /// Idempotent, and harmless after completion.
    public func cancel() {
        guard stage != .done else { return }
        stage = .done
        completion = nil
        teardown()
    }

    /// The current hop's socket, or -1: lets tests prove the socket is closed when they expect it.
    var socketForTesting: Int32 { fd }

    // MARK: - Start and finish

    func arm(_ timeout: Micros?) {
        // Work starts on the next loop turn, so even an instant answer (ECONNREFUSED on loopback,
        // a bad header) reaches the completion from the loop, never from inside the factory.
        // Scheduled before the deadline so a zero timeout still orders start, then expiry.
        timers.append(loop.schedule(at: loop.now()) { [self] in begin() })
        if let timeout {
            timers.append(loop.schedule(at: loop.now() + timeout) { [self] in expire() })
        }
    }

    func begin() {
        guard stage == .starting else { return }
        switch target {
        case .tcp(let host, let port):
            startDial(host: host, port: port)
        case .http(let spec):
            let first = HTTPURL(spec: spec)
            originalURL = first
            url = first
            do {
                let h = try HTTPRequestHeaders(spec: spec)
                headers = h
                hostOverride = h.hostOverride
            } catch {
                return fail(error.message)
            }
            beginHop()
        }
    }

    func finish(_ outcome: NetOutcome) {
        guard stage != .done else { return }
        stage = .done
        teardown()
        let done = completion
        completion = nil
        done?(outcome)
    }

    /// A transport error in Go's wording: bare for TCP, inside `Get "url": …` for HTTP.
    func fail(_ detail: String) {
        switch target {
        case .tcp: finish(.failed(detail))
        case .http: finish(.failed(GoText.get(url?.string ?? "", detail)))
        }
    }

    func teardown() {
        lookup?.cancel()
        lookup = nil
        tls = nil
        closeSocket()
        for t in timers { loop.cancel(t) }
        timers.removeAll()
        readBuffer = []
    }

    func closeSocket() {
        guard fd >= 0 else { return }
        loop.unregister(fd)
        _ = close(fd)
        fd = -1
    }

    /// The deadline: Go's dial timeout for TCP; Client.Timeout for HTTP, worded by phase.
    func expire() {
        guard stage != .done else { return }
        switch target {
        case .tcp(let host, let port):
            finish(.failed(GoText.dial(remote?.description ?? joinHostPort(host, port), "i/o timeout")))
        case .http:
            if let status = finalStatus {
                finish(.bodyReadFailed(status: status, message: GoText.bodyTimeout))
            } else {
                fail(GoText.headerTimeout)
            }
        }
    }

    // MARK: - Dialing

    func startDial(host: String, port: Int) {
        switch AddressResolution.resolve(host: host, port: port) {
        case .failed(let text):
            fail("dial tcp: \(text)")
        case .addresses(let list):
            dial(list)
        case .name(let name):
            // The deadline covers the lookup: expiry cancels it with everything else.
            lookup = HostLookup.start(name, loop: loop) { [unowned self] result in
                lookup = nil
                switch result {
                case .success(let ips): dial(AddressResolution.addresses(ips, port: port))
                case .failure(let error): fail("dial tcp: \(error)")
                }
            }
        }
    }

    func dial(_ list: [SocketAddress]) {
        addresses = list
        nextAddress = 0
        firstDialError = nil
        dialNext()
    }

    func dialNext() {
        guard nextAddress < addresses.count else { return fail(firstDialError ?? "dial tcp: no address") }
        let address = addresses[nextAddress]
        nextAddress += 1
        remote = address
        switch TCPSocket.startConnect(to: address) {
        case .connected(let s):
            if adopt(s, events: KL_EV_OUT) { connected() }
        case .inProgress(let s):
            if adopt(s, events: KL_EV_OUT) { stage = .connecting }
        case .failed(let call, let code):
            dialFailed(call, code)
        }
    }

    func dialFailed(_ call: String, _ code: Int32) {
        closeSocket()
        if firstDialError == nil {
            firstDialError = GoText.dial(remote?.description ?? "", "\(call): \(GoText.errno(code))")
        }
        dialNext()
    }

    /// Takes ownership of a fresh socket and parks it in the loop; false (and failed) if epoll refuses.
    func adopt(_ s: Int32, events: UInt32) -> Bool {
        fd = s
        do {
            try loop.register(s, events: events) { [self] ready in handle(ready) }
            return true
        } catch {
            _ = close(s)
            fd = -1
            fail(error.description)
            return false
        }
    }

    func connected() {
        switch target {
        case .tcp:
            // The kubelet's TCP probe only needs the handshake: close at once.
            finish(.connected)
        case .http:
            guard let headers, let url else { return }
            local = SocketAddress.local(of: fd)
            let head = headers.head(for: url, hostOverride: hostOverride, referer: referer)
            sent = 0
            if url.scheme == "https" {
                // The request waits inside the session until the handshake is done.
                guard startTLS(host: url.host, request: head) else { return }
            } else {
                outgoing = head
            }
            stage = .sending
            flush()
        }
    }

    // MARK: - Events

    func handle(_ events: UInt32) {
        switch stage {
        case .connecting:
            switch TCPSocket.connectState(fd) {
            case .pending: return   // a stale or early wake-up; the handshake is still going
            case .failed(let code): dialFailed("connect", code)
            case .connected: connected()
            }
        case .sending: flush()
        case .receiving:
            if sent < outgoing.count { flushMore() }
            receive()
        case .starting, .done: return
        }
    }

    func flush() {
        while sent < outgoing.count {
            switch TCPSocket.send(fd, outgoing, from: sent) {
            case .bytes(let n): sent += n
            case .wouldBlock: return watch(KL_EV_OUT)
            case .endOfStream: return   // send(2) never reports it
            case .failed(let code):
                return fail(GoText.io("write", local: local?.description, remote: remote?.description ?? "", errno: code))
            }
        }
        stage = .receiving
        if readBuffer.isEmpty { readBuffer = [UInt8](repeating: 0, count: 16 * 1024) }
        watch(KL_EV_IN | KL_EV_RDHUP)
    }

    /// Changes what the socket waits for; a loop that cannot do that cannot run the check.
    func watch(_ events: UInt32) {
        do throws(SystemError) {
            try loop.update(fd, events: events)
        } catch {
            fail(error.description)
        }
    }

}
