// kubelet-lite — HTTP2FrameTests.swift
// The frame codec against RFC 9113 §4 and §6: every frame type round-trips, padding and
// priority fields are stripped, malformed frames are the errors the RFC names, and random
// input never crashes the decoder.

@testable import KubeletLiteNet
import Testing

struct HTTP2FrameTests {
    private func decodeAll(_ bytes: [UInt8], maxFrameSize: Int = 16_384) throws(HTTP2Error) -> [HTTP2Frame] {
        var d = HTTP2FrameDecoder(maxFrameSize: maxFrameSize)
        d.append(bytes)
        var out: [HTTP2Frame] = []
        while let f = try d.nextFrame() { out.append(f) }
        return out
    }

    @Test func everyFrameTypeRoundTrips() throws {
        let all: [HTTP2Frame] = [
            .data(streamID: 1, data: [1, 2, 3], endStream: true, flowControlledLength: 3),
            .headers(streamID: 1, fragment: [0x82], endStream: false, endHeaders: true),
            .priority(streamID: 3),
            .rstStream(streamID: 1, code: .cancel),
            .settings(ack: false, [HTTP2Setting(HTTP2SettingID.initialWindowSize, 1000)]),
            .settings(ack: true, []),
            .pushPromise(streamID: 1, promisedStreamID: 2, fragment: [0x82], endHeaders: true),
            .ping(ack: false, opaque: [1, 2, 3, 4, 5, 6, 7, 8]),
            .goAway(lastStreamID: 1, code: .enhanceYourCalm, debugData: Array("calm".utf8)),
            .windowUpdate(streamID: 0, increment: 65_535),
            .continuation(streamID: 1, fragment: [0x84], endHeaders: true),
            .unknown(type: 0x42, streamID: 7),
        ]
        for frame in all {
            #expect(try decodeAll(HTTP2FrameEncoder.encode(frame)) == [frame], "\(frame.typeName)")
        }
    }

    @Test func theNineOctetHeader() {
        // §4.1: length 24 bits, type, flags, reserved bit + 31-bit stream id.
        let bytes = HTTP2FrameEncoder.encode(.windowUpdate(streamID: 1, increment: 5))
        #expect(bytes == [0, 0, 4, 0x08, 0, 0, 0, 0, 1, 0, 0, 0, 5])
        #expect(Array(HTTP2FrameEncoder.encode(.settings(ack: true, []))) == [0, 0, 0, 0x04, 0x01, 0, 0, 0, 0])
    }

    @Test func paddingAndPriorityFieldsAreStripped() throws {
        let padded = HTTP2FrameEncoder.encode(.data(streamID: 1, data: [9, 9], endStream: false, flowControlledLength: 0), padding: 10)
        #expect(try decodeAll(padded) == [.data(streamID: 1, data: [9, 9], endStream: false, flowControlledLength: 13)])
        // HEADERS with PADDED and PRIORITY: pad length 2, 5 priority octets, fragment 0x82, 2 pad octets.
        let raw: [UInt8] = [0, 0, 9, 0x01, 0x04 | 0x08 | 0x20, 0, 0, 0, 1, 2, 0x80, 0, 0, 3, 200, 0x82, 0, 0]
        #expect(try decodeAll(raw) == [.headers(streamID: 1, fragment: [0x82], endStream: false, endHeaders: true)])
        // The reserved bit of the stream identifier is ignored on receipt.
        let reserved: [UInt8] = [0, 0, 4, 0x08, 0, 0x80, 0, 0, 1, 0, 0, 0, 5]
        #expect(try decodeAll(reserved) == [.windowUpdate(streamID: 1, increment: 5)])
    }

    @Test func bytesArrivingOneByOneGiveTheSameFrames() throws {
        let stream = HTTP2FrameEncoder.encode(.settings(ack: false, [HTTP2Setting(1, 4096)]))
            + HTTP2FrameEncoder.encode(.ping(ack: true, opaque: [0, 0, 0, 0, 0, 0, 0, 1]))
            + HTTP2FrameEncoder.encode(.data(streamID: 1, data: Array(repeating: 7, count: 300), endStream: true, flowControlledLength: 300))
        var d = HTTP2FrameDecoder()
        var got: [HTTP2Frame] = []
        for b in stream {
            d.append([b])
            while let f = try d.nextFrame() { got.append(f) }
        }
        #expect(try got == decodeAll(stream))
        #expect(got.count == 3 && d.bufferedByteCount == 0)
    }

