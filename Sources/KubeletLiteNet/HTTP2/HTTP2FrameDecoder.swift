// kubelet-lite — HTTP2/HTTP2FrameDecoder.swift
// Bytes in, frames out (RFC 9113 §4.1, RFC 9113 §6): the 9-octet header, the length limit, padding, and
// the per-type size and stream rules that make a frame malformed.

/// Cuts received bytes into frames. Buffers at most one read plus one frame: the caller drains
/// `nextFrame()` after every `append`, and a frame above `maxFrameSize` fails as soon as its
/// header is seen.
public struct HTTP2FrameDecoder: Sendable {
    /// The largest payload accepted: the SETTINGS_MAX_FRAME_SIZE we advertised (RFC 9113 §4.2).
    public var maxFrameSize: Int
    private var buffer: [UInt8] = []
    private var start = 0

    public init(maxFrameSize: Int = HTTP2Protocol.defaultMaxFrameSize) {
        self.maxFrameSize = maxFrameSize
    }

    public var bufferedByteCount: Int { buffer.count - start }

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // Drop consumed bytes before growing, so the buffer never holds more than it must.
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil when more bytes are needed.
    public mutating func nextFrame() throws(HTTP2Error) -> HTTP2Frame? {
        var reader = ByteReader(buffer, from: start)
        guard reader.remaining >= HTTP2Protocol.frameHeaderSize,
              let length = reader.readUInt24(), let type = reader.readByte(), let flags = reader.readByte(),
              let rawStream = reader.readUInt32() else { return nil }
        guard Int(length) <= maxFrameSize else {
            // Go's framer adds the same hint: an HTTP/1.x server answering our preface.
            let http1 = buffer[start...].starts(with: "HTTP/".utf8)
            throw .connectionError(.frameSizeError, "frame of \(length) bytes exceeds the limit of \(maxFrameSize)"
                + (http1 ? ", note that the frame header looked like an HTTP/1.1 header" : ""))
        }
        guard let payload = reader.readBytes(Int(length)) else { return nil }
        start = reader.position
        // RFC 9113 §4.1: the reserved bit is ignored on receipt.
        return try Self.parse(type: type, flags: flags, streamID: rawStream & HTTP2Protocol.streamIDMask, payload: payload)
    }

    /// Decodes one frame's payload, enforcing RFC 9113 §6's rules on sizes and stream IDs.
    static func parse(type: UInt8, flags: UInt8, streamID: UInt32, payload: ArraySlice<UInt8>) throws(HTTP2Error) -> HTTP2Frame {
        switch type {
        case HTTP2FrameType.data, HTTP2FrameType.headers, HTTP2FrameType.pushPromise,
             HTTP2FrameType.continuation, HTTP2FrameType.rstStream, HTTP2FrameType.priority:
            guard streamID != 0 else { throw .connectionError(.protocolError, "\(typeName(type)) frame on stream 0") }
        case HTTP2FrameType.settings, HTTP2FrameType.ping, HTTP2FrameType.goAway:
            guard streamID == 0 else { throw .connectionError(.protocolError, "\(typeName(type)) frame on stream \(streamID)") }
        default:
            break
        }
        switch type {
        case HTTP2FrameType.data: return try parseData(flags, streamID, payload)
        case HTTP2FrameType.headers: return try parseHeaders(flags, streamID, payload)
        case HTTP2FrameType.priority:
            try expectLength(payload, 5, type)
            return .priority(streamID: streamID)
        case HTTP2FrameType.rstStream:
            try expectLength(payload, 4, type)
            var r = ByteReader(Array(payload))
            return .rstStream(streamID: streamID, code: HTTP2ErrorCode(rawValue: r.readUInt32() ?? 0))
        case HTTP2FrameType.settings: return try parseSettings(flags, payload)
        case HTTP2FrameType.pushPromise: return try parsePushPromise(flags, streamID, payload)
        case HTTP2FrameType.ping:
            try expectLength(payload, HTTP2Protocol.pingPayloadSize, type)
            return .ping(ack: flags & HTTP2Flag.ack != 0, opaque: Array(payload))
        case HTTP2FrameType.goAway: return try parseGoAway(payload)
        case HTTP2FrameType.windowUpdate:
            try expectLength(payload, 4, type)
            var r = ByteReader(Array(payload))
            return .windowUpdate(streamID: streamID, increment: (r.readUInt32() ?? 0) & HTTP2Protocol.streamIDMask)
        case HTTP2FrameType.continuation:
            return .continuation(streamID: streamID, fragment: Array(payload), endHeaders: flags & HTTP2Flag.endHeaders != 0)
        default:
            return .unknown(type: type, streamID: streamID)
        }
    }

