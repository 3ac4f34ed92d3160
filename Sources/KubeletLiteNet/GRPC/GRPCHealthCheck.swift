// kubelet-lite — GRPC/GRPCHealthCheck.swift
// The grpc.health.v1.Health/Check call on HTTP/2 (gRPC's PROTOCOL-HTTP2.md): the request as
// gRPC-Go sends it, the length-prefixed message, and how gRPC-Go turns a response into a status.

/// Builds the health check request and reads its response the way gRPC-Go's client does.
public enum GRPCHealthCheck {
    public static let path = "/grpc.health.v1.Health/Check"
    public static let contentType = "application/grpc"
    /// The gRPC-Go release linked into the kubelet, which appends `grpc-go/<version>` to the
    /// user agent it is given (`grpc.WithUserAgent`). Unverified for Kubernetes 1.35: only the
    /// `kube-probe/<major>.<minor>` prefix is certain.
    public static let grpcGoVersion = "1.72.2"
    /// gRPC-Go's default limit on a received message (`defaultClientMaxReceiveMessageSize`).
    public static let maxReceiveMessageSize = 4 * 1024 * 1024
    /// Compressed flag (1 octet) and message length (4 octets) before each message.
    static let messagePrefixSize = 5

    /// `kube-probe/1.35` becomes `kube-probe/1.35 grpc-go/…`, as on the wire from a kubelet.
    public static func userAgent(probeUserAgent: String) -> String { "\(probeUserAgent) grpc-go/\(grpcGoVersion)" }

    /// The request, with gRPC-Go's header order: pseudo-header fields, content-type,
    /// user-agent, te, then grpc-timeout from the probe's deadline. `:authority` is `host:port`.
    public static func request(host: String, port: Int, service: String, timeout: Duration, userAgent: String) -> HTTP2Request {
        HTTP2Request(
            method: "POST", scheme: "http", authority: GoFormat.joinHostPort(host, port), path: path,
            headers: [HeaderField("content-type", contentType), HeaderField("user-agent", userAgent),
                      HeaderField("te", "trailers"), HeaderField("grpc-timeout", encodeTimeout(timeout))],
            body: frameMessage(HealthProtobuf.encodeRequest(service: service)))
    }

