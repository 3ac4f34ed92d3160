// kubelet-lite — HTTP2/HTTP2ClientConnection+Receive.swift
// What the client does with each frame the server sends (RFC 9113 §5.1 stream states, RFC 9113 §6).

extension HTTP2ClientConnection {
    /// Acts on one frame; throws the connection or stream error it reveals.
    mutating func handle(_ frame: HTTP2Frame) throws(HTTP2Error) {
        if phase == .awaitingServerPreface {
            // RFC 9113 §3.4: the server preface is a SETTINGS frame, and it comes first.
            guard case .settings(false, let settings) = frame else {
                throw .connectionError(.protocolError, "server preface: expected SETTINGS, got \(frame.typeName)")
            }
            try applySettings(settings)
            phase = .open
            sendRequest()
            return
        }
        // RFC 9113 §6.10: a header block is contiguous; nothing may come between its frames.
        if let block = headerBlock {
            guard case .continuation(let stream, let fragment, let end) = frame, stream == block.streamID else {
                throw .connectionError(.protocolError, "\(frame.typeName) frame inside a header block, want CONTINUATION")
            }
            return try continueHeaderBlock(fragment, end: end)
        }
        try dispatch(frame)
    }

    private mutating func dispatch(_ frame: HTTP2Frame) throws(HTTP2Error) {
        switch frame {
        case .data(let stream, let data, let end, let counted):
            try requireOurStream(stream, frame)
            try receiveData(data, endStream: end, flowControlledLength: counted)
        case .headers(let stream, let fragment, let end, let endHeaders):
            try requireOurStream(stream, frame)
            headerBlock = (stream, end, [])
            try continueHeaderBlock(fragment, end: endHeaders)
        case .priority, .unknown:
            return   // RFC 9113 §5.3.2: priority signals may be ignored; RFC 9113 §5.5: unknown types must be.
        case .rstStream(let stream, let code):
            try requireOurStream(stream, frame)
            throw .streamReset(code)
        case .settings(let ack, let settings):
            guard !ack else { return }
            try applySettings(settings)
            flushRequestBody()
        case .pushPromise:
            throw .connectionError(.protocolError, "PUSH_PROMISE received although SETTINGS_ENABLE_PUSH is 0")
        case .ping(let ack, let opaque):
            if !ack { pending += HTTP2FrameEncoder.encode(.ping(ack: true, opaque: opaque)) }
        case .goAway(let last, let code, let debug):
            goAwayReceived = HTTP2GoAway(lastStreamID: last, code: code, debugData: debug)
            // RFC 9113 §6.8: streams above the last stream ID were not processed and never will be.
            if last < HTTP2Protocol.requestStreamID { throw .goAway(code, lastStreamID: last, debugData: debug) }
        case .windowUpdate(let stream, let increment):
            try receiveWindowUpdate(stream: stream, increment: increment, frame)
        case .continuation:
            throw .connectionError(.protocolError, "CONTINUATION frame without a header block")
        }
    }

    /// RFC 9113 §5.1: streams other than ours are idle (we open no other, and push is off); frames on
    /// them are a connection error.
    private func requireOurStream(_ stream: UInt32, _ frame: HTTP2Frame) throws(HTTP2Error) {
        guard stream == HTTP2Protocol.requestStreamID else {
            throw .connectionError(.protocolError, "\(frame.typeName) frame on idle stream \(stream)")
        }
    }

    // MARK: - Settings and flow control

    /// RFC 9113 §6.5.2: validates and applies the server's settings, and acknowledges them.
    mutating func applySettings(_ settings: [HTTP2Setting]) throws(HTTP2Error) {
        for s in settings {
            switch s.id {
            case HTTP2SettingID.enablePush:
                guard s.value == 0 else { throw .connectionError(.protocolError, "server sent SETTINGS_ENABLE_PUSH=\(s.value)") }
            case HTTP2SettingID.initialWindowSize:
                guard s.value <= HTTP2Protocol.maxWindowSize else {
                    throw .connectionError(.flowControlError, "SETTINGS_INITIAL_WINDOW_SIZE \(s.value) too large")
                }
                // RFC 9113 §6.9.2: the change applies to the open stream's window, which may go negative.
                sendStreamWindow += Int(s.value) - peerInitialWindow
                peerInitialWindow = Int(s.value)
                guard sendStreamWindow <= HTTP2Protocol.maxWindowSize else {
                    throw .connectionError(.flowControlError, "stream window above 2^31-1")
                }
            case HTTP2SettingID.maxFrameSize:
                guard (HTTP2Protocol.defaultMaxFrameSize...HTTP2Protocol.maxAllowedFrameSize).contains(Int(s.value)) else {
                    throw .connectionError(.protocolError, "SETTINGS_MAX_FRAME_SIZE \(s.value) out of range")
                }
                peerMaxFrameSize = Int(s.value)
            default:
                // HEADER_TABLE_SIZE: our encoder never indexes; MAX_CONCURRENT_STREAMS and
                // MAX_HEADER_LIST_SIZE are advisory for one small request; unknown ids are ignored.
                continue
            }
        }
        pending += HTTP2FrameEncoder.encode(.settings(ack: true, []))
    }

