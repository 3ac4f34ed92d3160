// kubelet-lite — DNS/DNSLookupError.swift
// Go's `net.DNSError` text: `lookup NAME on SERVER: ERR`, or `lookup NAME: ERR` without a server.

/// A failed lookup, worded as Go words it (the kubelet prints it inside `dial tcp: …`).
public struct DNSLookupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name as the caller gave it (not the search-suffixed one), as Go reports it.
    public var name: String
    /// `host:port` of the server that answered or failed; empty when none was asked.
    public var server: String
    public var reason: String

    /// Go's resolver error texts (net/dnsclient_unix.go).
    public static let noSuchHost = "no such host"
    public static let serverMisbehaving = "server misbehaving"
    public static let lameReferral = "lame referral"
    public static let cannotUnmarshal = "cannot unmarshal DNS message"
    public static let invalidResponse = "invalid DNS response"

    public init(name: String, server: String, reason: String) {
        self.name = name
        self.server = server
        self.reason = reason
    }

    /// NXDOMAIN, or no address records: the name does not exist (Go's `IsNotFound`).
    public var isNotFound: Bool { reason == Self.noSuchHost }

    public var description: String {
        "lookup \(name)" + (server.isEmpty ? "" : " on \(server)") + ": \(reason)"
    }
}