    private static func typeName(_ type: UInt8) -> String { HTTP2FrameType.name(type) }

    private static func expectLength(_ payload: ArraySlice<UInt8>, _ size: Int, _ type: UInt8) throws(HTTP2Error) {
        guard payload.count == size else {
            throw .connectionError(.frameSizeError, "\(typeName(type)) frame with length \(payload.count), want \(size)")
        }
    }

    /// RFC 9113 §6.1, RFC 9113 §6.2, RFC 9113 §6.6: strips the Pad Length octet and the padding.
    private static func unpad(_ flags: UInt8, _ payload: ArraySlice<UInt8>, _ type: UInt8) throws(HTTP2Error) -> ArraySlice<UInt8> {
        guard flags & HTTP2Flag.padded != 0 else { return payload }
        guard let padLength = payload.first, Int(padLength) < payload.count else {
            throw .connectionError(.protocolError, "\(typeName(type)) frame padding as long as the payload")
        }
        return payload.dropFirst().dropLast(Int(padLength))
    }

    private static func parseData(_ flags: UInt8, _ stream: UInt32, _ payload: ArraySlice<UInt8>) throws(HTTP2Error) -> HTTP2Frame {
        let data = try unpad(flags, payload, HTTP2FrameType.data)
        return .data(streamID: stream, data: Array(data), endStream: flags & HTTP2Flag.endStream != 0,
                     flowControlledLength: payload.count)
    }

    private static func parseHeaders(_ flags: UInt8, _ stream: UInt32, _ payload: ArraySlice<UInt8>) throws(HTTP2Error) -> HTTP2Frame {
        var fragment = try unpad(flags, payload, HTTP2FrameType.headers)
        if flags & HTTP2Flag.priority != 0 {
            // Exclusive bit, stream dependency, weight: 5 octets we skip.
            guard fragment.count >= 5 else { throw .connectionError(.frameSizeError, "HEADERS frame too short for its priority fields") }
            fragment = fragment.dropFirst(5)
        }
        return .headers(streamID: stream, fragment: Array(fragment), endStream: flags & HTTP2Flag.endStream != 0,
                        endHeaders: flags & HTTP2Flag.endHeaders != 0)
    }

    private static func parseSettings(_ flags: UInt8, _ payload: ArraySlice<UInt8>) throws(HTTP2Error) -> HTTP2Frame {
        if flags & HTTP2Flag.ack != 0 {
            guard payload.isEmpty else { throw .connectionError(.frameSizeError, "SETTINGS ACK with a payload") }
            return .settings(ack: true, [])
        }
        guard payload.count % 6 == 0 else { throw .connectionError(.frameSizeError, "SETTINGS frame with length \(payload.count)") }
        var r = ByteReader(Array(payload))
        var settings: [HTTP2Setting] = []
        while let id = r.readUInt16(), let value = r.readUInt32() { settings.append(HTTP2Setting(id, value)) }
        return .settings(ack: false, settings)
    }

    private static func parsePushPromise(_ flags: UInt8, _ stream: UInt32, _ payload: ArraySlice<UInt8>) throws(HTTP2Error) -> HTTP2Frame {
        let body = try unpad(flags, payload, HTTP2FrameType.pushPromise)
        var r = ByteReader(Array(body))
        guard let promised = r.readUInt32() else { throw .connectionError(.frameSizeError, "PUSH_PROMISE frame too short") }
        return .pushPromise(streamID: stream, promisedStreamID: promised & HTTP2Protocol.streamIDMask, fragment: Array(r.readRest()),
                            endHeaders: flags & HTTP2Flag.endHeaders != 0)
    }

    private static func parseGoAway(_ payload: ArraySlice<UInt8>) throws(HTTP2Error) -> HTTP2Frame {
        var r = ByteReader(Array(payload))
        guard let last = r.readUInt32(), let code = r.readUInt32() else {
            throw .connectionError(.frameSizeError, "GOAWAY frame with length \(payload.count)")
        }
        return .goAway(lastStreamID: last & HTTP2Protocol.streamIDMask, code: HTTP2ErrorCode(rawValue: code), debugData: Array(r.readRest()))
    }
}