    private mutating func receiveWindowUpdate(stream: UInt32, increment: UInt32, _ frame: HTTP2Frame) throws(HTTP2Error) {
        if stream == 0 {
            guard increment > 0 else { throw .connectionError(.protocolError, "WINDOW_UPDATE with increment 0") }
            sendConnectionWindow += Int(increment)
            guard sendConnectionWindow <= HTTP2Protocol.maxWindowSize else {
                throw .connectionError(.flowControlError, "connection window above 2^31-1")
            }
        } else {
            try requireOurStream(stream, frame)
            guard increment > 0 else { throw .streamError(.protocolError, "WINDOW_UPDATE with increment 0") }
            sendStreamWindow += Int(increment)
            guard sendStreamWindow <= HTTP2Protocol.maxWindowSize else {
                throw .streamError(.flowControlError, "stream window above 2^31-1")
            }
        }
        flushRequestBody()
    }

    /// RFC 9113 §6.9: DATA uses up our receive windows; we give the credit back at once with
    /// WINDOW_UPDATEs, so a response keeps flowing. Because the credit is restored as soon as a
    /// frame is consumed, we cannot tell a server that ignores flow control from one whose
    /// updates crossed ours; `maxBodySize` is what bounds memory.
    private mutating func receiveData(_ data: [UInt8], endStream: Bool, flowControlledLength: Int) throws(HTTP2Error) {
        guard responseState == .receivingBody else { throw .streamError(.protocolError, "DATA before the response HEADERS") }
        guard body.count + data.count <= limits.maxBodySize else {
            throw .streamError(.cancel, "response body larger than \(limits.maxBodySize) bytes")
        }
        body += data
        if flowControlledLength > 0 {
            pending += HTTP2FrameEncoder.encode(.windowUpdate(streamID: 0, increment: UInt32(flowControlledLength)))
            if !endStream {
                pending += HTTP2FrameEncoder.encode(.windowUpdate(streamID: HTTP2Protocol.requestStreamID,
                                                                  increment: UInt32(flowControlledLength)))
            }
        }
        if endStream { try finish(trailers: []) }
    }

    // MARK: - Header blocks

    private mutating func continueHeaderBlock(_ fragment: [UInt8], end: Bool) throws(HTTP2Error) {
        guard var block = headerBlock else { return }
        guard block.bytes.count + fragment.count <= limits.maxHeaderBlockSize else {
            throw .connectionError(.enhanceYourCalm, "header block larger than \(limits.maxHeaderBlockSize) bytes")
        }
        block.bytes += fragment
        headerBlock = end ? nil : block
        guard end else { return }
        let fields: [HeaderField]
        do {
            fields = try hpackDecoder.decode(block.bytes)
        } catch {
            // RFC 9113 §4.3: a header block that cannot be decoded is a COMPRESSION_ERROR.
            throw .connectionError(.compressionError, error.description)
        }
        try receiveHeaders(fields, endStream: block.endStream)
    }

    /// Response headers (1xx skipped), or trailers once the body has begun (RFC 9113 §8.1).
    private mutating func receiveHeaders(_ fields: [HeaderField], endStream: Bool) throws(HTTP2Error) {
        switch responseState {
        case .awaitingHeaders:
            let (code, regular) = try HTTP2ResponseValidation.responseHeaders(fields)
            if (100...199).contains(code) {
                guard !endStream else { throw .streamError(.protocolError, "informational response \(code) ends the stream") }
                return
            }
            status = code
            headers = regular
            declaredContentLength = try HTTP2ResponseValidation.contentLength(regular)
            responseState = .receivingBody
            if endStream { try finish(trailers: [], headersOnly: true) }
        case .receivingBody:
            guard endStream else { throw .streamError(.protocolError, "trailers without END_STREAM") }
            try finish(trailers: HTTP2ResponseValidation.trailers(fields))
        }
    }

    private mutating func finish(trailers: [HeaderField], headersOnly: Bool = false) throws(HTTP2Error) {
        // RFC 9113 §8.1.1: a content-length that disagrees with the DATA makes the response malformed.
        if let declared = declaredContentLength, declared != body.count {
            throw .streamError(.protocolError, "content-length \(declared) but \(body.count) bytes of DATA")
        }
        response = HTTP2Response(status: status, headers: headers, body: body, trailers: trailers, headersOnly: headersOnly)
        phase = .complete
    }
}
