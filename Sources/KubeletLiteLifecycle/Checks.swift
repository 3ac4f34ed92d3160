// kubelet-lite — Checks.swift
// Probes and hooks as the lifecycle sees them: what to run, and what the runtime observed.

import KubeletLiteModel

/// The three probe types (lifecycle §12).
public enum ProbeKind: String, Hashable, Sendable, CaseIterable {
    case startup = "Startup"
    case liveness = "Liveness"
    case readiness = "Readiness"
}

/// The two lifecycle hooks (lifecycle §8, §9).
public enum HookKind: String, Hashable, Sendable {
    case postStart = "PostStart"
    case preStop = "PreStop"
}

/// What a check is for: a probe or a hook of one container instance.
public struct CheckID: Hashable, Sendable, CustomStringConvertible {
    /// Which probe or hook the check is.
    public enum Purpose: Hashable, Sendable {
        case probe(ProbeKind)
        case hook(HookKind)
    }

    public var container: ContainerRef
    /// The container instance (its restart count when started): results for an older one are dropped.
    public var instance: Int
    public var purpose: Purpose
    /// An HTTPS hook's second try over plain HTTP, after the server answered TLS in HTTP (lifecycle §8.2).
    public var httpFallback: Bool

    public init(container: ContainerRef, instance: Int, purpose: Purpose, httpFallback: Bool = false) {
        self.container = container
        self.instance = instance
        self.purpose = purpose
        self.httpFallback = httpFallback
    }

    public var description: String {
        switch purpose {
        case .probe(let k): "\(k.rawValue.lowercased()) probe of \(container.name)#\(instance)"
        case .hook(let k): "\(k.rawValue) hook of \(container.name)#\(instance)"
        }
    }
}

/// What the runtime must run for a check. Ports are already resolved and hosts defaulted.
public enum CheckRequest: Sendable, Equatable {
    /// A command "in the container": its environment and working directory, its processes.
    case exec(command: [String])
    case tcp(host: String, port: Int)
    case http(HTTPCheck)
    /// `grpc.health.v1.Health/Check` over h2c to `host:port`, for `service` ("" when not given).
    case grpc(host: String, port: Int, service: String)
}

/// An HTTP GET as the kubelet's prober or hook runner makes it.
public struct HTTPCheck: Sendable, Equatable {
    public var scheme: String
    public var host: String
    public var port: Int
    public var path: String
    public var headers: [HTTPHeader]
    public var userAgent: String
    /// Probes follow same-host redirects; hooks do not care about the response at all.
    public var followRedirects: Bool

    /// `scheme://host:port/path`, as Go prints the URL in its errors.
    public var url: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(scheme.lowercased())://\(h):\(port)\(path.hasPrefix("/") ? path : "/" + path)"
    }
}

/// What the runtime observed; the lifecycle turns it into a result (lifecycle §8.2, §12.4).
public enum CheckObservation: Sendable, Equatable {
    case exited(code: Int32, stdout: String, stderr: String)
    case timedOut
    case connected
    case response(status: Int, body: String)
    /// A redirect to another host, not followed (a success with a warning for probes).
    case redirectNotFollowed(status: Int, body: String)
    /// The status arrived but the body could not be read: a probe error, a hook success (as upstream).
    case bodyReadFailed(status: Int, message: String)
    /// The check ran and failed: connection refused, reset, timeout ... in Go's words.
    case failed(String)
    /// HTTPS only: the server answered the TLS handshake in plain HTTP (Go's `http.ErrSchemeMismatch`);
    /// the message is the whole error. A probe fails with it; a hook retries over HTTP (lifecycle §8.2).
    case httpsGotHTTP(String)
    /// A gRPC health check's verdict: `serving` for SERVING, with the kubelet's output text
    /// (`service healthy`, `service unhealthy (responded with "NOT_SERVING")`, a timeout, an rpc error).
    case grpc(serving: Bool, message: String)
    /// The check could not be run at all (e.g. the command could not be started).
    case error(String)
}

/// A Kubernetes probe-version string for User-Agent headers.
public enum KubeVersion {
    public static let majorMinor = "1.35"
    /// The prober's `User-Agent` (lifecycle §12.4) and the hook runner's (§8.2).
    public static let probeUserAgent = "kube-probe/\(majorMinor)"
    public static let hookUserAgent = "kube-lifecycle/\(majorMinor)"
}
