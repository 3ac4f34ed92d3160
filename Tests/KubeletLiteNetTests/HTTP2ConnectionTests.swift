// kubelet-lite — HTTP2ConnectionTests.swift
// The one-request client connection against RFC 9113 behaviours, with hand-built server frames:
// preface and SETTINGS, the request, responses with bodies and trailers, CONTINUATION, flow
// control both ways, PING, RST_STREAM, GOAWAY, malformed responses and hostile servers.

@testable import KubeletLiteNet
import Testing

struct HTTP2ConnectionTests {
    // MARK: preface and request

    @Test func prefaceAndSettingsFirstThenTheRequestAfterTheServerPreface() throws {
        var c = HTTP2ClientConnection(request: sampleRequest())
        let first = c.outgoing()
        #expect(first.starts(with: HTTP2Protocol.clientPreface))
        #expect(try frames(in: first) == [.settings(ack: false, [HTTP2Setting(HTTP2SettingID.enablePush, 0),
                                                                 HTTP2Setting(HTTP2SettingID.maxHeaderListSize, 65_536)])])
        #expect(c.phase == .awaitingServerPreface && !c.hasOutgoing)
        try c.receive(ScriptedServer.settings([HTTP2Setting(HTTP2SettingID.maxConcurrentStreams, 100)]))
        let sent = try frames(in: c.outgoing())
        #expect(names(sent) == ["SETTINGS+ACK", "HEADERS", "DATA+END"])
        guard case .headers(1, let block, false, true) = sent[1], case .data(1, let body, true, _) = sent[2] else {
            Issue.record("unexpected frames \(sent)")
            return
        }
        var decoder = HPACKDecoder()
        #expect(try decoder.decode(block).map(\.description) == [
            ":method: POST", ":scheme: http", ":path: /svc/Method", ":authority: 127.0.0.1:9000",
            "content-type: application/grpc", "te: trailers",
        ])
        #expect(body == Array("hello".utf8))
        #expect(c.phase == .open)
    }

    @Test func aRequestWithoutBodyEndsTheStreamOnHeaders() throws {
        var c = HTTP2ClientConnection(request: sampleRequest(body: []))
        _ = c.outgoing()
        try c.receive(ScriptedServer.settings())
        #expect(names(try frames(in: c.outgoing())) == ["SETTINGS+ACK", "HEADERS+END"])
    }

    @Test func theServerPrefaceMustBeSettings() throws {
        var c = HTTP2ClientConnection(request: sampleRequest())
        _ = c.outgoing()
        #expect(throws: HTTP2Error.connectionError(.protocolError, "server preface: expected SETTINGS, got PING")) {
            try c.receive(HTTP2FrameEncoder.encode(.ping(ack: false, opaque: [UInt8](repeating: 0, count: 8))))
        }
        #expect(c.phase == .failed)
        #expect(names(try frames(in: c.outgoing())) == ["GOAWAY(PROTOCOL_ERROR)"])
    }

    // MARK: responses

    @Test func headersBodyAndTrailers() throws {
        var c = try openConnection()
        var server = ScriptedServer()
        try c.receive(server.headers([(":status", "200"), ("content-type", "application/grpc")]))
        try c.receive(ScriptedServer.data([0, 0, 0, 0, 2, 8, 1], padding: 4))
        #expect(c.phase == .open && c.bodyReceived == [0, 0, 0, 0, 2, 8, 1])
        try c.receive(server.headers([("grpc-status", "0"), ("grpc-message", "")], endStream: true))
        #expect(c.phase == .complete)
        #expect(c.response == HTTP2Response(status: 200, headers: [HeaderField("content-type", "application/grpc")],
                                            body: [0, 0, 0, 0, 2, 8, 1],
                                            trailers: [HeaderField("grpc-status", "0"), HeaderField("grpc-message", "")]))
        // Credit for the 12 flow-controlled bytes (7 data + 1 pad length + 4 padding), both windows.
        #expect(try frames(in: c.outgoing()) == [.windowUpdate(streamID: 0, increment: 12), .windowUpdate(streamID: 1, increment: 12)])
    }

    @Test func trailersOnlyAndInformationalResponses() throws {
        var c = try openConnection()
        var server = ScriptedServer()
        try c.receive(server.headers([(":status", "100")]))
        #expect(c.phase == .open)
        try c.receive(server.headers([(":status", "200"), ("grpc-status", "12")], endStream: true))
        #expect(c.response?.headersOnly == true && c.response?.header("grpc-status") == "12")
        // Bytes after completion are ignored, whatever they are.
        try c.receive([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(c.phase == .complete)
        try c.connectionClosed()
    }

    @Test func continuationFramesCompleteAHeaderBlock() throws {
        var c = try openConnection()
        var server = ScriptedServer()
        let block = server.block([(":status", "200"), ("x-long", String(repeating: "v", count: 100))])
        let parts = [Array(block[0..<3]), Array(block[3..<50]), Array(block[50...])]
        try c.receive(HTTP2FrameEncoder.encode(.headers(streamID: 1, fragment: parts[0], endStream: true, endHeaders: false)))
        try c.receive(HTTP2FrameEncoder.encode(.continuation(streamID: 1, fragment: parts[1], endHeaders: false)))
        #expect(c.phase == .open)
        try c.receive(HTTP2FrameEncoder.encode(.continuation(streamID: 1, fragment: parts[2], endHeaders: true)))
        #expect(c.response?.header("x-long")?.count == 100)
    }

    @Test func aFrameInsideAHeaderBlockIsAConnectionError() throws {
        var c = try openConnection()
        var server = ScriptedServer()
        try c.receive(HTTP2FrameEncoder.encode(.headers(streamID: 1, fragment: server.block([(":status", "200")]),
                                                        endStream: false, endHeaders: false)))
        #expect(throws: HTTP2Error.connectionError(.protocolError, "PING frame inside a header block, want CONTINUATION")) {
            try c.receive(HTTP2FrameEncoder.encode(.ping(ack: false, opaque: [UInt8](repeating: 1, count: 8))))
        }
        #expect(names(try frames(in: c.outgoing())) == ["GOAWAY(PROTOCOL_ERROR)"])
    }

    @Test func endlessContinuationHitsTheBlockLimit() throws {
        var limits = HTTP2Limits()
        limits.maxHeaderBlockSize = 10_000
        var c = try openConnection(limits: limits)
        try c.receive(HTTP2FrameEncoder.encode(.headers(streamID: 1, fragment: [0x20], endStream: false, endHeaders: false)))
        let more = HTTP2FrameEncoder.encode(.continuation(streamID: 1, fragment: [UInt8](repeating: 0x20, count: 1000), endHeaders: false))
        #expect(throws: HTTP2Error.connectionError(.enhanceYourCalm, "header block larger than 10000 bytes")) {
            for _ in 0..<100 { try c.receive(more) }
        }
    }

    // MARK: flow control

    @Test func theRequestBodyWaitsForThePeersWindows() throws {
        var c = HTTP2ClientConnection(request: sampleRequest())
        _ = c.outgoing()
        // A stream window of 0: only the HEADERS may go.
        try c.receive(ScriptedServer.settings([HTTP2Setting(HTTP2SettingID.initialWindowSize, 0)]))
        #expect(names(try frames(in: c.outgoing())) == ["SETTINGS+ACK", "HEADERS"])
        try c.receive(HTTP2FrameEncoder.encode(.windowUpdate(streamID: 1, increment: 3)))
        #expect(try frames(in: c.outgoing()) == [.data(streamID: 1, data: Array("hel".utf8), endStream: false, flowControlledLength: 3)])
        // §6.9.2: a new initial window size changes the open stream's window by the difference.
        try c.receive(ScriptedServer.settings([HTTP2Setting(HTTP2SettingID.initialWindowSize, 100)]))
        #expect(try frames(in: c.outgoing()) == [.settings(ack: true, []),
                                                 .data(streamID: 1, data: Array("lo".utf8), endStream: true, flowControlledLength: 2)])
    }

    @Test func aLargeBodyIsSplitByFrameSizeAndStopsAtTheConnectionWindow() throws {
        var c = HTTP2ClientConnection(request: sampleRequest(body: [UInt8](repeating: 1, count: 70_000)))
        _ = c.outgoing()
        try c.receive(ScriptedServer.settings([HTTP2Setting(HTTP2SettingID.initialWindowSize, 1_000_000)]))
        let sizes = try frames(in: c.outgoing()).compactMap { f -> Int? in if case .data(_, let d, _, _) = f { d.count } else { nil } }
        #expect(sizes == [16_384, 16_384, 16_384, 16_383])   // 65,535: the connection window
        try c.receive(HTTP2FrameEncoder.encode(.windowUpdate(streamID: 0, increment: 10_000)))
        #expect(names(try frames(in: c.outgoing())) == ["DATA+END"])
    }

    @Test func windowUpdateErrors() throws {
        var zero = try openConnection()
        #expect(throws: HTTP2Error.connectionError(.protocolError, "WINDOW_UPDATE with increment 0")) {
            try zero.receive(HTTP2FrameEncoder.encode(.windowUpdate(streamID: 0, increment: 0)))
        }
        var overflow = try openConnection()
        #expect(throws: HTTP2Error.connectionError(.flowControlError, "connection window above 2^31-1")) {
            try overflow.receive(HTTP2FrameEncoder.encode(.windowUpdate(streamID: 0, increment: 0x7FFF_FFFF)))
        }
        var stream = try openConnection()
        #expect(throws: HTTP2Error.streamError(.protocolError, "WINDOW_UPDATE with increment 0")) {
            try stream.receive(HTTP2FrameEncoder.encode(.windowUpdate(streamID: 1, increment: 0)))
        }
        #expect(names(try frames(in: stream.outgoing())) == ["RST_STREAM(PROTOCOL_ERROR)"])
    }

    @Test func invalidSettingsAreConnectionErrors() throws {
        let cases: [(HTTP2Setting, HTTP2ErrorCode)] = [
            (HTTP2Setting(HTTP2SettingID.enablePush, 1), .protocolError),
            (HTTP2Setting(HTTP2SettingID.maxFrameSize, 100), .protocolError),
            (HTTP2Setting(HTTP2SettingID.maxFrameSize, 1 << 24), .protocolError),
            (HTTP2Setting(HTTP2SettingID.initialWindowSize, 1 << 31), .flowControlError),
        ]
        for (setting, code) in cases {
            var c = HTTP2ClientConnection(request: sampleRequest())
            #expect(performing: { try c.receive(ScriptedServer.settings([setting])) }, throws: { error in
                guard case .connectionError(let got, _) = error as? HTTP2Error else { return false }
                return got == code
            })
        }
        // Unknown settings are ignored (§6.5.2).
        var ok = HTTP2ClientConnection(request: sampleRequest())
        try ok.receive(ScriptedServer.settings([HTTP2Setting(0x99, 7)]))
        #expect(ok.phase == .open)
    }

    // MARK: control frames

    @Test func pingIsAnsweredWithTheSamePayload() throws {
        var c = try openConnection()
        let opaque: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        try c.receive(HTTP2FrameEncoder.encode(.ping(ack: false, opaque: opaque)))
        try c.receive(HTTP2FrameEncoder.encode(.ping(ack: true, opaque: opaque)))
        #expect(try frames(in: c.outgoing()) == [.ping(ack: true, opaque: opaque)])
    }

    @Test func aServerThatFloodsControlFramesAndNeverReadsIsCutOff() throws {
        var c = try openConnection()
        let ping = HTTP2FrameEncoder.encode(.ping(ack: false, opaque: [UInt8](repeating: 0, count: 8)))
        #expect(performing: { for _ in 0..<100_000 { try c.receive(ping) } }, throws: { error in
            guard case .connectionError(.enhanceYourCalm, _) = error as? HTTP2Error else { return false }
            return true
        })
    }

    @Test func rstStreamAndGoAway() throws {
        var reset = try openConnection()
        #expect(throws: HTTP2Error.streamReset(.refusedStream)) {
            try reset.receive(HTTP2FrameEncoder.encode(.rstStream(streamID: 1, code: .refusedStream)))
        }
        var refused = try openConnection()
        #expect(throws: HTTP2Error.goAway(.noError, lastStreamID: 0, debugData: Array("bye".utf8))) {
            try refused.receive(HTTP2FrameEncoder.encode(.goAway(lastStreamID: 0, code: .noError, debugData: Array("bye".utf8))))
        }
        // A graceful GOAWAY that covers our stream lets the response finish.
        var graceful = try openConnection()
        var server = ScriptedServer()
        try graceful.receive(HTTP2FrameEncoder.encode(.goAway(lastStreamID: 1, code: .noError, debugData: [])))
        try graceful.receive(server.headers([(":status", "200")], endStream: true))
        #expect(graceful.phase == .complete && graceful.goAwayReceived?.lastStreamID == 1)
    }

    @Test func endOfConnectionBeforeTheResponse() throws {
        var c = try openConnection()
        var server = ScriptedServer()
        try c.receive(server.headers([(":status", "200")]))
        #expect(throws: HTTP2Error.connectionClosed) { try c.connectionClosed() }
        #expect(throws: HTTP2Error.connectionClosed) { try c.receive([0]) }
    }

    // MARK: malformed responses and protocol violations

    @Test func malformedResponsesAreStreamErrors() throws {
        let cases: [([(String, String)], String)] = [
            ([("content-type", "x")], "response without :status"),
            ([(":status", "200"), ("Content-Type", "x")], "invalid header field name \"Content-Type\""),
            ([(":status", "20x")], "invalid :status \"20x\""),
            ([("a", "b"), (":status", "200")], "pseudo-header field :status after a regular field"),
            ([(":status", "200"), (":path", "/")], "pseudo-header field :path in a response"),
            ([(":status", "200"), ("connection", "close")], "connection-specific header field connection"),
            ([(":status", "200"), (":status", "200")], "duplicate :status"),
        ]
        for (fields, why) in cases {
            var c = try openConnection()
            var server = ScriptedServer()
            #expect(throws: HTTP2Error.streamError(.protocolError, why)) { try c.receive(server.headers(fields, endStream: true)) }
            #expect(names(try frames(in: c.outgoing())) == ["RST_STREAM(PROTOCOL_ERROR)"])
        }
    }

    @Test func bodyRulesAndLimits() throws {
        var early = try openConnection()
        #expect(throws: HTTP2Error.streamError(.protocolError, "DATA before the response HEADERS")) {
            try early.receive(ScriptedServer.data([1]))
        }
        var length = try openConnection()
        var server = ScriptedServer()
        try length.receive(server.headers([(":status", "200"), ("content-length", "5")]))
        #expect(throws: HTTP2Error.streamError(.protocolError, "content-length 5 but 2 bytes of DATA")) {
            try length.receive(ScriptedServer.data([1, 2], endStream: true))
        }
        var limits = HTTP2Limits()
        limits.maxBodySize = 100
        var big = try openConnection(limits: limits)
        var server2 = ScriptedServer()
        try big.receive(server2.headers([(":status", "200")]))
        #expect(throws: HTTP2Error.streamError(.cancel, "response body larger than 100 bytes")) {
            try big.receive(ScriptedServer.data([UInt8](repeating: 0, count: 101)))
        }
        #expect(names(try frames(in: big.outgoing())) == ["RST_STREAM(CANCEL)"])
    }

    @Test func framesOnOtherStreamsAndPushAreConnectionErrors() throws {
        var other = try openConnection()
        var server = ScriptedServer()
        #expect(throws: HTTP2Error.connectionError(.protocolError, "HEADERS frame on idle stream 3")) {
            try other.receive(server.headers([(":status", "200")], stream: 3))
        }
        var push = try openConnection()
        #expect(performing: {
            try push.receive(HTTP2FrameEncoder.encode(.pushPromise(streamID: 1, promisedStreamID: 2, fragment: [0x82], endHeaders: true)))
        }, throws: { ($0 as? HTTP2Error).map { if case .connectionError(.protocolError, _) = $0 { true } else { false } } ?? false })
        var hpack = try openConnection()
        #expect(throws: HTTP2Error.connectionError(.compressionError, "hpack: invalid indexed representation index 0")) {
            try hpack.receive(HTTP2FrameEncoder.encode(.headers(streamID: 1, fragment: [0x80], endStream: true, endHeaders: true)))
        }
        // Unknown frame types and PRIORITY are ignored.
        var ignored = try openConnection()
        try ignored.receive(HTTP2FrameEncoder.encode(.unknown(type: 0xBB, streamID: 5)) + HTTP2FrameEncoder.encode(.priority(streamID: 9)))
        #expect(ignored.phase == .open)
    }

    // MARK: fuzz

    @Test func connectionSurvivesRandomAndMutatedServers() throws {
        var random = SeededRandom(seed: 0x6832)
        var server = ScriptedServer()
        let good = ScriptedServer.settings([HTTP2Setting(4, 1000)])
            + server.headers([(":status", "200"), ("content-type", "application/grpc")])
            + ScriptedServer.data([0, 0, 0, 0, 2, 8, 1], padding: 2)
            + HTTP2FrameEncoder.encode(.ping(ack: false, opaque: [UInt8](repeating: 3, count: 8)))
            + server.headers([("grpc-status", "0")], endStream: true)
        var outcomes = [0, 0, 0]
        for round in 0..<3000 {
            var c = HTTP2ClientConnection(request: sampleRequest())
            let input = round % 3 == 0 ? ScriptedServer.settings() + random.bytes(Int.random(in: 0...100, using: &random))
                : random.mutate(good)
            // Delivered in random slices, as a socket would.
            var i = 0
            while i < input.count, c.failure == nil {
                let n = Int.random(in: 1...32, using: &random)
                try? c.receive(input[i..<min(i + n, input.count)])
                _ = c.outgoing()
                i += n
            }
            outcomes[c.phase == .complete ? 0 : c.phase == .failed ? 1 : 2] += 1
        }
        #expect(outcomes[0] > 0 && outcomes[1] > 0)
    }
}
