// kubelet-lite — GRPCHealthProbeTests.swift
// The sans-IO probe with a scripted server: which kubelet text each way of ending produces,
// and when gRPC-Go would dial again instead of failing.

@testable import KubeletLiteNet
import Testing

struct GRPCHealthProbeTests {
    private func probe(timeout: Duration = .seconds(1)) -> GRPCHealthProbe {
        GRPCHealthProbe(host: "127.0.0.1", port: 9000, service: "", timeout: timeout, probeUserAgent: "kube-probe/1.35")
    }

    /// A probe whose connection is READY (server SETTINGS received); returns the request frames.
    private func ready(_ p: inout GRPCHealthProbe) throws -> [HTTP2Frame] {
        _ = p.outgoing()
        #expect(p.receive(ScriptedServer.settings()) == .pending)
        #expect(p.connected)
        return try frames(in: p.outgoing())
    }

    private func answer(_ p: inout GRPCHealthProbe, status: ServingStatus) -> GRPCHealthProbe.Event {
        var server = ScriptedServer()
        var body: [UInt8] = []
        HealthProtobuf.appendVarint(8, to: &body)
        HealthProtobuf.appendVarint(UInt64(status.rawValue), to: &body)
        _ = p.receive(server.headers([(":status", "200"), ("content-type", "application/grpc")]))
        _ = p.receive(ScriptedServer.data(GRPCHealthCheck.frameMessage(body)))
        return p.receive(server.headers([("grpc-status", "0")], endStream: true))
    }

    @Test func servingAndNotServing() throws {
        var p = probe()
        let sent = try ready(&p)
        #expect(names(sent) == ["SETTINGS+ACK", "HEADERS", "DATA+END"])
        #expect(answer(&p, status: .serving) == .finished(.success("service healthy")))
        var q = probe()
        _ = try ready(&q)
        #expect(answer(&q, status: .notServing) == .finished(.failure("service unhealthy (responded with \"NOT_SERVING\")")))
        // Decided outcomes stick.
        #expect(q.deadlineExpired() == .failure("service unhealthy (responded with \"NOT_SERVING\")"))
    }

    @Test func unknownServiceAndUnimplemented() throws {
        var p = probe()
        _ = try ready(&p)
        var server = ScriptedServer()
        let event = p.receive(server.headers([(":status", "200"), ("content-type", "application/grpc"), ("grpc-status", "5")],
                                             endStream: true))
        #expect(event == .finished(.failure("error: health rpc probe failed: rpc error: code = NotFound desc = ")))
        var q = probe()
        _ = try ready(&q)
        var server2 = ScriptedServer()   // a new connection has a new HPACK context
        let unimplemented = q.receive(server2.headers([(":status", "200"), ("content-type", "application/grpc"),
                                                      ("grpc-status", "12"), ("grpc-message", "unknown service grpc.health.v1.Health")],
                                                     endStream: true))
        #expect(unimplemented == .finished(.failure(
            "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health")))
    }

    @Test func theDeadlineTextDependsOnTheServerPreface() throws {
        var silent = probe()
        _ = silent.outgoing()
        #expect(silent.deadlineExpired() == .failure(
            "timeout: failed to connect service \"127.0.0.1:9000\" within 1s: context deadline exceeded"))
        var slow = probe(timeout: .seconds(3))
        _ = try ready(&slow)
        #expect(slow.deadlineExpired() == .failure("timeout: health rpc did not complete within 3s"))
    }

    @Test func failuresBeforeTheServerPrefaceAreRedialled() {
        var p = probe(timeout: .seconds(10))
        #expect(p.connectFailed() == .redial(after: .seconds(1)))
        p.redialed()
        _ = p.outgoing()
        // An HTTP/1.1 server answering the preface: not READY either.
        guard case .redial(let second) = p.receive(Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8)) else {
            Issue.record("expected a redial")
            return
        }
        #expect(second >= .milliseconds(1280) && second <= .milliseconds(1920))
        p.redialed()
        #expect({ if case .redial = p.transportEnded() { true } else { false } }())
        #expect(p.failedDials == 3)
        #expect(p.deadlineExpired() == .failure(
            "timeout: failed to connect service \"127.0.0.1:9000\" within 10s: context deadline exceeded"))
    }

    @Test func failuresAfterTheServerPreface() throws {
        var eof = probe()
        _ = try ready(&eof)
        #expect(eof.transportEnded() == .finished(.failure(
            "error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = \"error reading from server: EOF\"")))
        var reset = probe()
        _ = try ready(&reset)
        #expect(reset.transportEnded("read tcp 127.0.0.1:5555->127.0.0.1:9000: read: connection reset by peer") == .finished(.failure(
            "error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = \"error reading from server: read tcp 127.0.0.1:5555->127.0.0.1:9000: read: connection reset by peer\"")))
        var rst = probe()
        _ = try ready(&rst)
        #expect(rst.receive(HTTP2FrameEncoder.encode(.rstStream(streamID: 1, code: .internalError))) == .finished(.failure(
            "error: health rpc probe failed: rpc error: code = Internal desc = stream terminated by RST_STREAM with error code: INTERNAL_ERROR")))
        var huge = probe()
        _ = try ready(&huge)
        var server = ScriptedServer()
        _ = huge.receive(server.headers([(":status", "200"), ("content-type", "application/grpc")]))
        #expect(huge.receive(ScriptedServer.data([0, 0x10, 0, 0, 0, 1, 2, 3])) == .finished(.failure(
            "error: health rpc probe failed: rpc error: code = ResourceExhausted desc = grpc: received message larger than max (268435456 vs. 4194304)")))
    }
}

/// Random and mutated servers never crash the probe, and every attempt ends decided or pending.
struct GRPCHealthProbeFuzzTests {
    @Test func probeSurvivesRandomAndMutatedServers() {
        var random = SeededRandom(seed: 0x47_5250)
        var server = ScriptedServer()
        let good = ScriptedServer.settings() + server.headers([(":status", "200"), ("content-type", "application/grpc")])
            + ScriptedServer.data(GRPCHealthCheck.frameMessage(hex("08 01"))) + server.headers([("grpc-status", "0")], endStream: true)
        var finished = 0
        for round in 0..<3000 {
            var p = GRPCHealthProbe(host: "127.0.0.1", port: 9000, service: "", timeout: .seconds(1), probeUserAgent: "kube-probe/1.35")
            _ = p.outgoing()
            let input = round % 3 == 0 ? ScriptedServer.settings() + random.bytes(Int.random(in: 0...60, using: &random))
                : random.mutate(good)
            var event = GRPCHealthProbe.Event.pending
            var i = 0
            while i < input.count, event == .pending {
                let n = Int.random(in: 1...24, using: &random)
                event = p.receive(input[i..<min(i + n, input.count)])
                _ = p.outgoing()
                i += n
            }
            if case .finished = event { finished += 1 }
            if event == .pending { _ = p.transportEnded() }
        }
        #expect(finished > 0)
    }
}
