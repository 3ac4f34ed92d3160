// kubelet-lite — GRPC/GRPCStatus.swift
// gRPC status codes and statuses as gRPC-Go prints them (`rpc error: code = … desc = …`), and
// the tables gRPC-Go uses to turn HTTP statuses and HTTP/2 error codes into them.

/// A gRPC status code (grpc/doc/statuscodes.md), printed with gRPC-Go's `codes.Code.String()`.
public struct GRPCStatusCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let ok = Self(rawValue: 0)
    public static let canceled = Self(rawValue: 1)
    public static let unknown = Self(rawValue: 2)
    public static let invalidArgument = Self(rawValue: 3)
    public static let deadlineExceeded = Self(rawValue: 4)
    public static let notFound = Self(rawValue: 5)
    public static let alreadyExists = Self(rawValue: 6)
    public static let permissionDenied = Self(rawValue: 7)
    public static let resourceExhausted = Self(rawValue: 8)
    public static let failedPrecondition = Self(rawValue: 9)
    public static let aborted = Self(rawValue: 10)
    public static let outOfRange = Self(rawValue: 11)
    public static let unimplemented = Self(rawValue: 12)
    public static let `internal` = Self(rawValue: 13)
    public static let unavailable = Self(rawValue: 14)
    public static let dataLoss = Self(rawValue: 15)
    public static let unauthenticated = Self(rawValue: 16)

    private static let names = [
        "OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
        "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented",
        "Internal", "Unavailable", "DataLoss", "Unauthenticated",
    ]

    public var description: String { rawValue < Self.names.count ? Self.names[Int(rawValue)] : "Code(\(rawValue))" }

    /// gRPC-Go's `HTTPStatusConvTab`, for responses that are not gRPC at all.
    static func fromHTTPStatus(_ status: Int) -> Self {
        switch status {
        case 400: .internal
        case 401: .unauthenticated
        case 403: .permissionDenied
        case 404: .unimplemented
        case 429, 502, 503, 504: .unavailable
        default: .unknown
        }
    }

    /// gRPC-Go's `http2ErrConvTab`, for an RST_STREAM from the server.
    static func fromHTTP2(_ code: HTTP2ErrorCode) -> Self {
        switch code {
        case .flowControlError, .enhanceYourCalm: .resourceExhausted
        case .refusedStream: .unavailable
        case .cancel: .canceled
        case .inadequateSecurity: .permissionDenied
        case .noError, .protocolError, .internalError, .settingsTimeout, .streamClosed, .frameSizeError,
             .compressionError, .connectError, .http11Required: .internal
        default: .unknown
        }
    }
}

/// A gRPC status: a code and its message. `description` is gRPC-Go's `status.Error` text,
/// which is what the kubelet prints with `%+v`.
public struct GRPCStatus: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: GRPCStatusCode
    public var message: String

    public init(_ code: GRPCStatusCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "rpc error: code = \(code) desc = \(message)" }

    /// The `grpc-message` value, percent-decoded as gRPC-Go's `decodeGrpcMessage` does
    /// (a `%` not followed by two hex digits stays as it is).
    static func decodeMessage(_ value: String) -> String {
        let bytes = Array(value.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}
