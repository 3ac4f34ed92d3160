// kubelet-lite — GRPCHealthCheckTests.swift
// The health check request as gRPC-Go sends it, gRPC-Go's reading of responses into statuses,
// and the kubelet's probe texts (pkg/probe/grpc/grpc.go).

@testable import KubeletLiteNet
import Testing

struct GRPCHealthCheckTests {
    private let grpcHeaders = [HeaderField("content-type", "application/grpc")]

    private func response(body: [UInt8] = [], status: String? = "0", message: String? = nil, headers: [HeaderField]? = nil,
                          headersOnly: Bool = false) -> HTTP2Response {
        var trailers: [HeaderField] = []
        if let status { trailers.append(HeaderField("grpc-status", status)) }
        if let message { trailers.append(HeaderField("grpc-message", message)) }
        if headersOnly { return HTTP2Response(status: 200, headers: (headers ?? grpcHeaders) + trailers, headersOnly: true) }
        return HTTP2Response(status: 200, headers: headers ?? grpcHeaders, body: body, trailers: trailers)
    }

    // MARK: request

    @Test func theRequestAsGRPCGoSendsIt() {
        let r = GRPCHealthCheck.request(host: "10.0.0.5", port: 9000, service: "foo", timeout: .seconds(1),
                                        userAgent: GRPCHealthCheck.userAgent(probeUserAgent: "kube-probe/1.35"))
        #expect(r.headerList.map(\.description) == [
            ":method: POST", ":scheme: http", ":path: /grpc.health.v1.Health/Check", ":authority: 10.0.0.5:9000",
            "content-type: application/grpc", "user-agent: kube-probe/1.35 grpc-go/\(GRPCHealthCheck.grpcGoVersion)",
            "te: trailers", "grpc-timeout: 1000000u",
        ])
        #expect(r.body == hex("00 00000005 0a03666f6f"))
        let v6 = GRPCHealthCheck.request(host: "fd00::1", port: 80, service: "", timeout: .seconds(1), userAgent: "x")
        #expect(v6.authority == "[fd00::1]:80" && v6.body == [0, 0, 0, 0, 0])
    }

    @Test func grpcTimeoutEncoding() {
        #expect(GRPCHealthCheck.encodeTimeout(.seconds(1)) == "1000000u")
        #expect(GRPCHealthCheck.encodeTimeout(.milliseconds(500)) == "500000u")
        #expect(GRPCHealthCheck.encodeTimeout(.seconds(30)) == "30000000u")
        #expect(GRPCHealthCheck.encodeTimeout(.seconds(120)) == "120000m")
        #expect(GRPCHealthCheck.encodeTimeout(.nanoseconds(42)) == "42n")
        #expect(GRPCHealthCheck.encodeTimeout(.zero) == "0n")
        #expect(GRPCHealthCheck.encodeTimeout(.seconds(200_000_000)) == "3333334M")
    }

    // MARK: responses into statuses

    @Test func servingAndOtherStatuses() {
        let serving = GRPCHealthCheck.frameMessage(hex("08 01"))
        #expect(GRPCHealthCheck.result(of: response(body: serving)) == .success(.serving))
        #expect(GRPCHealthCheck.result(of: response(body: GRPCHealthCheck.frameMessage(hex("08 02")))) == .success(.notServing))
        // The default value of the enum is not on the wire at all.
        #expect(GRPCHealthCheck.result(of: response(body: [0, 0, 0, 0, 0])) == .success(.unknown))
    }

    @Test func grpcErrorStatuses() {
        let cases: [(HTTP2Response, GRPCStatus)] = [
            (response(status: "12", message: "unknown%20service%3A%20%E2%9C%93", headersOnly: true),
             GRPCStatus(.unimplemented, "unknown service: ✓")),
            (response(status: "5", headersOnly: true), GRPCStatus(.notFound, "")),
            (response(body: GRPCHealthCheck.frameMessage(hex("08 01")), status: "14", message: "bad%"), GRPCStatus(.unavailable, "bad%")),
            (response(status: "0"), GRPCStatus(.internal,
                "cardinality violation: received no response message from non-server-streaming RPC")),
            (HTTP2Response(status: 200, headers: grpcHeaders, body: [0, 0, 0, 0, 0]),
             GRPCStatus(.internal, "server closed the stream without sending trailers")),
            (response(body: [0, 0, 0, 0, 0], status: nil, message: "no%20status"), GRPCStatus(.unknown, "no status")),
            (response(body: [0, 0, 0, 0, 0], status: "abc"),
             GRPCStatus(.unknown, "transport: malformed grpc-status: strconv.ParseInt: parsing \"abc\": invalid syntax")),
            (response(body: [0, 0, 0, 0, 0], status: "99999999999"),
             GRPCStatus(.unknown, "transport: malformed grpc-status: strconv.ParseInt: parsing \"99999999999\": value out of range")),
            (response(body: [0, 0, 0, 0, 0], status: "17"), GRPCStatus(GRPCStatusCode(rawValue: 17), "")),
        ]
        for (r, status) in cases {
            #expect(GRPCHealthCheck.result(of: r) == .failure(status))
        }
        #expect(GRPCStatus(GRPCStatusCode(rawValue: 17), "x").description == "rpc error: code = Code(17) desc = x")
    }

    @Test func messageFramingErrors() {
        let cases: [([UInt8], [HeaderField]?, GRPCStatus)] = [
            ([0, 0, 0, 0, 2, 8, 1, 0, 0, 0, 0, 0], nil, GRPCStatus(.internal,
                "cardinality violation: expected <EOF> for non server-streaming RPCs, but received another message")),
            ([1, 0, 0, 0, 2, 8, 1], nil, GRPCStatus(.internal, "grpc: compressed flag set with identity or empty encoding")),
            ([1, 0, 0, 0, 2, 8, 1], grpcHeaders + [HeaderField("grpc-encoding", "gzip")],
             GRPCStatus(.internal, "grpc: Decompressor is not installed for grpc-encoding \"gzip\"")),
            ([2, 0, 0, 0, 0], nil, GRPCStatus(.internal, "grpc: received unexpected payload format 2")),
            ([0, 0, 0, 0, 9, 8, 1], nil, GRPCStatus(.internal, "unexpected EOF")),
            ([0, 0, 0], nil, GRPCStatus(.internal, "unexpected EOF")),
            ([0, 1, 0, 0, 0], nil, GRPCStatus(.resourceExhausted, "grpc: received message larger than max (16777216 vs. 4194304)")),
            (GRPCHealthCheck.frameMessage(hex("0e 00")), nil, GRPCStatus(.internal,
                "grpc: failed to unmarshal the received message: proto: cannot parse invalid wire-format data")),
        ]
        for (body, headers, status) in cases {
            #expect(GRPCHealthCheck.result(of: response(body: body, headers: headers)) == .failure(status), "\(body)")
        }
        #expect(GRPCHealthCheck.earlyFailure(partialBody: [0, 1, 0, 0, 0]) != nil)
        #expect(GRPCHealthCheck.earlyFailure(partialBody: [0, 0, 0, 0]) == nil)
    }

    @Test func nonGRPCResponsesAreJudgedByTheirHTTPStatus() {
        let html = HTTP2Response(status: 404, headers: [HeaderField("content-type", "text/html")], headersOnly: true)
        #expect(GRPCHealthCheck.result(of: html) == .failure(GRPCStatus(.unimplemented,
            "unexpected HTTP status code received from server: 404 (Not Found); transport: received unexpected content-type \"text/html\"")))
        let bare = HTTP2Response(status: 200, headers: [], body: [1], trailers: [])
        #expect(GRPCHealthCheck.result(of: bare) == .failure(GRPCStatus(.unknown,
            "unexpected HTTP status code received from server: 200 (OK); malformed header: missing HTTP content-type")))
        let unavailable = HTTP2Response(status: 503, headers: [], headersOnly: true)
        #expect(GRPCHealthCheck.result(of: unavailable).failureCode == .unavailable)
        // A gRPC content-type makes it gRPC whatever the :status (gRPC-Go ignores it then).
        #expect(GRPCHealthCheck.isGRPCContentType("application/grpc+proto"))
        #expect(GRPCHealthCheck.isGRPCContentType("application/grpc;charset=utf-8"))
        #expect(!GRPCHealthCheck.isGRPCContentType("application/grpcx"))
    }

    @Test func http2FailuresIntoStatuses() {
        #expect(GRPCTransportText.status(for: .streamReset(.cancel), goAway: nil)
            == GRPCStatus(.canceled, "stream terminated by RST_STREAM with error code: CANCEL"))
        #expect(GRPCTransportText.status(for: .streamReset(.refusedStream), goAway: nil).code == .unavailable)
        #expect(GRPCTransportText.status(for: .connectionClosed, goAway: nil)
            == GRPCStatus(.unavailable, "connection error: desc = \"error reading from server: EOF\""))
        let goAway = HTTP2GoAway(lastStreamID: 1, code: .noError, debugData: Array("max_age".utf8))
        #expect(GRPCTransportText.status(for: .connectionClosed, goAway: goAway).message
            == "closing transport due to: connection error: desc = \"error reading from server: EOF\", received prior goaway: code: NO_ERROR, debug data: \"max_age\"")
    }

    // MARK: the kubelet's texts

    @Test func kubeletTexts() {
        #expect(KubeletGRPCText.connectTimeout(address: "127.0.0.1:9000", timeout: .seconds(1))
            == "timeout: failed to connect service \"127.0.0.1:9000\" within 1s: context deadline exceeded")
        #expect(KubeletGRPCText.rpcTimeout(.milliseconds(1500)) == "timeout: health rpc did not complete within 1.5s")
        #expect(KubeletGRPCText.unhealthy(.notServing) == "service unhealthy (responded with \"NOT_SERVING\")")
        #expect(KubeletGRPCText.unhealthy(ServingStatus(rawValue: 9)) == "service unhealthy (responded with \"9\")")
        #expect(KubeletGRPCText.rpcFailed(GRPCStatus(.unimplemented, "unknown service grpc.health.v1.Health"), timeout: .seconds(1))
            == "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health")
        #expect(KubeletGRPCText.rpcFailed(GRPCStatus(.deadlineExceeded, "x"), timeout: .seconds(2))
            == "timeout: health rpc did not complete within 2s")
        #expect(KubeletGRPCText.rpcFailed(GRPCStatus(.notFound, ""), timeout: .seconds(1))
            == "error: health rpc probe failed: rpc error: code = NotFound desc = ")
    }

    @Test func goDurations() {
        let cases: [(Int64, String)] = [
            (0, "0s"), (1_000_000_000, "1s"), (500_000_000, "500ms"), (1_500_000_000, "1.5s"), (90_000_000_000, "1m30s"),
            (3_600_000_000_000, "1h0m0s"), (2_000, "2µs"), (10, "10ns"), (61_500_000_000, "1m1.5s"), (-1_000_000_000, "-1s"),
        ]
        for (nanos, text) in cases { #expect(GoFormat.duration(nanoseconds: nanos) == text) }
        #expect(GoFormat.duration(.seconds(10)) == "10s")
    }

    @Test func dialBackoffIsGRPCGosDefault() {
        #expect(GRPCDialBackoff.delay(retry: 0, random: 0.9) == .seconds(1))
        #expect(GRPCDialBackoff.delay(retry: 1, random: 0.5) == .milliseconds(1600))
        #expect(GRPCDialBackoff.delay(retry: 2, random: 0) == .nanoseconds(Int64(2.56 * 0.8 * 1e9)))
        #expect(GRPCDialBackoff.delay(retry: 100, random: 1) == .seconds(144))
    }
}

private extension Result where Failure == GRPCStatus {
    var failureCode: GRPCStatusCode? { if case .failure(let s) = self { s.code } else { nil } }
}
