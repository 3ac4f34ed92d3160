// kubelet-lite — HTTP2/HTTP2Error.swift
// How an HTTP/2 exchange can fail, kept apart by kind because callers (the gRPC layer) map each
// kind to a different status.

/// A failure of the client connection or of its one stream.
public enum HTTP2Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server broke the protocol (RFC 9113 §5.4.1); a GOAWAY with this code is queued.
    case connectionError(HTTP2ErrorCode, String)
    /// Our stream's response is malformed or over a limit (RFC 9113 §5.4.2, RFC 9113 §8.1.1); an RST_STREAM with
    /// this code is queued.
    case streamError(HTTP2ErrorCode, String)
    /// The server reset our stream.
    case streamReset(HTTP2ErrorCode)
    /// The server's GOAWAY leaves our stream unprocessed (its last stream ID is below ours).
    case goAway(HTTP2ErrorCode, lastStreamID: UInt32, debugData: [UInt8])
    /// The connection ended before the response was complete.
    case connectionClosed

    /// Worded like golang.org/x/net/http2's errors, which gRPC-Go wraps.
    public var description: String {
        switch self {
        case .connectionError(let code, let why): "connection error: \(code): \(why)"
        case .streamError(let code, let why): "stream error: stream ID 1; \(code); \(why)"
        case .streamReset(let code): "stream error: stream ID 1; \(code); received from peer"
        case .goAway(let code, let last, let debug):
            "server sent GOAWAY and closed the connection; LastStreamID=\(last), ErrCode=\(code), debug=\(GoFormat.quote(bytes: debug))"
        case .connectionClosed: "EOF"
        }
    }
}
