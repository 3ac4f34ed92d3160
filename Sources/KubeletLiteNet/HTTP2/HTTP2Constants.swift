// kubelet-lite — HTTP2/HTTP2Constants.swift
// The numbers of RFC 9113: frame types, flags, settings, error codes, the preface, defaults.

/// Frame type codes (RFC 9113 §6, RFC 9113 §11.2).
public enum HTTP2FrameType {
    public static let data: UInt8 = 0x0
    public static let headers: UInt8 = 0x1
    public static let priority: UInt8 = 0x2
    public static let rstStream: UInt8 = 0x3
    public static let settings: UInt8 = 0x4
    public static let pushPromise: UInt8 = 0x5
    public static let ping: UInt8 = 0x6
    public static let goAway: UInt8 = 0x7
    public static let windowUpdate: UInt8 = 0x8
    public static let continuation: UInt8 = 0x9

    /// The name Go's framer prints for a frame type, for error texts.
    public static func name(_ type: UInt8) -> String {
        switch type {
        case data: "DATA"
        case headers: "HEADERS"
        case priority: "PRIORITY"
        case rstStream: "RST_STREAM"
        case settings: "SETTINGS"
        case pushPromise: "PUSH_PROMISE"
        case ping: "PING"
        case goAway: "GOAWAY"
        case windowUpdate: "WINDOW_UPDATE"
        case continuation: "CONTINUATION"
        default: "UNKNOWN_FRAME_TYPE_\(type)"
        }
    }
}

/// Frame flags (RFC 9113 §6). The same bit means different things on different frame types.
public enum HTTP2Flag {
    public static let endStream: UInt8 = 0x1   // DATA, HEADERS
    public static let ack: UInt8 = 0x1         // SETTINGS, PING
    public static let endHeaders: UInt8 = 0x4  // HEADERS, PUSH_PROMISE, CONTINUATION
    public static let padded: UInt8 = 0x8      // DATA, HEADERS, PUSH_PROMISE
    public static let priority: UInt8 = 0x20   // HEADERS
}

/// SETTINGS parameters (RFC 9113 §6.5.2).
public enum HTTP2SettingID {
    public static let headerTableSize: UInt16 = 0x1
    public static let enablePush: UInt16 = 0x2
    public static let maxConcurrentStreams: UInt16 = 0x3
    public static let initialWindowSize: UInt16 = 0x4
    public static let maxFrameSize: UInt16 = 0x5
    public static let maxHeaderListSize: UInt16 = 0x6
}

/// One SETTINGS parameter.
public struct HTTP2Setting: Equatable, Sendable {
    public var id: UInt16
    public var value: UInt32
    public init(_ id: UInt16, _ value: UInt32) {
        self.id = id
        self.value = value
    }
}

/// Fixed sizes and defaults of RFC 9113.
public enum HTTP2Protocol {
    /// RFC 9113 §3.4: the client connection preface, sent before the first SETTINGS.
    public static let clientPreface: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
    /// RFC 9113 §4.1: every frame starts with a 9-octet header.
    public static let frameHeaderSize = 9
    /// RFC 9113 §6.5.2: SETTINGS_MAX_FRAME_SIZE starts at, and may not go below, 2^14.
    public static let defaultMaxFrameSize = 16_384
    /// RFC 9113 §6.5.2: and may not go above 2^24 - 1.
    public static let maxAllowedFrameSize = 16_777_215
    /// RFC 9113 §6.9.2: both windows start at 65,535.
    public static let defaultWindowSize = 65_535
    /// RFC 9113 §6.9.1: a window may never exceed 2^31 - 1.
    public static let maxWindowSize = 2_147_483_647
    /// RFC 9113 §6.7: PING carries exactly 8 octets.
    public static let pingPayloadSize = 8
    /// RFC 9113 §4.1: the high bit of a stream identifier (and of a window increment) is reserved.
    public static let streamIDMask: UInt32 = 0x7FFF_FFFF
    /// Client streams are odd; kubelet-lite uses only the first one.
    public static let requestStreamID: UInt32 = 1
}

/// An error code of RST_STREAM and GOAWAY (RFC 9113 §7), printed with its registered name as
/// Go's `http2.ErrCode` prints it.
public struct HTTP2ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let noError = Self(rawValue: 0x0)
    public static let protocolError = Self(rawValue: 0x1)
    public static let internalError = Self(rawValue: 0x2)
    public static let flowControlError = Self(rawValue: 0x3)
    public static let settingsTimeout = Self(rawValue: 0x4)
    public static let streamClosed = Self(rawValue: 0x5)
    public static let frameSizeError = Self(rawValue: 0x6)
    public static let refusedStream = Self(rawValue: 0x7)
    public static let cancel = Self(rawValue: 0x8)
    public static let compressionError = Self(rawValue: 0x9)
    public static let connectError = Self(rawValue: 0xA)
    public static let enhanceYourCalm = Self(rawValue: 0xB)
    public static let inadequateSecurity = Self(rawValue: 0xC)
    public static let http11Required = Self(rawValue: 0xD)

    private static let names = [
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
        "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
        "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
    ]

    public var description: String {
        if rawValue < Self.names.count { return Self.names[Int(rawValue)] }
        return "unknown error code 0x" + String(rawValue, radix: 16)
    }
}
