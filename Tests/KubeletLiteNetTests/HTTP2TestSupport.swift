// kubelet-lite — HTTP2TestSupport.swift
// A scripted HTTP/2 server for the client tests: builds the frames a server would send, and
// reads back what the client queued.

@testable import KubeletLiteNet

/// Builds server-side frames with its own HPACK encoder (indexing and Huffman on, as real servers do).
struct ScriptedServer {
    var encoder = HPACKEncoder(indexing: .incrementalIndexing, huffman: true)

    static func settings(_ settings: [HTTP2Setting] = []) -> [UInt8] {
        HTTP2FrameEncoder.encode(.settings(ack: false, settings))
    }

    mutating func headers(_ fields: [(String, String)], endStream: Bool = false, stream: UInt32 = 1,
                          padding: Int = 0) -> [UInt8] {
        let block = encoder.encode(fields.map { HeaderField($0.0, $0.1) })
        return HTTP2FrameEncoder.encode(.headers(streamID: stream, fragment: block, endStream: endStream, endHeaders: true),
                                        padding: padding)
    }

    mutating func block(_ fields: [(String, String)]) -> [UInt8] { encoder.encode(fields.map { HeaderField($0.0, $0.1) }) }

    static func data(_ bytes: [UInt8], endStream: Bool = false, stream: UInt32 = 1, padding: Int = 0) -> [UInt8] {
        HTTP2FrameEncoder.encode(.data(streamID: stream, data: bytes, endStream: endStream, flowControlledLength: 0),
                                 padding: padding)
    }
}

/// The frames in bytes the client queued (after the connection preface, if present).
func frames(in bytes: [UInt8]) throws -> [HTTP2Frame] {
    var input = bytes
    if input.starts(with: HTTP2Protocol.clientPreface) { input.removeFirst(HTTP2Protocol.clientPreface.count) }
    var decoder = HTTP2FrameDecoder(maxFrameSize: HTTP2Protocol.maxAllowedFrameSize)
    decoder.append(input)
    var out: [HTTP2Frame] = []
    while let f = try decoder.nextFrame() { out.append(f) }
    return out
}

/// A connection that has received the server preface; its queued output is drained.
func openConnection(_ request: HTTP2Request = sampleRequest(), limits: HTTP2Limits = HTTP2Limits(),
                    serverSettings: [HTTP2Setting] = []) throws -> HTTP2ClientConnection {
    var c = HTTP2ClientConnection(request: request, limits: limits)
    _ = c.outgoing()
    try c.receive(ScriptedServer.settings(serverSettings))
    _ = c.outgoing()
    return c
}

func sampleRequest(body: [UInt8] = Array("hello".utf8)) -> HTTP2Request {
    HTTP2Request(method: "POST", scheme: "http", authority: "127.0.0.1:9000", path: "/svc/Method",
                 headers: [HeaderField("content-type", "application/grpc"), HeaderField("te", "trailers")], body: body)
}

/// The names of the frames, for compact expectations.
func names(_ frames: [HTTP2Frame]) -> [String] {
    frames.map { f in
        switch f {
        case .data(_, _, let end, _): end ? "DATA+END" : "DATA"
        case .headers(_, _, let end, let eh): "HEADERS" + (end ? "+END" : "") + (eh ? "" : "-more")
        case .settings(let ack, _): ack ? "SETTINGS+ACK" : "SETTINGS"
        case .ping(let ack, _): ack ? "PING+ACK" : "PING"
        case .windowUpdate(let s, _): "WINDOW_UPDATE(\(s))"
        case .rstStream(_, let code): "RST_STREAM(\(code))"
        case .goAway(_, let code, _): "GOAWAY(\(code))"
        default: f.typeName
        }
    }
}
