// kubelet-lite — Net/NetCheck.swift
// One TCP or HTTP check as a state machine in the supervisor's epoll loop (architecture §8.10):
// resolve → connect → send → read head → (redirect: next hop) → read body, under one deadline.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle

/// One in-flight TCP or HTTP attempt, driven by the given `EventLoop`; nothing in it blocks except
/// `getaddrinfo` for host names (see `AddressResolution`).
///
/// Guarantees: the completion runs exactly once, always from a loop callback (never inside the
/// factory call), and never after `cancel()`; when it runs, or when `cancel()` returns, the socket
/// is closed and unregistered and every timer is cancelled. The loop keeps the check alive while
/// it runs, so a caller that does not need `cancel()` may drop the returned object.
public final class NetCheck {
    /// What is being checked.
    private enum Target { case tcp(host: String, port: Int), http(HTTPRequestSpec) }
    /// Where the current hop is; `done` once completed or cancelled.
    private enum Stage { case starting, connecting, sending, receiving, done }

    private let loop: EventLoop
    private let target: Target
    private var completion: ((NetOutcome) -> Void)?
    private var stage = Stage.starting
    private var timers: [EventLoop.TimerToken] = []

    // The socket of the current hop.
    private var fd: Int32 = -1
    private var readBuffer: [UInt8] = []

    // Dialing: addresses tried in order; Go reports the first error when all fail.
    private var addresses: [SocketAddress] = []
    private var nextAddress = 0
    private var firstDialError: String?
    private var remote: SocketAddress?
    private var local: SocketAddress?

    // HTTP state across hops.
    private var headers: HTTPRequestHeaders?
    private var originalURL: HTTPURL?
    private var url: HTTPURL?
    private var hostOverride: String?
    private var referer: String?
    private var requestsMade = 0
    private var outgoing: [UInt8] = []
    private var sent = 0
    private var parser = HTTPResponseParser()
    /// Status of the response being returned, once its head is accepted (body phase).
    private var finalStatus: Int?
    /// Set when the final response is a redirect to another host (not followed).
    private var unfollowedLocation: String?

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

    private func arm(_ timeout: Micros?) {
        // Work starts on the next loop turn, so even an instant answer (ECONNREFUSED on loopback,
        // a bad header) reaches the completion from the loop, never from inside the factory.
        // Scheduled before the deadline so a zero timeout still orders start, then expiry.
        timers.append(loop.schedule(at: loop.now()) { [self] in begin() })
        if let timeout {
            timers.append(loop.schedule(at: loop.now() + timeout) { [self] in expire() })
        }
    }

