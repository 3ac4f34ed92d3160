// kubelet-lite — NetCheckTests.swift
// The TCP/HTTP client against real sockets on 127.0.0.1: well-behaved and adversarial servers,
// exact Go error texts, deadlines, loop responsiveness, and resource cleanup.

import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

/// Serialized so the timing checks see a quiet loop; socket cleanup is checked by inode
/// (`socket:[n]` in /proc/self/fd), which other suites running in parallel cannot disturb.
/// Timing bounds tell behaviours apart (failing at once vs at the timeout, a loop that keeps
/// ticking vs one blocked until the timeout) with room for a loaded machine: the e2e suite runs
/// beside these tests. KL_NET_TIMINGS=1 prints the precise figures.
@Suite(.serialized)
struct NetCheckTests {
    /// What a loaded 2-core machine may add to a deadline's wake-up, in seconds.
    static let loadSlack = 1.0

    // MARK: TCP

    @Test func tcpConnectSucceedsAndClosesTheSocket() throws {
        let listener = try Listener()
        defer { listener.close() }
        let run = try drive { loop, done in NetCheck.tcp(host: "127.0.0.1", port: listener.port, timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .connected)
        #expect(!run.completedSynchronously)
        #expect(run.socketsUsed.count <= 1 && run.socketsLeaked.isEmpty)
    }

    @Test func tcpConnectionRefusedIsGoWordedAndAsynchronous() throws {
        let port = try refusedPort()
        let run = try drive { loop, done in NetCheck.tcp(host: "127.0.0.1", port: port, timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .failed("dial tcp 127.0.0.1:\(port): connect: connection refused"))
        #expect(!run.completedSynchronously)
        #expect(run.elapsed < 0.9, "at once, not at the 1 s timeout: \(run.elapsed)")
    }

    @Test func tcpConnectThatNeverCompletesTimesOut() throws {
        let listener = try Listener(backlog: 0)
        defer { listener.close() }
        try listener.fillBacklog()
        let run = try drive { loop, done in NetCheck.tcp(host: "127.0.0.1", port: listener.port, timeout: micros(0.5), loop: loop, completion: done) }
        #expect(run.outcome == .failed("dial tcp 127.0.0.1:\(listener.port): i/o timeout"))
        #expect(run.elapsed >= 0.49 && run.elapsed < 0.5 + Self.loadSlack, "elapsed \(run.elapsed)")
        #expect(run.worstTickLatenessMs < 250, "the loop never blocked for the timeout: \(run.worstTickLatenessMs) ms")
    }

    @Test func ipv6LiteralIsDialled() throws {
        // ::1 may be absent in a sandbox; then the dial error must still be Go-shaped.
        let port = try refusedPort()
        let run = try drive { loop, done in NetCheck.tcp(host: "::1", port: port, timeout: micros(1), loop: loop, completion: done) }
        guard case .failed(let text) = run.outcome else { Issue.record("expected a failure, got \(String(describing: run.outcome))"); return }
        #expect(text.hasPrefix("dial tcp [::1]:\(port): "))
    }

    // MARK: HTTP, well-behaved

    @Test func http200() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec("/ok"), timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .response(status: 200, location: nil, body: Array("ok\n".utf8)))
        #expect(!run.completedSynchronously)
        #expect(run.socketsUsed.count == 1 && run.socketsLeaked.isEmpty)
    }

