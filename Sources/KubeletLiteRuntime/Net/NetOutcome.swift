// kubelet-lite — Net/NetOutcome.swift
// What one TCP or HTTP check produced, and what an HTTP check asks for (lifecycle §8.2, §12.4).

import KubeletLiteLifecycle

/// Result of one network check, before any Kubernetes rule is applied.
///
/// Error texts are worded as Go's `net`/`net/http` would word them, because the kubelet puts
/// `err.Error()` straight into probe output, events and `PostStartHookError` messages.
public enum NetOutcome: Sendable, Equatable {
    /// TCP: the connect succeeded (the socket was closed at once, as the kubelet's TCP probe does).
    case connected
    /// HTTP: the final response after the redirects the client was allowed to follow;
    /// `body` is at most `HTTPLimits.maxBody` bytes (the kubelet reads no more).
    case response(status: Int, location: String?, body: [UInt8])
    /// HTTP: a 301/302/303/307/308 to another host, which the kubelet does not follow.
    /// A probe counts it as success with a `ProbeWarning`.
    case redirectNotFollowed(status: Int, location: String, body: [UInt8])
    /// HTTP: the status and headers arrived but reading the body failed (timeout, reset, a body cut
    /// short, bad chunking). Kept apart from `failed` because the kubelet does: a probe turns it into
    /// a probe *error* (`probe.Failure, "", err`: result discarded, "probe errored" event), while a
    /// hook ignores body errors entirely (`discardHTTPRespBody`) and so succeeds.
    case bodyReadFailed(status: Int, message: String)
    /// Transport error or timeout, e.g. `dial tcp 127.0.0.1:8080: connect: connection refused` or
    /// `Get "http://127.0.0.1:8080/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`.
    case failed(String)
    /// HTTPS: the server answered the handshake in plain HTTP (`Get "https://…": http: server gave
    /// HTTP response to HTTPS client`). Kept apart because an HTTPS hook then retries over HTTP.
    case httpsGotHTTP(String)
}

/// One HTTP GET as a probe or hook describes it (`httpGet` after defaulting and port resolution).
public struct HTTPRequestSpec: Sendable {
    /// The kubelet's probe User-Agent (`kube-probe/<major>.<minor>`), for Kubernetes 1.35.
    public static let probeUserAgent = KubeVersion.probeUserAgent
    /// The kubelet's hook User-Agent (`kube-lifecycle/<major>.<minor>`).
    public static let hookUserAgent = KubeVersion.hookUserAgent

    /// `http` or `https` (compared case-insensitively, as the kubelet lower-cases it).
    public var scheme: String
    /// An IP literal (v4, or v6 with or without brackets) or a host name.
    public var host: String
    public var port: Int
    /// The path as written in the manifest; may carry `?query`. Empty means `/` on the wire.
    public var path: String
    /// `httpHeaders` in manifest order. Names are canonicalised and sorted on the wire as Go does.
    public var headers: [(name: String, value: String)]
    /// Sent unless `headers` names `User-Agent` (an empty value there sends none at all).
    public var userAgent: String
    /// Follow 301/302/303/307/308 to the same host name, at most 10 requests in all (the kubelet's
    /// `RedirectChecker(false)`, used by probes and, since ConsistentHTTPGetHandlers, by hooks).
    public var followRedirects: Bool

    public init(scheme: String = "http", host: String, port: Int, path: String = "/",
                headers: [(name: String, value: String)] = [], userAgent: String = HTTPRequestSpec.probeUserAgent,
                followRedirects: Bool = true) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.headers = headers
        self.userAgent = userAgent
        self.followRedirects = followRedirects
    }
}

/// Fixed sizes of the HTTP client.
public enum HTTPLimits {
    /// The kubelet reads at most 10 KiB of a probe's body (`maxRespBodyLength`).
    public static let maxBody = 10 * 1024
    /// Status line plus headers. Go allows 10 MiB; a probe target that needs more than 1 MiB of
    /// headers is broken, and this bounds what one check can allocate.
    public static let maxHead = 1 << 20
    /// Go's `CheckRedirect` stops when 10 requests have been made.
    public static let maxRequests = 10
}