    @Test func malformedFramesAreTheRFCsErrors() {
        let cases: [(String, [UInt8], HTTP2ErrorCode)] = [
            ("DATA on stream 0", [0, 0, 1, 0, 0, 0, 0, 0, 0, 7], .protocolError),
            ("SETTINGS on stream 1", [0, 0, 0, 4, 0, 0, 0, 0, 1], .protocolError),
            ("SETTINGS length 5", [0, 0, 5, 4, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0], .frameSizeError),
            ("SETTINGS ACK with payload", [0, 0, 6, 4, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], .frameSizeError),
            ("PING length 7", [0, 0, 7, 6, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 7), .frameSizeError),
            ("WINDOW_UPDATE length 3", [0, 0, 3, 8, 0, 0, 0, 0, 0, 0, 0, 1], .frameSizeError),
            ("RST_STREAM length 3", [0, 0, 3, 3, 0, 0, 0, 0, 1, 0, 0, 1], .frameSizeError),
            ("PRIORITY length 4", [0, 0, 4, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0], .frameSizeError),
            ("GOAWAY length 7", [0, 0, 7, 7, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 7), .frameSizeError),
            ("padding as long as the payload", [0, 0, 3, 0, 0x08, 0, 0, 0, 1, 3, 0, 0], .protocolError),
            ("HEADERS too short for priority", [0, 0, 2, 1, 0x24, 0, 0, 0, 1, 0, 0], .frameSizeError),
            ("RST_STREAM on stream 0", [0, 0, 4, 3, 0, 0, 0, 0, 0, 0, 0, 0, 1], .protocolError),
        ]
        for (label, bytes, code) in cases {
            #expect("\(label)", performing: { try decodeAll(bytes) }, throws: { error in
                guard case .connectionError(let c, _) = error as? HTTP2Error else { return false }
                return c == code
            })
        }
    }

    @Test func anOversizedFrameFailsFromItsHeaderAlone() {
        var d = HTTP2FrameDecoder()
        d.append([0, 0x40, 0x01, 0, 0, 0, 0, 0, 1])   // 16385 bytes announced, none sent
        #expect(throws: HTTP2Error.connectionError(.frameSizeError, "frame of 16385 bytes exceeds the limit of 16384")) {
            try d.nextFrame()
        }
        var h1 = HTTP2FrameDecoder()
        h1.append(Array("HTTP/1.1 400 Bad Request\r\n".utf8))
        #expect(performing: { try h1.nextFrame() }, throws: { "\($0)".contains("looked like an HTTP/1.1 header") })
    }

    @Test func headerBlocksAreSplitByTheFrameSize() throws {
        let block = [UInt8](repeating: 0x82, count: 40_000)
        let frames = try decodeAll(HTTP2FrameEncoder.headerBlock(streamID: 1, block: block, endStream: true, maxFrameSize: 16_384))
        #expect(names(frames) == ["HEADERS+END-more", "CONTINUATION", "CONTINUATION"])
        var joined: [UInt8] = []
        for f in frames {
            if case .headers(_, let b, _, _) = f { joined += b }
            if case .continuation(_, let b, let end) = f { joined += b; #expect(end == (joined.count == block.count)) }
        }
        #expect(joined == block)
    }

    @Test func decoderSurvivesRandomAndMutatedInput() {
        var random = SeededRandom(seed: 0x4832)
        let seed = HTTP2FrameEncoder.encode(.settings(ack: false, [HTTP2Setting(4, 10)]))
            + HTTP2FrameEncoder.encode(.headers(streamID: 1, fragment: [0x88], endStream: false, endHeaders: true), padding: 3)
            + HTTP2FrameEncoder.encode(.goAway(lastStreamID: 1, code: .noError, debugData: [1]))
        var frames = 0
        for round in 0..<4000 {
            let input = round % 2 == 0 ? random.bytes(Int.random(in: 0...80, using: &random)) : random.mutate(seed)
            var d = HTTP2FrameDecoder()
            d.append(input)
            while let f = try? d.nextFrame() { frames += 1; _ = f }
        }
        #expect(frames > 0)
    }
}
