// kubelet-lite — HTTP2/HTTP2Frame.swift
// The frames a client sends and meets (RFC 9113 §6), decoded: padding stripped, fields parsed.

/// One HTTP/2 frame. Stream IDs have the reserved bit cleared.
public enum HTTP2Frame: Equatable, Sendable {
    /// RFC 9113 §6.1. `flowControlledLength` counts the whole payload, padding included: it is what the
    /// frame takes from the flow control windows.
    case data(streamID: UInt32, data: [UInt8], endStream: Bool, flowControlledLength: Int)
    /// RFC 9113 §6.2, priority fields (deprecated by RFC 9113 §5.3.2) skipped.
    case headers(streamID: UInt32, fragment: [UInt8], endStream: Bool, endHeaders: Bool)
    /// RFC 9113 §6.3, parsed only to be ignored.
    case priority(streamID: UInt32)
    /// RFC 9113 §6.4
    case rstStream(streamID: UInt32, code: HTTP2ErrorCode)
    /// RFC 9113 §6.5
    case settings(ack: Bool, [HTTP2Setting])
    /// RFC 9113 §6.6
    case pushPromise(streamID: UInt32, promisedStreamID: UInt32, fragment: [UInt8], endHeaders: Bool)
    /// RFC 9113 §6.7
    case ping(ack: Bool, opaque: [UInt8])
    /// RFC 9113 §6.8
    case goAway(lastStreamID: UInt32, code: HTTP2ErrorCode, debugData: [UInt8])
    /// RFC 9113 §6.9
    case windowUpdate(streamID: UInt32, increment: UInt32)
    /// RFC 9113 §6.10
    case continuation(streamID: UInt32, fragment: [UInt8], endHeaders: Bool)
    /// RFC 9113 §4.1 and RFC 9113 §5.5: a type we do not know, which must be ignored.
    case unknown(type: UInt8, streamID: UInt32)

    /// The frame's type code.
    public var type: UInt8 {
        switch self {
        case .data: HTTP2FrameType.data
        case .headers: HTTP2FrameType.headers
        case .priority: HTTP2FrameType.priority
        case .rstStream: HTTP2FrameType.rstStream
        case .settings: HTTP2FrameType.settings
        case .pushPromise: HTTP2FrameType.pushPromise
        case .ping: HTTP2FrameType.ping
        case .goAway: HTTP2FrameType.goAway
        case .windowUpdate: HTTP2FrameType.windowUpdate
        case .continuation: HTTP2FrameType.continuation
        case .unknown(let t, _): t
        }
    }

    /// `SETTINGS`, `DATA`, …, for error texts.
    public var typeName: String { HTTP2FrameType.name(type) }
}
