// kubelet-lite — DNS/DNSLookup.swift
// One host name lookup as Go's pure resolver does it for a dial (net/dnsclient_unix.go,
// `goLookupIPCNAME` with "files dns"), sans-IO: the adapter runs the exchanges it asks for
// over non-blocking UDP (or TCP) sockets and feeds the replies back.

/// Resolves a host name: IP literal → itself; /etc/hosts; then DNS over each search name, A and
/// AAAA in parallel, each walking `attempts` rounds over the servers, UDP with a TCP retry on
/// truncation. The caller's probe timeout bounds the whole lookup.
public struct DNSLookup: Sendable {
    /// How an exchange travels.
    public enum Transport: Sendable, Equatable { case udp, tcp }

    /// One query to one server: open a socket, send `payload`, feed replies to `received`, and
    /// report `exchangeFailed` when `timeout` passes or the socket fails.
    public struct Exchange: Sendable, Equatable, Hashable {
        /// Identifies the exchange within this lookup.
        public let token: Int
        /// `10.0.0.1:53`, as it appears in Go's errors.
        public let server: String
        public let serverAddress: IPAddress
        public let port: Int
        public let transport: Transport
        /// A UDP datagram, or the TCP message with its length prefix.
        public let payload: [UInt8]
        public let timeout: Duration
        let id: UInt16
        let name: String
        let type: UInt16
    }

    /// What the adapter does next.
    public enum Step: Sendable, Equatable {
        /// Start these exchanges (others may still be running).
        case start([Exchange])
        /// Keep the running exchanges going.
        case wait
        case resolved([IPAddress])
        case failed(DNSLookupError)
    }

    /// One question (name, type) walking through the servers (`tryOneName`).
    struct Track: Sendable {
        var type: UInt16
        var position = 0
        var live: Exchange?
        var result: Result<[IPAddress], DNSLookupError>?
        var lastError: DNSLookupError?
    }

    let host: String
    let config: ResolverConfig
    let hosts: HostsFile
    var names: [String] = []
    var nameIndex = 0
    var tracks: [Track] = []
    var lastError: DNSLookupError?
    var nextToken = 0

    public init(host: String, config: ResolverConfig, hosts: HostsFile) {
        self.host = host
        self.config = config
        self.hosts = hosts
    }

    /// The first step. A literal, a hosts entry or an invalid name decide at once.
    public mutating func start() -> Step {
        if let literal = IPAddress(host) { return .resolved([literal]) }
        let listed = hosts.addresses(for: host)
        if !listed.isEmpty { return .resolved(listed) }
        guard DNSName.isValid(host) else { return .failed(notFound(server: "")) }
        names = config.nameList(host)
        nameIndex = 0
        return startName()
    }

    /// A reply for `exchange` (for TCP: one whole message without its length prefix).
    public mutating func received(_ message: [UInt8], on exchange: Exchange) -> Step {
        guard let t = tracks.firstIndex(where: { $0.live?.token == exchange.token }) else { return .wait }
        guard let response = try? DNSMessage.parse(message), Self.matches(response, exchange) else {
            // Go ignores a bad UDP reply (it may be forged) and keeps waiting; on TCP it fails.
            if exchange.transport == .udp { return .wait }
            return advance(t, after: error(DNSLookupError.invalidResponse, exchange))
        }
        if response.truncated, exchange.transport == .udp {
            // RFC 7766: a truncated UDP answer is retried over TCP on the same server.
            let retry = makeExchange(name: exchange.name, type: exchange.type, server: exchange.server,
                                     address: exchange.serverAddress, port: exchange.port, transport: .tcp)
            tracks[t].live = retry
            return .start([retry])
        }
        return judge(response, t, exchange)
    }

    /// Whether `exchange` is still awaited (a reply that did not match leaves it so; an answer,
    /// a failure or a TCP retry does not).
    public func isLive(_ exchange: Exchange) -> Bool { tracks.contains { $0.live?.token == exchange.token } }

    /// The exchange timed out or its socket failed; `goError` is Go's text for it.
    public mutating func exchangeFailed(_ exchange: Exchange, goError: String) -> Step {
        guard let t = tracks.firstIndex(where: { $0.live?.token == exchange.token }) else { return .wait }
        return advance(t, after: error(goError, exchange))
    }

    // MARK: - Judging a reply (Go's checkHeader and skipToAnswer)

    private mutating func judge(_ response: DNSResponse, _ t: Int, _ exchange: Exchange) -> Step {
        switch response.rcode {
        case DNSRCode.nameError:
            // The name does not exist: asking other servers will not help.
            return finish(t, .failure(error(DNSLookupError.noSuchHost, exchange)))
        case DNSRCode.success:
            if !response.authoritative, !response.recursionAvailable, response.answerCount == 0, !response.hasAdditional {
                return advance(t, after: error(DNSLookupError.lameReferral, exchange))
            }
        default:
            return advance(t, after: error(DNSLookupError.serverMisbehaving, exchange))
        }
        let wanted = response.addresses.filter { address in
            if case .v4 = address { exchange.type == DNSType.a } else { exchange.type == DNSType.aaaa }
        }
        guard !wanted.isEmpty else { return finish(t, .failure(error(DNSLookupError.noSuchHost, exchange))) }
        return finish(t, .success(wanted))
    }

    static func matches(_ r: DNSResponse, _ e: Exchange) -> Bool {
        guard r.isResponse, r.id == e.id, let q = r.question else { return false }
        return q.type == e.type && q.cls == DNSType.classIN && q.name == e.name.lowercased()
    }

    private func error(_ reason: String, _ e: Exchange) -> DNSLookupError {
        DNSLookupError(name: host, server: e.server, reason: reason)
    }

    private func notFound(server: String) -> DNSLookupError {
        DNSLookupError(name: host, server: server, reason: DNSLookupError.noSuchHost)
    }
}