    private func begin() {
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

    private func finish(_ outcome: NetOutcome) {
        guard stage != .done else { return }
        stage = .done
        teardown()
        let done = completion
        completion = nil
        done?(outcome)
    }

    /// A transport error in Go's wording: bare for TCP, inside `Get "url": …` for HTTP.
    private func fail(_ detail: String) {
        switch target {
        case .tcp: finish(.failed(detail))
        case .http: finish(.failed(GoText.get(url?.string ?? "", detail)))
        }
    }

    private func teardown() {
        closeSocket()
        for t in timers { loop.cancel(t) }
        timers.removeAll()
        readBuffer = []
    }

    private func closeSocket() {
        guard fd >= 0 else { return }
        loop.unregister(fd)
        _ = close(fd)
        fd = -1
    }

    /// The deadline: Go's dial timeout for TCP; Client.Timeout for HTTP, worded by phase.
    private func expire() {
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

    private func startDial(host: String, port: Int) {
        switch AddressResolution.resolve(host: host, port: port) {
        case .failed(let text):
            fail("dial tcp: \(text)")
        case .addresses(let list):
            addresses = list
            nextAddress = 0
            firstDialError = nil
            dialNext()
        }
    }

    private func dialNext() {
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

    private func dialFailed(_ call: String, _ code: Int32) {
        closeSocket()
        if firstDialError == nil {
            firstDialError = GoText.dial(remote?.description ?? "", "\(call): \(GoText.errno(code))")
        }
        dialNext()
    }

    /// Takes ownership of a fresh socket and parks it in the loop; false (and failed) if epoll refuses.
    private func adopt(_ s: Int32, events: UInt32) -> Bool {
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

    private func connected() {
        switch target {
        case .tcp:
            // The kubelet's TCP probe only needs the handshake: close at once.
            finish(.connected)
        case .http:
            guard let headers, let url else { return }
            local = SocketAddress.local(of: fd)
            outgoing = headers.head(for: url, hostOverride: hostOverride, referer: referer)
            sent = 0
            stage = .sending
            flush()
        }
    }

    // MARK: - Events

    private func handle(_ events: UInt32) {
        switch stage {
        case .connecting:
            switch TCPSocket.connectState(fd) {
            case .pending: return   // a stale or early wake-up; the handshake is still going
            case .failed(let code): dialFailed("connect", code)
            case .connected: connected()
            }
        case .sending: flush()
        case .receiving: receive()
        case .starting, .done: return
        }
    }

    private func flush() {
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
    private func watch(_ events: UInt32) {
        do throws(SystemError) {
            try loop.update(fd, events: events)
        } catch {
            fail(error.description)
        }
    }

    /// Reads what is there (bounded per wake-up so one chatty peer cannot starve the loop).
    private func receive() {
        for _ in 0..<8 {
            guard stage == .receiving else { return }
            switch TCPSocket.receive(fd, into: &readBuffer) {
            case .bytes(let n):
                parser.append(readBuffer[0..<n])
                process()
            case .wouldBlock:
                return
            case .endOfStream:
                return react(parser.endOfStream())
            case .failed(let code):
                return readFailed(code)
            }
        }
    }

    private func process() {
        while stage == .receiving {
            let event = parser.advance()
            if event == .needMore { return }
            react(event)
        }
    }

    private func react(_ event: HTTPResponseParser.Event) {
        switch event {
        case .needMore:
            return
        case .headComplete:
            acceptHead()
        case .bodyComplete:
            guard let head = parser.head else { return fail(GoText.broken("unexpected EOF")) }
            if let location = unfollowedLocation {
                finish(.redirectNotFollowed(status: head.status, location: location, body: parser.body))
            } else {
                let location = head.first("Location").flatMap { $0.isEmpty ? nil : $0 }
                finish(.response(status: head.status, location: location, body: parser.body))
            }
        case .failed(let f):
            if f.inBody, let status = finalStatus {
                finish(.bodyReadFailed(status: status, message: f.message))
            } else {
                fail(f.beforeFirstByte ? f.message : GoText.broken(f.message))
            }
        }
    }

    private func readFailed(_ code: Int32) {
        let text = GoText.io("read", local: local?.description, remote: remote?.description ?? "", errno: code)
        if let status = finalStatus {
            finish(.bodyReadFailed(status: status, message: text))
        } else {
            // Go hands back the bare read error when nothing had arrived yet, else "connection broken".
            fail(parser.receivedAny ? GoText.broken(text) : text)
        }
    }

    // MARK: - HTTP hops and redirects

    private func beginHop() {
        guard let url else { return }
        requestsMade += 1
        finalStatus = nil
        parser = HTTPResponseParser()
        switch url.scheme {
        case "http": break
        case "https":
            return fail("HTTPS is not supported by kubelet-lite (no TLS library without dependencies)")
        default:
            return fail("unsupported protocol scheme \(GoText.quote(url.scheme))")
        }
        guard !url.host.isEmpty else { return fail("http: no Host in request URL") }
        startDial(host: url.host, port: url.effectivePort)
    }

    /// The head is in: follow a same-host redirect (Go client + kubelet RedirectChecker rules), or
    /// make this the final response and read its body.
    private func acceptHead() {
        guard case .http(let spec) = target, let head = parser.head, let url, let originalURL else { return }
        let redirect = [301, 302, 303, 307, 308].contains(head.status)
        guard spec.followRedirects, redirect, let location = head.first("Location"), !location.isEmpty else {
            finalStatus = head.status
            return
        }
        guard let next = url.resolve(location) else {
            return fail("failed to parse Location header \(GoText.quote(location)): parse \(GoText.quote(location)): invalid URL")
        }
        // The kubelet compares host names only (`URL.Hostname()`), against the first request.
        if next.host != originalURL.host {
            unfollowedLocation = location
            finalStatus = head.status
            return
        }
        if requestsMade >= HTTPLimits.maxRequests {
            // Go reports this one against the raw Location value.
            return finish(.failed(GoText.get(location, "stopped after 10 redirects")))
        }
        // Go keeps a custom Host only across relative redirects (golang/go#22233).
        if let h = hostOverride, h != url.authority, URIReference(location).scheme == nil {
            hostOverride = h
        } else {
            hostOverride = nil
        }
        // Referer: the previous URL, unless that would leak an https URL to http.
        referer = url.scheme == "https" && next.scheme == "http" ? nil : url.string
        closeSocket()
        self.url = next
        stage = .starting
        beginHop()
    }
}
