// kubelet-lite — GRPCAndHTTPSProbeTests.swift (end-to-end)
// Issue 13: gRPC health probes against a real h2c server (Fixtures/h2grpc.py), HTTPS probes
// against a TLS server with a self-signed certificate made here, host names without getaddrinfo,
// and HTTPS without the system's OpenSSL. Messages are the kubelet's (lifecycle §12.4, §D8).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct GRPCAndHTTPSProbeTests {
    static func pod(_ name: String, _ containers: String) -> String {
        ProbeScenarioTests.pod(name, containers)
    }

    /// Starts the gRPC health fixture; returns it and its port.
    static func grpcServer(_ t: Scratch) async -> (Background, Int) {
        Fixture.install(t)
        let b = Background([Fixture.python, t.path + "/h2grpc.py", t.path], stdoutPipe: true)
        let port = Int(await b.firstLine(deadline: E2E.deadline) ?? "") ?? 0
        #expect(port > 0, "h2grpc did not say it listens")
        return (b, port)
    }

    /// The fixture's log: one `service=… ua=…` line per Check call.
    static func calls(_ t: Scratch) -> [String] {
        (t.read("grpc-requests") ?? "").split(separator: "\n").map { String($0.split(separator: " ", maxSplits: 1).last ?? "") }
    }

    // MARK: gRPC

    /// SERVING keeps a liveness probe quiet; every call carries the kubelet's user agent and the service.
    @Test(.needs(.python3)) func grpcServingNeverRestartsAndSendsTheKubeletsUserAgent() async throws {
        let t = await Scratch.admitted()
        let (server, port) = await Self.grpcServer(t)
        let file = t.manifest(Self.pod("grpc-ok", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "livenessProbe": {"grpc": {"port": {P}, "service": "ok"}, "periodSeconds": 1, "failureThreshold": 1}}
            """#), ["P": port])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("three gRPC health calls", context: kl.stderr) { Self.calls(t).count >= 3 }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(Self.calls(t).allSatisfy { $0.hasPrefix("service=ok ua=kube-probe/1.35 grpc-go/") }, "\(Self.calls(t))")
        #expect(t.evBeforeStop("grpc-ok").filter { $0.reason == "Unhealthy" || $0.reason == "Killing" }.isEmpty,
                "\(t.ev("grpc-ok"))")
        #expect(t.restarts("grpc-ok", "c") == 0)
        withExtendedLifetime(server) {}
    }

    /// A server that switches to NOT_SERVING: Unhealthy with the kubelet's text, then a restart at the threshold.
    @Test(.needs(.python3)) func grpcNotServingFailsAndRestartsAtTheThreshold() async throws {
        let t = await Scratch.admitted()
        let (server, port) = await Self.grpcServer(t)
        let file = t.manifest(Self.pod("grpc-down", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "livenessProbe": {"grpc": {"port": {P}, "service": "switch"}, "periodSeconds": 1, "failureThreshold": 2}}
            """#), ["P": port])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        await waitUntil("a SERVING call", context: kl.stderr) { !Self.calls(t).isEmpty }
        #expect(t.ev("grpc-down", "Unhealthy").isEmpty)
        _ = t.write("notserving", "")
        await waitUntil("a liveness restart", context: kl.stderr) { t.restarts("grpc-down", "c") >= 1 }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        let unhealthy = t.ev("grpc-down", "Unhealthy")
        #expect(unhealthy.count >= 2)
        #expect(unhealthy.first?.message == #"Liveness probe failed: service unhealthy (responded with "NOT_SERVING")"#)
        #expect(t.ev("grpc-down", "Killing").first?.message == "Container c failed liveness probe, will be restarted")
        withExtendedLifetime(server) {}
    }

    /// Failures in the kubelet's words: an unknown service, nothing listening, a peer that never speaks
    /// HTTP/2, a server that never answers the call. Readiness probes, so nothing restarts meanwhile.
    @Test(.needs(.python3)) func grpcFailuresUseTheKubeletsTexts() async throws {
        let t = await Scratch.admitted()
        let (server, port) = await Self.grpcServer(t)
        let (silent, silentPort) = await Background.srv(t, "silent")
        let closed = Fixture.freePort()
        let probe = #"{"grpc": {"port": PORT, "service": "SVC"}, "periodSeconds": 2, "timeoutSeconds": 1}"#
        func container(_ name: String, _ port: Int, _ service: String) -> String {
            #"{"name": "NAME", "image": "busybox", "command": ["sleep", "infinity"], "readinessProbe": PROBE}"#
                .replacingOccurrences(of: "NAME", with: name)
                .replacingOccurrences(of: "PROBE", with: probe.replacingOccurrences(of: "PORT", with: "\(port)")
                    .replacingOccurrences(of: "SVC", with: service))
        }
        let file = t.manifest(Self.pod("grpc-fail", [container("unknown", port, "nope"), container("closed", closed, ""),
                                                     container("mute", silentPort, ""), container("slow", port, "silent")]
                                                    .joined(separator: ", ")))
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        func failure(_ c: String) -> String? {
            t.ev("grpc-fail", "Unhealthy").first { $0.fieldPath == "spec.containers{\(c)}" }?.message
        }
        await waitUntil("a failure of each probe", context: kl.stderr) {
            ["unknown", "closed", "mute", "slow"].allSatisfy { failure($0) != nil }
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(failure("unknown") == "Readiness probe failed: error: health rpc probe failed: rpc error: code = NotFound desc = unknown service")
        #expect(failure("closed") == "Readiness probe failed: timeout: failed to connect service \"127.0.0.1:\(closed)\" within 1s: context deadline exceeded")
        #expect(failure("mute") == "Readiness probe failed: timeout: failed to connect service \"127.0.0.1:\(silentPort)\" within 1s: context deadline exceeded")
        #expect(failure("slow") == "Readiness probe failed: timeout: health rpc did not complete within 1s")
        #expect(t.ev("grpc-fail", "Killing").filter { !$0.message.hasPrefix("Stopping") }.isEmpty)
        #expect(!t.isReady("grpc-fail"))
        withExtendedLifetime((server, silent)) {}
    }

    // MARK: HTTPS and host names

    /// Makes the self-signed certificate srv.py's tls mode serves.
    static func certificate(_ t: Scratch) async {
        let path = t.path
        let made = await offPool {
            system("openssl req -x509 -newkey rsa:2048 -nodes -keyout \(path)/key.pem -out \(path)/cert.pem -days 2 -subj /CN=localhost >/dev/null 2>&1")
        }
        #expect(made == 0)
    }

    /// HTTPS without certificate checks: 200 is success, 500 a failure with the HTTP text; a host name
    /// (`localhost`) is resolved from /etc/hosts; an HTTPS hook against a TLS server just works.
    @Test(.needs(.python3), .needs(.openssl)) func httpsProbesAndHooksAgainstATLSServer() async throws {
        let t = await Scratch.admitted()
        Fixture.install(t)
        await Self.certificate(t)
        let (server, port) = await Background.srv(t, "tls")
        let file = t.manifest(Self.pod("https", #"""
            {"name": "good", "image": "busybox", "command": ["sleep", "infinity"],
             "lifecycle": {"postStart": {"httpGet": {"scheme": "HTTPS", "path": "/echo?msg=hook", "port": {P}}}},
             "livenessProbe": {"httpGet": {"scheme": "HTTPS", "host": "localhost", "path": "/echo?msg=live", "port": {P}},
                               "periodSeconds": 1, "failureThreshold": 1}},
            {"name": "bad", "image": "busybox", "command": ["sleep", "infinity"],
             "readinessProbe": {"httpGet": {"scheme": "HTTPS", "path": "/echo?status=500", "port": {P}}, "periodSeconds": 1}}
            """#), ["P": port])
        let kl = E2E.start(["apply", "-o", "json", file], in: t)
        func lines(_ what: String) -> Int { (t.read("requests") ?? "").split(separator: "\n").filter { $0.contains(what) }.count }
        await waitUntil("three HTTPS liveness runs and a failed readiness", context: kl.stderr) {
            lines("msg=live") >= 3 && !t.ev("https", "Unhealthy").isEmpty
        }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(lines("GET /echo?msg=hook UA=kube-lifecycle/1.35") == 1)
        #expect(lines("GET /echo?msg=live UA=kube-probe/1.35") >= 3)
        let unhealthy = t.evBeforeStop("https").filter { $0.reason == "Unhealthy" }
        #expect(unhealthy.allSatisfy { $0.fieldPath == "spec.containers{bad}" }, "\(unhealthy)")
        #expect(unhealthy.first?.message == "Readiness probe failed: HTTP probe failed with statuscode: 500")
        #expect(t.ev("https", "LifecycleHTTPFallback").isEmpty)
        #expect(t.restarts("https", "good") == 0)
        withExtendedLifetime(server) {}
    }

    /// Without libssl.so.3 (hidden here by KUBELET_LITE_LIBSSL=none) an HTTPS probe fails saying why,
    /// validate warns about it, and nothing crashes.
    @Test func httpsWithoutTheSystemsOpenSSLFailsClearly() async throws {
        let t = await Scratch.admitted()
        let port = Fixture.freePort()
        let file = t.manifest(Self.pod("no-tls", #"""
            {"name": "c", "image": "busybox", "command": ["sleep", "infinity"],
             "readinessProbe": {"httpGet": {"scheme": "HTTPS", "path": "/", "port": {P}}, "periodSeconds": 1}}
            """#), ["P": port])
        let validate = await E2E.run(["validate", file], in: t, env: ["KUBELET_LITE_LIBSSL=none"])
        #expect(validate.status == 0)
        #expect(validate.stderr.contains("Warning: spec.containers[0].readinessProbe.httpGet: HTTPS needs the system's OpenSSL (libssl.so.3)"),
                "\(validate.stderr)")
        let kl = E2E.start(["apply", "-o", "json", file], in: t, env: ["KUBELET_LITE_LIBSSL=none"])
        await waitUntil("two readiness failures", context: kl.stderr) { t.ev("no-tls", "Unhealthy").count >= 2 }
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(t.ev("no-tls", "Unhealthy").first?.message
                == "Readiness probe failed: Get \"https://127.0.0.1:\(port)/\": HTTPS needs the system's OpenSSL (libssl.so.3), which is not installed")
    }
}