    /// The length-prefixed message: flag 0 (not compressed), big-endian length, the bytes.
    public static func frameMessage(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0]
        out.appendUInt32(UInt32(message.count))
        return out + message
    }

    /// `grpc-timeout` as gRPC-Go writes it: the finest unit whose value, rounded up, has at most
    /// eight digits (`grpcutil.EncodeDuration`).
    public static func encodeTimeout(_ timeout: Duration) -> String {
        let (seconds, atto) = timeout.components
        let nanos = seconds * 1_000_000_000 + (atto + 999_999_999) / 1_000_000_000
        guard nanos > 0 else { return "0n" }
        let units: [(Int64, String)] = [(1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"), (60_000_000_000, "M")]
        for (size, unit) in units {
            let value = (nanos + size - 1) / size
            if value <= 99_999_999 { return "\(value)\(unit)" }
        }
        return "\((nanos + 3_600_000_000_000 - 1) / 3_600_000_000_000)H"
    }

    /// The RPC's result from a complete response, in gRPC-Go's order of checks: a non-gRPC
    /// response; the status; the first message's framing and decoding; a second message; then a
    /// non-OK status.
    public static func result(of response: HTTP2Response) -> Result<ServingStatus, GRPCStatus> {
        if let status = nonGRPCStatus(response) { return .failure(status) }
        guard response.headersOnly || !response.trailers.isEmpty else {
            return .failure(GRPCStatus(.internal, "server closed the stream without sending trailers"))
        }
        let status = grpcStatus(response.headersOnly ? response.headers : response.trailers)
        var reader = ByteReader(response.body)
        guard !reader.isAtEnd else {
            return .failure(status.code == .ok
                ? GRPCStatus(.internal, "cardinality violation: received no response message from non-server-streaming RPC")
                : status)
        }
        switch readMessage(&reader, encoding: response.header("grpc-encoding")) {
        case .failure(let error):
            return .failure(error)
        case .success(let message):
            guard reader.isAtEnd else {
                return .failure(GRPCStatus(.internal,
                    "cardinality violation: expected <EOF> for non server-streaming RPCs, but received another message"))
            }
            guard status.code == .ok else { return .failure(status) }
            do {
                return .success(try HealthProtobuf.decodeResponse(message))
            } catch {
                return .failure(GRPCStatus(.internal, "grpc: failed to unmarshal the received message: \(error)"))
            }
        }
    }

    /// A message whose prefix already declares more than gRPC-Go accepts: reported at once,
    /// before the rest arrives (gRPC-Go checks the prefix before reading the message).
    public static func earlyFailure(partialBody body: [UInt8]) -> GRPCStatus? {
        var reader = ByteReader(body)
        guard let flag = reader.readByte(), flag <= 1, let length = reader.readUInt32(),
              Int(length) > maxReceiveMessageSize else { return nil }
        return GRPCStatus(.resourceExhausted, "grpc: received message larger than max (\(length) vs. \(maxReceiveMessageSize))")
    }

    /// One length-prefixed message (gRPC-Go's `recvMsg` and `checkRecvPayload`).
    private static func readMessage(_ reader: inout ByteReader, encoding: String?) -> Result<[UInt8], GRPCStatus> {
        guard let flag = reader.readByte(), let length = reader.readUInt32() else {
            return .failure(GRPCStatus(.internal, "unexpected EOF"))
        }
        switch flag {
        case 0: break
        case 1:
            guard let encoding, !encoding.isEmpty, encoding != "identity" else {
                return .failure(GRPCStatus(.internal, "grpc: compressed flag set with identity or empty encoding"))
            }
            // We advertise no grpc-accept-encoding, so a compressed reply is the server's error.
            return .failure(GRPCStatus(.internal, "grpc: Decompressor is not installed for grpc-encoding \(GoFormat.quote(encoding))"))
        default:
            return .failure(GRPCStatus(.internal, "grpc: received unexpected payload format \(flag)"))
        }
        guard Int(length) <= maxReceiveMessageSize else {
            return .failure(GRPCStatus(.resourceExhausted, "grpc: received message larger than max (\(length) vs. \(maxReceiveMessageSize))"))
        }
        guard let message = reader.readBytes(Int(length)) else { return .failure(GRPCStatus(.internal, "unexpected EOF")) }
        return .success(Array(message))
    }

    /// gRPC-Go's `operateHeaders` for the first HEADERS: without a gRPC content-type the response
    /// is not gRPC, and its HTTP status decides the code.
    static func nonGRPCStatus(_ response: HTTP2Response) -> GRPCStatus? {
        let contentTypeError: String
        if let type = response.header("content-type") {
            if isGRPCContentType(type) { return nil }
            contentTypeError = "transport: received unexpected content-type \(GoFormat.quote(type))"
        } else {
            contentTypeError = "malformed header: missing HTTP content-type"
        }
        let httpError = "unexpected HTTP status code received from server: \(response.status) (\(GoHTTPStatusText.text(response.status)))"
        return GRPCStatus(GRPCStatusCode.fromHTTPStatus(response.status), httpError + "; " + contentTypeError)
    }

    /// `application/grpc`, or it followed by `+subtype` or `;parameters` (`grpcutil.ContentSubtype`).
    static func isGRPCContentType(_ value: String) -> Bool {
        guard value.hasPrefix(contentType) else { return false }
        let rest = value.dropFirst(contentType.count)
        return rest.isEmpty || rest.first == "+" || rest.first == ";"
    }

    /// `grpc-status` and `grpc-message`; a missing status is Unknown, as in gRPC-Go.
    static func grpcStatus(_ fields: [HeaderField]) -> GRPCStatus {
        let message = fields.first { $0.name == "grpc-message" }.map { GRPCStatus.decodeMessage($0.value) } ?? ""
        guard let raw = fields.first(where: { $0.name == "grpc-status" })?.value else { return GRPCStatus(.unknown, message) }
        guard let code = Int32(raw) else {
            let digits = raw.drop { $0 == "+" || $0 == "-" }
            let reason = !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit) ? "value out of range" : "invalid syntax"
            return GRPCStatus(.unknown, "transport: malformed grpc-status: strconv.ParseInt: parsing \(GoFormat.quote(raw)): \(reason)")
        }
        return GRPCStatus(GRPCStatusCode(rawValue: UInt32(bitPattern: code)), message)
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
