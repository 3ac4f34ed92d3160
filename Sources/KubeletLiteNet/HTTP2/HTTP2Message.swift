// kubelet-lite — HTTP2/HTTP2Message.swift
// The request the client sends, the response it assembles, and the limits that bound it.

/// One request on stream 1.
public struct HTTP2Request: Sendable, Equatable {
    public var method: String
    public var scheme: String
    /// `host:port`, as `:authority` (RFC 9113 §8.3.1).
    public var authority: String
    public var path: String
    /// Regular fields with lower-case names, sent in this order after the pseudo-header fields.
    public var headers: [HeaderField]
    public var body: [UInt8]

    public init(method: String, scheme: String, authority: String, path: String, headers: [HeaderField] = [],
                body: [UInt8] = []) {
        self.method = method
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The header list on the wire: pseudo-header fields first (RFC 9113 §8.3), in gRPC-Go's order.
    var headerList: [HeaderField] {
        [HeaderField(":method", method), HeaderField(":scheme", scheme), HeaderField(":path", path),
         HeaderField(":authority", authority)] + headers
    }
}

/// The complete response on stream 1.
public struct HTTP2Response: Sendable, Equatable {
    public var status: Int
    /// Regular fields of the response HEADERS (pseudo-header fields removed), in order.
    public var headers: [HeaderField]
    public var body: [UInt8]
    /// Fields of a trailing HEADERS frame, if one ended the stream.
    public var trailers: [HeaderField]
    /// The HEADERS that carried `:status` also ended the stream: gRPC's "Trailers-Only" form.
    public var headersOnly: Bool

    public init(status: Int, headers: [HeaderField], body: [UInt8] = [], trailers: [HeaderField] = [],
                headersOnly: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.trailers = trailers
        self.headersOnly = headersOnly
    }

    /// The first value of a response header field (names are lower case on HTTP/2).
    public func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// The first value of a trailer field.
    public func trailer(_ name: String) -> String? { trailers.first { $0.name == name }?.value }
}

/// A GOAWAY the server sent (RFC 9113 §6.8).
public struct HTTP2GoAway: Sendable, Equatable {
    public var lastStreamID: UInt32
    public var code: HTTP2ErrorCode
    public var debugData: [UInt8]
}

/// What one connection may cost: every limit turns a hostile or broken server into a clear
/// error instead of unbounded memory.
public struct HTTP2Limits: Sendable, Equatable {
    /// Decoded size of one header list (RFC 9113 §6.5.2 accounting); also advertised as
    /// SETTINGS_MAX_HEADER_LIST_SIZE.
    public var maxHeaderListSize = 64 * 1024
    /// Wire size of one header block, HEADERS plus all its CONTINUATIONs: stops an endless
    /// CONTINUATION sequence (which could carry nothing but table size updates).
    public var maxHeaderBlockSize = 128 * 1024
    /// Response body kept in memory; beyond it the stream is cancelled.
    public var maxBodySize = 4 * 1024 * 1024 + 1024
    /// Bytes queued for the server (PING and SETTINGS acknowledgements, WINDOW_UPDATEs) that the
    /// adapter has not taken yet: a server that floods control frames and never reads is cut off.
    public var maxPendingOutput = 1 << 20

    public init() {}
}
