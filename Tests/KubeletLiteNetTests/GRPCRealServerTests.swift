// kubelet-lite — GRPCRealServerTests.swift
// Issue 13's acceptance for gRPC probes, against a real gRPC server (Python grpcio with
// grpcio-health-checking): the sans-IO probe is pumped over a blocking socket here, as the
// event loop adapter will pump it over a non-blocking one.

import Glibc
@testable import KubeletLiteNet
import Testing

/// One probe attempt driven to its outcome, and how long it took.
private struct ProbeRun {
    var outcome: GRPCProbeOutcome
    var elapsed: Double
}

/// Runs a probe against 127.0.0.1:port: connect, pump bytes, redial on gRPC-Go's schedule,
/// stop at the deadline.
private func runProbe(port: Int, service: String, timeout: Duration) -> ProbeRun {
    let start = monotonicSeconds()
    let deadline = start + Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
    var probe = GRPCHealthProbe(host: "127.0.0.1", port: port, service: service, timeout: timeout,
                                probeUserAgent: "kube-probe/1.35")
    func done(_ o: GRPCProbeOutcome) -> ProbeRun { ProbeRun(outcome: o, elapsed: monotonicSeconds() - start) }
    while true {
        let event: GRPCHealthProbe.Event
        if let fd = connectLoopback(port) {
            event = pump(fd, &probe, deadline: deadline)
            close(fd)
        } else {
            event = probe.connectFailed()
        }
        switch event {
        case .finished(let outcome):
            return done(outcome)
        case .pending:
            return done(probe.deadlineExpired())
        case .redial(let delay):
            let wake = monotonicSeconds() + Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            sleepUntil(min(wake, deadline))
            if wake >= deadline { return done(probe.deadlineExpired()) }
            probe.redialed()
        }
    }
}

/// Moves bytes until the probe decides, or returns `.pending` at the deadline.
private func pump(_ fd: Int32, _ probe: inout GRPCHealthProbe, deadline: Double) -> GRPCHealthProbe.Event {
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    while true {
        let out = probe.outgoing()
        if !out.isEmpty, !writeAll(fd, out) { return probe.transportEnded("write: broken pipe") }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let wait = Int32(max(0, (deadline - monotonicSeconds()) * 1000))
        guard poll(&p, 1, wait) == 1 else { return .pending }
        let n = recv(fd, &buffer, buffer.count, 0)
        let event = n > 0 ? probe.receive(buffer[0..<n]) : probe.transportEnded(n == 0 ? nil : "read: errno \(errno)")
        if case .pending = event {
            if n <= 0 { return .pending }
            continue
        }
        _ = writeAll(fd, probe.outgoing())   // e.g. the WINDOW_UPDATE or GOAWAY the machine queued
        return event
    }
}

@Suite(.serialized)
struct GRPCRealServerTests {
    @Test func servingSucceedsWithTheKubeletsUserAgent() throws {
        let server = try FixtureProcess.startOrSkip("grpc_health_server.py")
        defer { server.stop() }
        for service in ["", "ok"] {
            let run = runProbe(port: server.port(0), service: service, timeout: .seconds(2))
            #expect(run.outcome == .success("service healthy"), "service \(service)")
            let ua = server.readLine(timeoutMs: 5_000) ?? ""
            #expect(ua.hasPrefix("ua kube-probe/1.35 grpc-go/\(GRPCHealthCheck.grpcGoVersion)"), "\(ua)")
        }
    }

    @Test func notServingFailsWithTheKubeletsMessage() throws {
        let server = try FixtureProcess.startOrSkip("grpc_health_server.py")
        defer { server.stop() }
        let run = runProbe(port: server.port(0), service: "down", timeout: .seconds(2))
        #expect(run.outcome == .failure("service unhealthy (responded with \"NOT_SERVING\")"))
    }

    @Test func anUnknownServiceFails() throws {
        let server = try FixtureProcess.startOrSkip("grpc_health_server.py")
        defer { server.stop() }
        let run = runProbe(port: server.port(0), service: "no-such-service", timeout: .seconds(2))
        #expect(run.outcome == .failure("error: health rpc probe failed: rpc error: code = NotFound desc = "))
    }

    @Test func anRPCThatOutlivesTheTimeoutFailsAtTheDeadline() throws {
        let server = try FixtureProcess.startOrSkip("grpc_health_server.py")
        defer { server.stop() }
        let run = runProbe(port: server.port(0), service: "slow", timeout: .seconds(1))
        #expect(run.outcome == .failure("timeout: health rpc did not complete within 1s"))
        #expect(run.elapsed >= 0.9 && run.elapsed < 1.5, "elapsed \(run.elapsed)")
    }

    @Test func aPortWithNothingListeningFailsWithinTheTimeout() throws {
        let port = unusedPort()
        let run = runProbe(port: port, service: "", timeout: .seconds(1))
        #expect(run.outcome == .failure("timeout: failed to connect service \"127.0.0.1:\(port)\" within 1s: context deadline exceeded"))
        #expect(run.elapsed >= 0.9 && run.elapsed < 1.5, "elapsed \(run.elapsed)")
    }

    @Test func aServerThatAcceptsAndNeverAnswersFailsWithinTheTimeout() throws {
        let server = try FixtureProcess.startOrSkip("grpc_health_server.py")
        defer { server.stop() }
        let port = server.port(1)
        let run = runProbe(port: port, service: "", timeout: .seconds(1))
        #expect(run.outcome == .failure("timeout: failed to connect service \"127.0.0.1:\(port)\" within 1s: context deadline exceeded"))
        #expect(run.elapsed >= 0.9 && run.elapsed < 1.5, "elapsed \(run.elapsed)")
    }
}
