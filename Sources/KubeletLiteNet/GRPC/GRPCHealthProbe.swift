// kubelet-lite — GRPC/GRPCHealthProbe.swift
// One gRPC probe attempt as the kubelet makes it (pkg/probe/grpc/grpc.go), sans-IO: the event
// loop adapter connects, moves bytes and reports the deadline; this decides the outcome text.

/// A gRPC health probe: `grpc.DialContext(WithBlock)` then `Health/Check`, under one deadline.
///
/// The adapter's part:
/// 1. Connect TCP to `host:port`; a failed connect is `connectFailed()`.
/// 2. Write `outgoing()` whenever it is non-empty (also after every `receive`).
/// 3. Feed what it reads to `receive(_:)`; EOF or a read/write error is `transportEnded(_:)`.
/// 4. On `.redial(after:)`: close the socket; if the delay ends before the deadline, call
///    `redialed()` and go back to 1. gRPC-Go keeps dialing until the deadline, so a refused
///    port or a peer that never sends the HTTP/2 server preface ends in the connect timeout.
/// 5. At the deadline (the probe's timeout, which also covers a host name lookup) call
///    `deadlineExpired()`.
/// `.finished` ends the attempt: close the socket, cancel the timer.
public struct GRPCHealthProbe: Sendable {
    /// What the adapter must do next.
    public enum Event: Equatable, Sendable {
        /// Keep the socket open: write `outgoing()`, keep reading.
        case pending
        /// The attempt is decided.
        case finished(GRPCProbeOutcome)
        /// The connection failed before its server preface: close it, dial again after the delay.
        case redial(after: Duration)
    }

    /// `host:port` as `net.JoinHostPort` writes it; it appears in the connect timeout text.
    public let address: String
    public let timeout: Duration
    public private(set) var outcome: GRPCProbeOutcome?
    /// The server's SETTINGS arrived on the current connection: gRPC-Go's READY.
    public private(set) var connected = false
    /// Failed dial attempts so far (the backoff index).
    public private(set) var failedDials = 0
    private let request: HTTP2Request
    private var connection: HTTP2ClientConnection

    /// `probeUserAgent` is the kubelet's `kube-probe/<major>.<minor>`; gRPC-Go's suffix is added.
    public init(host: String, port: Int, service: String, timeout: Duration, probeUserAgent: String) {
        address = GoFormat.joinHostPort(host, port)
        self.timeout = timeout
        request = GRPCHealthCheck.request(host: host, port: port, service: service, timeout: timeout,
                                          userAgent: GRPCHealthCheck.userAgent(probeUserAgent: probeUserAgent))
        connection = HTTP2ClientConnection(request: request)
    }

    /// Bytes to write to the current connection.
    public mutating func outgoing() -> [UInt8] { connection.outgoing() }

    /// Bytes read from the current connection.
    public mutating func receive<C: Collection>(_ bytes: C) -> Event where C.Element == UInt8 {
        if let outcome { return .finished(outcome) }
        do {
            try connection.receive(bytes)
        } catch {
            return failed(error)
        }
        if connection.phase != .awaitingServerPreface { connected = true }
        if let status = GRPCHealthCheck.earlyFailure(partialBody: connection.bodyReceived) { return finish(status) }
        guard let response = connection.response else { return .pending }
        switch GRPCHealthCheck.result(of: response) {
        case .success(.serving): return finish(.success(KubeletGRPCText.healthy))
        case .success(let other): return finish(.failure(KubeletGRPCText.unhealthy(other)))
        case .failure(let status): return finish(status)
        }
    }

    /// The connection ended: `readError` nil for EOF, else Go's wording of the socket error
    /// (`read tcp 10.0.0.1:5555->10.0.0.5:9000: read: connection reset by peer`).
    public mutating func transportEnded(_ readError: String? = nil) -> Event {
        if let outcome { return .finished(outcome) }
        guard connected else { return redial() }
        guard let readError else {
            do {
                try connection.connectionClosed()
            } catch {
                return failed(error)
            }
            return .pending
        }
        return finish(GRPCTransportText.connectionLost(readError, after: connection.goAwayReceived))
    }

    /// The TCP connect failed (refused, unreachable, reset): gRPC-Go backs off and dials again.
    public mutating func connectFailed() -> Event {
        if let outcome { return .finished(outcome) }
        return redial()
    }

    /// A new TCP connection is up after `.redial`: start the HTTP/2 exchange afresh.
    public mutating func redialed() {
        connection = HTTP2ClientConnection(request: request)
        connected = false
    }

    /// The probe's deadline: which text depends on whether the connection was ever READY.
    @discardableResult
    public mutating func deadlineExpired() -> GRPCProbeOutcome {
        if let outcome { return outcome }
        let text = connected ? KubeletGRPCText.rpcTimeout(timeout)
            : KubeletGRPCText.connectTimeout(address: address, timeout: timeout)
        outcome = .failure(text)
        return .failure(text)
    }

    private mutating func failed(_ error: HTTP2Error) -> Event {
        // Before the server preface the transport never became READY: gRPC-Go retries.
        guard connected else { return redial() }
        return finish(GRPCTransportText.status(for: error, goAway: connection.goAwayReceived))
    }

    private mutating func redial() -> Event {
        let delay = GRPCDialBackoff.delay(retry: failedDials)
        failedDials += 1
        connected = false
        return .redial(after: delay)
    }

    private mutating func finish(_ status: GRPCStatus) -> Event {
        finish(.failure(KubeletGRPCText.rpcFailed(status, timeout: timeout)))
    }

    private mutating func finish(_ result: GRPCProbeOutcome) -> Event {
        outcome = result
        return .finished(result)
    }
}