    @Test func http500KeepsTheBody() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec("/fail"), timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .response(status: 500, location: nil, body: Array("boom: database unreachable\n".utf8)))
    }

    @Test func redirectToTheSameHostIsFollowed() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec("/redirect-same"), timeout: micros(1), loop: loop, completion: done) }
        guard case .response(let status, _, let body)? = run.outcome else {
            Issue.record("expected a response, got \(String(describing: run.outcome))"); return
        }
        #expect(status == 200)
        let seen = String(decoding: body, as: UTF8.self)
        #expect(seen.hasPrefix("GET /echo?from=redirect HTTP/1.1\r\n"))
        #expect(seen.contains("\r\nReferer: \(server.url("/redirect-same"))\r\n"))
        #expect(seen.contains("\r\nUser-Agent: kube-probe/1.35\r\n"))
    }

    @Test func redirectToAnotherHostIsNotFollowed() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec("/redirect-other"), timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .redirectNotFollowed(status: 302, location: "http://127.0.0.2:\(server.port)/ok",
                                                    body: Array("elsewhere\n".utf8)))
    }

    /// The kubelet compares host names only, so another port on the same host is followed.
    @Test func redirectToAnotherPortOfTheSameHostIsFollowed() throws {
        let first = try FixtureServer()
        defer { first.stop() }
        let second = try FixtureServer()
        defer { second.stop() }
        let run = try drive { loop, done in
            NetCheck.http(first.spec("/redirect-port?to=\(second.port)"), timeout: micros(1), loop: loop, completion: done)
        }
        guard case .response(200, _, let body)? = run.outcome else { Issue.record("\(String(describing: run.outcome))"); return }
        #expect(String(decoding: body, as: UTF8.self).hasPrefix("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:\(second.port)\r\n"))
    }

    @Test func redirectsNotFollowedWhenDisabled() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        var spec = server.spec("/redirect-same")
        spec.followRedirects = false
        let run = try drive { loop, done in NetCheck.http(spec, timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .response(status: 302, location: "/echo?from=redirect", body: Array("moved\n".utf8)))
    }

    @Test func redirectLoopStopsAfterTenRequests() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec("/loop"), timeout: micros(2), loop: loop, completion: done) }
        #expect(run.outcome == .failed("Get \"/loop\": stopped after 10 redirects"))
    }

    @Test func headersAsTheServerSeesThem() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let spec = server.spec("/echo", headers: [
            (name: "x-custom", value: "one"), (name: "X-Custom", value: "two"),
            (name: "Accept", value: ""), (name: "X-Empty", value: ""), (name: "a-first", value: "sorted"),
        ])
        let run = try drive { loop, done in NetCheck.http(spec, timeout: micros(1), loop: loop, completion: done) }
        guard case .response(200, _, let body)? = run.outcome else { Issue.record("\(String(describing: run.outcome))"); return }
        let expected = "GET /echo HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nUser-Agent: kube-probe/1.35\r\n"
            + "A-First: sorted\r\nX-Custom: one\r\nX-Custom: two\r\nX-Empty: \r\nConnection: close\r\n\r\n"
        #expect(String(decoding: body, as: UTF8.self) == expected)
    }

    @Test func userAgentAcceptAndHostOverrides() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        var spec = server.spec("/echo", headers: [
            (name: "User-Agent", value: ""), (name: "Accept", value: "text/plain"), (name: "Host", value: "svc.example"),
        ])
        spec.userAgent = HTTPRequestSpec.hookUserAgent
        let run = try drive { loop, done in NetCheck.http(spec, timeout: micros(1), loop: loop, completion: done) }
        guard case .response(200, _, let body)? = run.outcome else { Issue.record("\(String(describing: run.outcome))"); return }
        #expect(String(decoding: body, as: UTF8.self)
            == "GET /echo HTTP/1.1\r\nHost: svc.example\r\nAccept: text/plain\r\nConnection: close\r\n\r\n")
    }

    @Test func defaultHookUserAgentAndAccept() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        var spec = server.spec("/echo")
        spec.userAgent = HTTPRequestSpec.hookUserAgent
        // No deadline at all, as for lifecycle hooks.
        let run = try drive { loop, done in NetCheck.http(spec, timeout: nil, loop: loop, completion: done) }
        guard case .response(200, _, let body)? = run.outcome else { Issue.record("\(String(describing: run.outcome))"); return }
        let seen = String(decoding: body, as: UTF8.self)
        #expect(seen.contains("\r\nUser-Agent: kube-lifecycle/1.35\r\nAccept: */*\r\n"))
    }

    @Test(arguments: ["/big", "/chunked"])
    func bodyIsTruncatedAtTenKiB(path: String) throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec(path), timeout: micros(1), loop: loop, completion: done) }
        guard case .response(200, _, let body)? = run.outcome else { Issue.record("\(String(describing: run.outcome))"); return }
        #expect(body.count == 10 * 1024)
        if path == "/big" {
            #expect(body == (0..<10240).map { UInt8($0 % 251) })
        } else {
            #expect(body.prefix(1000).allSatisfy { $0 == 65 } && body[1000] == 66)
        }
    }

    @Test func tenKiBIsEnoughEvenIfTheRestNeverComes() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec("/bigstall"), timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .response(status: 200, location: nil, body: [UInt8](repeating: 0x7A, count: 10240)))
        #expect(run.elapsed < 0.9, "not waiting for the rest until the 1 s timeout: \(run.elapsed)")
    }

    // MARK: HTTP, failures with Go's texts

    @Test func httpConnectionRefused() throws {
        let port = try refusedPort()
        let spec = HTTPRequestSpec(host: "127.0.0.1", port: port, path: "/healthz")
        let run = try drive { loop, done in NetCheck.http(spec, timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .failed(
            "Get \"http://127.0.0.1:\(port)/healthz\": dial tcp 127.0.0.1:\(port): connect: connection refused"))
        #expect(!run.completedSynchronously)
    }

    /// HTTPS goes through the same dial as HTTP (lifecycle §D8): a closed port is Go's dial error.
    @Test func httpsDialsLikeHTTP() throws {
        let port = try refusedPort()
        let spec = HTTPRequestSpec(scheme: "https", host: "127.0.0.1", port: port, path: "/healthz")
        let run = try drive { loop, done in NetCheck.http(spec, timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .failed(
            "Get \"https://127.0.0.1:\(port)/healthz\": dial tcp 127.0.0.1:\(port): connect: connection refused"))
        #expect(!run.completedSynchronously)
    }

    /// An HTTPS request to a plain HTTP server: Go's scheme-mismatch error, kept apart for the hook fallback.
    @Test func httpsToAPlainServerIsASchemeMismatch() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        var spec = server.spec("/ok")
        spec.scheme = "https"
        let run = try drive { loop, done in NetCheck.http(spec, timeout: micros(5), loop: loop, completion: done) }
        #expect(run.outcome == .httpsGotHTTP(
            "Get \"https://127.0.0.1:\(server.port)/ok\": http: server gave HTTP response to HTTPS client"))
    }

    /// A host name is looked up without getaddrinfo: `localhost` from /etc/hosts.
    @Test func aHostNameFromTheHostsFile() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        var spec = server.spec("/ok")
        spec.host = "localhost"
        let run = try drive { loop, done in NetCheck.http(spec, timeout: micros(5), loop: loop, completion: done) }
        guard case .response(let status, _, _) = run.outcome else {
            Issue.record("\(String(describing: run.outcome))")
            return
        }
        #expect(status == 200)
        #expect(!run.completedSynchronously)
    }

    @Test func invalidHeaderValueIsRefusedBeforeDialling() throws {
        let spec = HTTPRequestSpec(host: "127.0.0.1", port: 1, path: "/", headers: [(name: "X-Bad", value: "a\r\nInjected: 1")])
        let run = try drive { loop, done in NetCheck.http(spec, timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .failed("Get \"http://127.0.0.1:1/\": net/http: invalid header field value for \"X-Bad\""))
    }

    /// The adversaries: each must fail with a clear text at the timeout, the loop's 50 ms heartbeat
    /// going on meanwhile (precisely: within timeout + 0.3 s and 25 ms of lateness on a quiet machine).
    @Test(arguments: ["/silent", "/trickle"])
    func serverThatNeverCompletesTheHeadTimesOut(path: String) throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec(path), timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .failed("Get \"\(server.url(path))\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))
        #expect(run.elapsed >= 0.99 && run.elapsed < 1 + Self.loadSlack, "elapsed \(run.elapsed)")
        #expect(run.worstTickLatenessMs < 500, "the loop never blocked for the timeout: \(run.worstTickLatenessMs) ms")
        #expect(run.ticks >= 18, "ticks \(run.ticks)")
        #expect(run.socketsUsed.count == 1 && run.socketsLeaked.isEmpty)
    }

    @Test func bodyThatStallsIsABodyReadFailure() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec("/slowbody"), timeout: micros(0.5), loop: loop, completion: done) }
        #expect(run.outcome == .bodyReadFailed(status: 200, message:
            "context deadline exceeded (Client.Timeout or context cancellation while reading body)"))
        #expect(run.elapsed >= 0.49 && run.elapsed < 0.5 + Self.loadSlack, "elapsed \(run.elapsed)")
    }

    @Test func connectionResetByPeer() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec("/reset"), timeout: micros(1), loop: loop, completion: done) }
        guard case .failed(let text)? = run.outcome else { Issue.record("\(String(describing: run.outcome))"); return }
        let prefix = "Get \"\(server.url("/reset"))\": read tcp 127.0.0.1:"
        let suffix = "->127.0.0.1:\(server.port): read: connection reset by peer"
        #expect(text.hasPrefix(prefix) && text.hasSuffix(suffix), "\(text)")
        #expect(run.elapsed < 0.9, "at once, not at the 1 s timeout: \(run.elapsed)")
    }

    @Test(arguments: [
        ("/malformed", "net/http: HTTP/1.x transport connection broken: malformed HTTP status code \"xyz\""),
        ("/garbage", "net/http: HTTP/1.x transport connection broken: malformed HTTP response \"garbage\""),
        ("/eof", "EOF"),
    ])
    func brokenResponses(path: String, message: String) throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let run = try drive { loop, done in NetCheck.http(server.spec(path), timeout: micros(1), loop: loop, completion: done) }
        #expect(run.outcome == .failed("Get \"\(server.url(path))\": \(message)"))
        #expect(run.elapsed < 0.9, "at once, not at the 1 s timeout: \(run.elapsed)")
    }

    // MARK: Cancellation

    @Test func cancelMidFlightClosesTheSocketAndNeverCompletes() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let loop = try EventLoop(clock: RuntimeClock())
        var called = false
        let check = NetCheck.http(server.spec("/silent"), timeout: micros(0.3), loop: loop) { _ in called = true }
        spin(loop, seconds: 0.15)   // connected, request sent, waiting for the head
        let fd = check.socketForTesting
        let socket = fdLink(fd)
        #expect(fd >= 0 && socket?.hasPrefix("socket:") == true)
        check.cancel()
        check.cancel()   // idempotent
        #expect(check.socketForTesting == -1)
        #expect(fdLink(fd) != socket)   // closed (or the number reused by someone else's fd)
        #expect(socket.map { !openSockets().contains($0) } ?? false)
        spin(loop, seconds: 0.4)     // well past the 0.3 s deadline: its timer must be gone too
        #expect(!called)
    }

    @Test func cancelBeforeTheLoopRunsNeverCompletes() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        var called = false
        let port = try refusedPort()
        let check = NetCheck.tcp(host: "127.0.0.1", port: port, timeout: micros(0.1), loop: loop) { _ in called = true }
        check.cancel()
        spin(loop, seconds: 0.2)
        #expect(!called)
    }

    @Test func manyChecksShareOneLoop() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let loop = try EventLoop(clock: RuntimeClock())
        var results: [NetOutcome] = []
        let refused = try refusedPort()
        var checks: [NetCheck] = []
        for i in 0..<20 {
            let path = i % 4 == 3 ? "/fail" : "/ok"
            checks.append(NetCheck.http(server.spec(path), timeout: micros(2), loop: loop) { results.append($0); if results.count == 25 { loop.stop() } })
        }
        for _ in 0..<5 {
            checks.append(NetCheck.tcp(host: "127.0.0.1", port: refused, timeout: micros(2), loop: loop) { results.append($0); if results.count == 25 { loop.stop() } })
        }
        var used: Set<String> = []
        spin(loop, seconds: 3) {
            for c in checks where c.socketForTesting >= 0 { if let l = fdLink(c.socketForTesting) { used.insert(l) } }
        }
        #expect(results.count == 25)
        #expect(results.filter { $0 == .response(status: 200, location: nil, body: Array("ok\n".utf8)) }.count == 15)
        #expect(results.filter { if case .response(500, _, _) = $0 { true } else { false } }.count == 5)
        #expect(results.filter { if case .failed = $0 { true } else { false } }.count == 5)
        #expect(used.count >= 20 && used.isDisjoint(with: openSockets()))
    }
}
