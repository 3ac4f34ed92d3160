// kubelet-lite — TLSClientTests.swift
// The TLS client over the system's OpenSSL: SNI as Go sends it, the library hidden, non-TLS
// servers, garbage, and (issue 13's acceptance) HTTPS GETs against a Python ssl server with a
// self-signed certificate: 200 and 500.

import Glibc
@testable import KubeletLiteNet
import Testing

/// An HTTPS GET pumped through a TLSClient over a blocking socket; the status line's code and
/// the whole response text.
private func httpsGet(port: Int, host: String, path: String, library: Result<OpenSSLLibrary, TLSError> = OpenSSLLibrary.system)
    throws -> (status: Int, response: String)
{
    guard let fd = connectLoopback(port) else { throw FixtureError("connect to \(port) failed") }
    defer { close(fd) }
    let tls = try TLSClient(host: host, library: library)
    try tls.write(Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: kube-probe/1.35\r\nConnection: close\r\n\r\n".utf8))
    var plaintext: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    while !tls.closeNotifyReceived {
        guard writeAll(fd, tls.takeCiphertext()) else { break }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 5_000) == 1 else { throw FixtureError("no answer within 5 s") }
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { break }
        try tls.feed(buffer[0..<n])
        plaintext += try tls.readPlaintext()
    }
    let text = String(decoding: plaintext, as: UTF8.self)
    let code = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
    return (code, text)
}

private let libsslAvailable = (try? OpenSSLLibrary.system.get()) != nil
private let libsslSkipReason: Comment = "libssl.so.3 is not installed, or KUBELET_LITE_LIBSSL hides it"

struct TLSClientTests {
    @Test func sniIsSentForNamesOnlyAsGoDoes() {
        #expect(TLSClient.serverName(for: "localhost") == "localhost")
        #expect(TLSClient.serverName(for: "example.com.") == "example.com")
        #expect(TLSClient.serverName(for: "127.0.0.1") == nil)
        #expect(TLSClient.serverName(for: "::1") == nil)
        #expect(TLSClient.serverName(for: "[fd00::1]") == nil)
        #expect(TLSClient.serverName(for: "fe80::1%eth0") == nil)
    }

    @Test func aHiddenOrMissingLibraryIsAClearError() {
        #expect(OpenSSLLibrary.path(environmentValue: nil) == "libssl.so.3")
        #expect(OpenSSLLibrary.path(environmentValue: "") == "libssl.so.3")
        #expect(OpenSSLLibrary.path(environmentValue: "none") == nil)
        #expect(OpenSSLLibrary.path(environmentValue: "/opt/ssl/libssl.so.3") == "/opt/ssl/libssl.so.3")
        for path in [nil, "/nonexistent/libssl.so.3", "libc.so.6"] as [String?] {
            let loaded = OpenSSLLibrary.load(path: path)
            guard case .failure(let error) = loaded else {
                Issue.record("\(String(describing: path)) loaded")
                continue
            }
            #expect(error.description == "HTTPS needs the system's OpenSSL (libssl.so.3), which is not installed")
            #expect(throws: error) { try TLSClient(host: "localhost", library: loaded) }
        }
        if case .failure(let error) = OpenSSLLibrary.load(path: "libc.so.6") { #expect(error.detailText == "libc.so.6 has no SSL_new") }
    }

    @Test(.enabled(if: libsslAvailable, libsslSkipReason))
    func theClientHelloCarriesTheServerName() throws {
        let named = try TLSClient(host: "probe.example")
        let hello = named.takeCiphertext()
        #expect(hello.first == 22)   // a handshake record
        #expect(hello.firstRange(of: Array("probe.example".utf8)) != nil)
        let literal = try TLSClient(host: "10.1.2.3")
        #expect(literal.takeCiphertext().firstRange(of: Array("10.1.2.3".utf8)) == nil)
        #expect(named.state == .handshaking)
        #expect(try named.readPlaintext() == [])
    }

    @Test(.enabled(if: libsslAvailable, libsslSkipReason))
    func serversThatDoNotSpeakTLS() throws {
        let http = try TLSClient(host: "localhost")
        try http.feed(Array("HTT".utf8))   // held until five bytes decide
        #expect(throws: TLSError.httpResponseToHTTPSClient) { try http.feed(Array("P/1.1 400 Bad Request\r\n".utf8)) }
        #expect(http.state == .failed)
        let junk = try TLSClient(host: "localhost")
        #expect(throws: TLSError.notTLS) { try junk.feed([0x17, 0x03, 0x03, 0x00, 0x10]) }
        let alert = try TLSClient(host: "localhost")
        _ = alert.takeCiphertext()
        // A fatal handshake_failure alert (level 2, description 40) as the server's first record.
        #expect(throws: TLSError.remoteAlert("handshake failure")) { try alert.feed([21, 3, 3, 0, 2, 2, 40]) }
    }

    @Test(.enabled(if: libsslAvailable, libsslSkipReason))
    func garbageAfterTheHelloNeverCrashes() throws {
        var random = SeededRandom(seed: 0x544C53)
        var errors = 0
        for _ in 0..<500 {
            let tls = try TLSClient(host: "localhost")
            _ = tls.takeCiphertext()
            let record: [UInt8] = [22, 3, 3] + random.bytes(Int.random(in: 2...300, using: &random))
            do {
                try tls.feed(record)
                _ = try tls.readPlaintext()
            } catch {
                errors += 1
            }
            _ = tls.takeCiphertext()
        }
        #expect(errors > 0)
    }
}

@Suite(.serialized)
struct TLSRealServerTests {
    @Test(.enabled(if: libsslAvailable, libsslSkipReason))
    func httpsGetSucceedsOn200AndSeesTheStatusOn500() throws {
        let server = try FixtureProcess.startOrSkip("tls_http_server.py")
        defer { server.stop() }
        let ok = try httpsGet(port: server.port(0), host: "localhost", path: "/ok")
        #expect(ok.status == 200 && ok.response.hasSuffix("\r\n\r\nok"))
        #expect(server.readLine(timeoutMs: 5_000) == "sni localhost")
        let fail = try httpsGet(port: server.port(0), host: "127.0.0.1", path: "/fail")
        #expect(fail.status == 500)
        #expect(server.readLine(timeoutMs: 5_000) == "sni None")
    }

    @Test(.enabled(if: libsslAvailable, libsslSkipReason))
    func aPlainHTTPServerIsNotMistakenForTLS() throws {
        let server = try FixtureProcess.startOrSkip("tls_http_server.py")
        defer { server.stop() }
        // Python's http.server cannot parse the ClientHello and answers with a bare HTTP/0.9 error
        // page, which Go also reports as not TLS. (Servers that answer "HTTP/1.1 400" give the
        // scheme-mismatch error instead: see serversThatDoNotSpeakTLS.)
        #expect(throws: TLSError.notTLS) { try httpsGet(port: server.port(1), host: "localhost", path: "/ok") }
    }

    @Test func withTheLibraryHiddenTheFailureIsClear() throws {
        let server = try FixtureProcess.startOrSkip("tls_http_server.py")
        defer { server.stop() }
        let hidden = OpenSSLLibrary.load(path: OpenSSLLibrary.path(environmentValue: "none"))
        #expect(performing: { try httpsGet(port: server.port(0), host: "localhost", path: "/ok", library: hidden) },
                throws: { "\($0)" == "HTTPS needs the system's OpenSSL (libssl.so.3), which is not installed" })
    }
}
