// kubelet-lite — HTTP2/HTTP2FrameEncoder.swift
// Frames to bytes (RFC 9113 §4.1, RFC 9113 §6), including header blocks split into HEADERS and
// CONTINUATION and bodies split into DATA frames by the peer's SETTINGS_MAX_FRAME_SIZE.

/// Serialises frames. Padding is only produced on request (tests use it; the client does not).
public enum HTTP2FrameEncoder {
    /// The 9-octet frame header (RFC 9113 §4.1).
    static func header(length: Int, type: UInt8, flags: UInt8, streamID: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(HTTP2Protocol.frameHeaderSize + length)
        out.appendUInt24(UInt32(length))
        out.append(type)
        out.append(flags)
        out.appendUInt32(streamID & HTTP2Protocol.streamIDMask)
        return out
    }

    /// One frame. `padding` (0...255 octets) applies to DATA and HEADERS only.
    public static func encode(_ frame: HTTP2Frame, padding: Int = 0) -> [UInt8] {
        switch frame {
        case .data(let stream, let data, let end, _):
            return padded(HTTP2FrameType.data, end ? HTTP2Flag.endStream : 0, stream, data, padding)
        case .headers(let stream, let fragment, let end, let endHeaders):
            let flags = (end ? HTTP2Flag.endStream : 0) | (endHeaders ? HTTP2Flag.endHeaders : 0)
            return padded(HTTP2FrameType.headers, flags, stream, fragment, padding)
        case .priority(let stream):
            // No dependency, weight 16 (the encoded weight is one less): RFC 9113 §5.3.2's default.
            return header(length: 5, type: HTTP2FrameType.priority, flags: 0, streamID: stream) + [0, 0, 0, 0, 15]
        case .rstStream(let stream, let code):
            return withPayload(HTTP2FrameType.rstStream, 0, stream) { $0.appendUInt32(code.rawValue) }
        case .settings(let ack, let settings):
            return withPayload(HTTP2FrameType.settings, ack ? HTTP2Flag.ack : 0, 0) { out in
                for s in settings {
                    out.appendUInt16(s.id)
                    out.appendUInt32(s.value)
                }
            }
        case .pushPromise(let stream, let promised, let fragment, let endHeaders):
            return withPayload(HTTP2FrameType.pushPromise, endHeaders ? HTTP2Flag.endHeaders : 0, stream) {
                $0.appendUInt32(promised)
                $0 += fragment
            }
        case .ping(let ack, let opaque):
            return header(length: opaque.count, type: HTTP2FrameType.ping, flags: ack ? HTTP2Flag.ack : 0, streamID: 0) + opaque
        case .goAway(let last, let code, let debug):
            return withPayload(HTTP2FrameType.goAway, 0, 0) {
                $0.appendUInt32(last)
                $0.appendUInt32(code.rawValue)
                $0 += debug
            }
        case .windowUpdate(let stream, let increment):
            return withPayload(HTTP2FrameType.windowUpdate, 0, stream) { $0.appendUInt32(increment) }
        case .continuation(let stream, let fragment, let endHeaders):
            let flags = endHeaders ? HTTP2Flag.endHeaders : 0
            return header(length: fragment.count, type: HTTP2FrameType.continuation, flags: flags, streamID: stream) + fragment
        case .unknown(let type, let stream):
            return header(length: 0, type: type, flags: 0, streamID: stream)
        }
    }

    /// A header block as HEADERS plus as many CONTINUATION frames as `maxFrameSize` requires.
    public static func headerBlock(streamID: UInt32, block: [UInt8], endStream: Bool, maxFrameSize: Int) -> [UInt8] {
        let size = max(1, maxFrameSize)
        var chunks: [ArraySlice<UInt8>] = stride(from: 0, to: block.count, by: size).map {
            block[$0..<min($0 + size, block.count)]
        }
        if chunks.isEmpty { chunks = [[]] }
        var out: [UInt8] = []
        for (i, chunk) in chunks.enumerated() {
            let last = i == chunks.count - 1
            let frame: HTTP2Frame = i == 0
                ? .headers(streamID: streamID, fragment: Array(chunk), endStream: endStream, endHeaders: last)
                : .continuation(streamID: streamID, fragment: Array(chunk), endHeaders: last)
            out += encode(frame)
        }
        return out
    }

    private static func withPayload(_ type: UInt8, _ flags: UInt8, _ stream: UInt32, _ build: (inout [UInt8]) -> Void) -> [UInt8] {
        var payload: [UInt8] = []
        build(&payload)
        return header(length: payload.count, type: type, flags: flags, streamID: stream) + payload
    }

    private static func padded(_ type: UInt8, _ flags: UInt8, _ stream: UInt32, _ body: [UInt8], _ padding: Int) -> [UInt8] {
        guard padding > 0 else { return header(length: body.count, type: type, flags: flags, streamID: stream) + body }
        let pad = min(padding, 255)
        let length = 1 + body.count + pad
        return header(length: length, type: type, flags: flags | HTTP2Flag.padded, streamID: stream)
            + [UInt8(pad)] + body + [UInt8](repeating: 0, count: pad)
    }
}
