// kubelet-lite — HTTP2/HTTP2ClientConnection.swift
// A client connection for ONE request on stream 1, sans-IO (RFC 9113): the caller moves bytes
// between the socket and `receive` / `outgoing`, and reads `response` or `failure`.

/// The client side of one HTTP/2 connection carrying one request.
///
/// Sequence: the preface and our SETTINGS are queued at once; the request (HEADERS, CONTINUATION
/// as needed, DATA within the peer's flow control windows) is queued when the server's SETTINGS
/// arrive, as gRPC-Go does: the connection counts as established only after the server preface.
/// Received DATA is acknowledged with WINDOW_UPDATEs, PINGs are answered, and any protocol
/// violation ends in `failure` with a GOAWAY or RST_STREAM queued for the server.
public struct HTTP2ClientConnection: Sendable {
    /// Where the exchange stands.
    public enum Phase: Sendable, Equatable {
        /// Waiting for the server's SETTINGS (its connection preface, RFC 9113 §3.4).
        case awaitingServerPreface
        /// The request is sent or being sent; the response is not complete.
        case open
        /// `response` holds the complete response.
        case complete
        /// `failure` says why.
        case failed
    }

    /// Where stream 1's response stands.
    enum ResponseState: Sendable { case awaitingHeaders, receivingBody }

    public internal(set) var phase = Phase.awaitingServerPreface
    public internal(set) var response: HTTP2Response?
    public internal(set) var failure: HTTP2Error?
    /// The last GOAWAY the server sent, if any.
    public internal(set) var goAwayReceived: HTTP2GoAway?

    let request: HTTP2Request
    let limits: HTTP2Limits
    var frames = HTTP2FrameDecoder()
    var hpackDecoder: HPACKDecoder
    var hpackEncoder = HPACKEncoder()
    var pending: [UInt8] = []

    // The server's settings and our send windows (RFC 9113 §6.9).
    var peerMaxFrameSize = HTTP2Protocol.defaultMaxFrameSize
    var peerInitialWindow = HTTP2Protocol.defaultWindowSize
    var sendConnectionWindow = HTTP2Protocol.defaultWindowSize
    var sendStreamWindow = HTTP2Protocol.defaultWindowSize
    var requestBodySent = 0
    var requestComplete = false

    // Stream 1's response as it arrives.
    var responseState = ResponseState.awaitingHeaders
    var status = 0
    var headers: [HeaderField] = []
    var body: [UInt8] = []
    var declaredContentLength: Int?
    /// A header block being assembled from HEADERS and CONTINUATION frames.
    var headerBlock: (streamID: UInt32, endStream: Bool, bytes: [UInt8])?

    public init(request: HTTP2Request, limits: HTTP2Limits = HTTP2Limits()) {
        self.request = request
        self.limits = limits
        self.hpackDecoder = HPACKDecoder(maxHeaderListSize: limits.maxHeaderListSize)
        // RFC 9113 §3.4: the preface, then SETTINGS. No push (RFC 9113 §8.4); our header list limit.
        pending = HTTP2Protocol.clientPreface + HTTP2FrameEncoder.encode(.settings(ack: false, [
            HTTP2Setting(HTTP2SettingID.enablePush, 0),
            HTTP2Setting(HTTP2SettingID.maxHeaderListSize, UInt32(limits.maxHeaderListSize)),
        ]))
    }

    /// The response body received so far (gRPC checks a message's declared length early).
    public var bodyReceived: [UInt8] { body }

    /// Takes the bytes queued for the server.
    public mutating func outgoing() -> [UInt8] {
        defer { pending = [] }
        return pending
    }

    /// Whether bytes are waiting in `outgoing()`.
    public var hasOutgoing: Bool { !pending.isEmpty }

    /// Feeds bytes read from the server. Throws the failure (now and on every later call); once
    /// the response is complete further bytes are ignored.
    public mutating func receive<C: Collection>(_ bytes: C) throws(HTTP2Error) where C.Element == UInt8 {
        if let failure { throw failure }
        guard phase != .complete else { return }
        frames.append(bytes)
        do throws(HTTP2Error) {
            while phase != .complete, let frame = try frames.nextFrame() {
                try handle(frame)
                guard pending.count <= limits.maxPendingOutput else {
                    throw .connectionError(.enhanceYourCalm, "more than \(limits.maxPendingOutput) bytes of replies queued")
                }
            }
        } catch {
            fail(error)
            throw error
        }
    }

    /// The server closed the connection (EOF). Throws unless the response was complete.
    public mutating func connectionClosed() throws(HTTP2Error) {
        if let failure { throw failure }
        guard phase != .complete else { return }
        fail(.connectionClosed)
        throw .connectionClosed
    }

    /// Records the failure and queues what RFC 9113 §5.4 asks us to tell the server.
    mutating func fail(_ error: HTTP2Error) {
        guard failure == nil else { return }
        failure = error
        phase = .failed
        switch error {
        case .connectionError(let code, let why):
            pending += HTTP2FrameEncoder.encode(.goAway(lastStreamID: 0, code: code, debugData: Array(why.utf8.prefix(256))))
        case .streamError(let code, _):
            pending += HTTP2FrameEncoder.encode(.rstStream(streamID: HTTP2Protocol.requestStreamID, code: code))
        case .streamReset, .goAway, .connectionClosed:
            break
        }
    }

    // MARK: - Sending the request

    /// Queues HEADERS (+ CONTINUATION), then as much DATA as the windows allow.
    mutating func sendRequest() {
        let block = hpackEncoder.encode(request.headerList)
        pending += HTTP2FrameEncoder.headerBlock(streamID: HTTP2Protocol.requestStreamID, block: block,
                                                 endStream: request.body.isEmpty, maxFrameSize: peerMaxFrameSize)
        requestComplete = request.body.isEmpty
        flushRequestBody()
    }

    /// Sends body bytes while both send windows (RFC 9113 §6.9.1) and the frame size allow.
    mutating func flushRequestBody() {
        while !requestComplete, phase == .open {
            let left = request.body.count - requestBodySent
            let size = min(left, sendConnectionWindow, sendStreamWindow, peerMaxFrameSize)
            guard size > 0 || left == 0 else { return }
            let chunk = Array(request.body[requestBodySent..<(requestBodySent + size)])
            requestBodySent += size
            sendConnectionWindow -= size
            sendStreamWindow -= size
            requestComplete = requestBodySent == request.body.count
            pending += HTTP2FrameEncoder.encode(.data(streamID: HTTP2Protocol.requestStreamID, data: chunk,
                                                      endStream: requestComplete, flowControlledLength: size))
        }
    }
}
