// kubelet-lite — GRPC/GRPCProbeText.swift
// The kubelet's gRPC probe messages (pkg/probe/grpc/grpc.go) and gRPC-Go's transport texts and
// dial backoff that decide which of them a node prints.

/// What one gRPC probe attempt concluded, with the kubelet's output text.
public enum GRPCProbeOutcome: Equatable, Sendable {
    /// SERVING; the kubelet's output is "service healthy".
    case success(String)
    /// Anything else; the kubelet counts every error as a probe failure, never as Unknown.
    case failure(String)
}

/// The texts of pkg/probe/grpc/grpc.go, verbatim in shape.
public enum KubeletGRPCText {
    public static let healthy = "service healthy"

    /// `grpc.DialContext` with `WithBlock` ran into the deadline: no connection whose server
    /// preface arrived (refused, reset, silent or non-HTTP/2 peers all end here).
    public static func connectTimeout(address: String, timeout: Duration) -> String {
        "timeout: failed to connect service \(GoFormat.quote(address)) within \(GoFormat.duration(timeout)): context deadline exceeded"
    }

    /// A dial error other than the deadline (gRPC-Go retries transport errors, so in practice
    /// only a target it cannot parse).
    public static func connectError(address: String, detail: String) -> String {
        "error: failed to connect service at \(GoFormat.quote(address)): \(detail)"
    }

    /// The deadline passed after the connection was up, while the RPC was in flight.
    public static func rpcTimeout(_ timeout: Duration) -> String {
        "timeout: health rpc did not complete within \(GoFormat.duration(timeout))"
    }

    /// The RPC ended with a non-OK status.
    public static func rpcFailed(_ status: GRPCStatus, timeout: Duration) -> String {
        switch status.code {
        case .unimplemented:
            "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): \(status.message)"
        case .deadlineExceeded:
            rpcTimeout(timeout)
        default:
            "error: health rpc probe failed: \(status)"
        }
    }

    /// The RPC succeeded with a status other than SERVING.
    public static func unhealthy(_ status: ServingStatus) -> String {
        "service unhealthy (responded with \(GoFormat.quote(status.description)))"
    }
}

/// gRPC-Go's transport texts once a connection is up and then fails.
public enum GRPCTransportText {
    /// The stream's status when the connection ends: gRPC-Go closes the transport with
    /// `connection error: desc = "error reading from server: <err>"` (Unavailable), mentioning
    /// a GOAWAY received before.
    public static func connectionLost(_ readError: String, after goAway: HTTP2GoAway?) -> GRPCStatus {
        let inner = "connection error: desc = " + GoFormat.quote("error reading from server: " + readError)
        guard let goAway else { return GRPCStatus(.unavailable, inner) }
        var prior = "code: \(goAway.code)"
        if !goAway.debugData.isEmpty { prior += ", debug data: " + GoFormat.quote(bytes: goAway.debugData) }
        return GRPCStatus(.unavailable, "closing transport due to: \(inner), received prior goaway: \(prior)")
    }

    /// The stream's status for a failed HTTP/2 exchange.
    public static func status(for error: HTTP2Error, goAway: HTTP2GoAway?) -> GRPCStatus {
        switch error {
        case .streamReset(let code):
            GRPCStatus(GRPCStatusCode.fromHTTP2(code), "stream terminated by RST_STREAM with error code: \(code)")
        case .goAway:
            GRPCStatus(.unavailable, "the stream is rejected because server is draining the connection")
        case .connectionClosed:
            connectionLost("EOF", after: goAway)
        case .connectionError(let code, _):
            connectionLost("connection error: \(code)", after: goAway)
        case .streamError(_, let why):
            GRPCStatus(.internal, why)
        }
    }
}

/// gRPC-Go's default connection backoff (`backoff.DefaultConfig`): 1 s, then ×1.6 with ±20 %
/// jitter, at most 120 s. With `WithBlock`, the kubelet's dial retries on this schedule until
/// the probe's deadline.
public enum GRPCDialBackoff {
    static let baseDelaySeconds = 1.0
    static let multiplier = 1.6
    static let jitter = 0.2
    static let maxDelaySeconds = 120.0

    /// The wait after the `retry`-th failed attempt (0 for the first); `random` is in 0..<1.
    public static func delay(retry: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        guard retry > 0 else { return .seconds(baseDelaySeconds) }
        var seconds = baseDelaySeconds
        var left = retry
        while seconds < maxDelaySeconds, left > 0 {
            seconds *= multiplier
            left -= 1
        }
        seconds = min(seconds, maxDelaySeconds) * (1 + jitter * (random * 2 - 1))
        return .nanoseconds(Int64(max(0, seconds) * 1e9))
    }
}
