// kubelet-lite — HTTPRequestTests.swift
// Request bytes, URL handling and Go's quoting, without sockets.

@testable import KubeletLiteRuntime
import Testing

/// Request heads, request targets, Location resolution, Go quoting and address parsing.
struct HTTPRequestTests {
    private func head(_ spec: HTTPRequestSpec, referer: String? = nil) throws -> String {
        let headers = try HTTPRequestHeaders(spec: spec)
        return String(decoding: headers.head(for: HTTPURL(spec: spec), hostOverride: headers.hostOverride, referer: referer),
                      as: UTF8.self)
    }

    @Test func defaultProbeRequest() throws {
        let spec = HTTPRequestSpec(host: "10.0.0.5", port: 8080, path: "/healthz")
        #expect(try head(spec) == "GET /healthz HTTP/1.1\r\nHost: 10.0.0.5:8080\r\nUser-Agent: kube-probe/1.35\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n")
    }

    @Test func userHeadersAreCanonicalSortedAndCleaned() throws {
        let spec = HTTPRequestSpec(host: "::1", port: 80, path: "", headers: [
            (name: "zeta", value: "  padded\t"), (name: "content-length", value: "5"), (name: "Connection", value: "Close"),
            (name: "x_under", value: "kept as written"), (name: "User-Agent", value: "mine"), (name: "User-Agent", value: "second"),
        ])
        #expect(try head(spec, referer: "http://[::1]:80/a") == "GET / HTTP/1.1\r\nHost: [::1]:80\r\nUser-Agent: mine\r\n"
            + "Accept: */*\r\nConnection: Close\r\nReferer: http://[::1]:80/a\r\nX_under: kept as written\r\nZeta: padded\r\n\r\n")
    }

    @Test func invalidHeaderNameIsRefused() {
        let spec = HTTPRequestSpec(host: "h", port: 1, headers: [(name: "bad name", value: "v")])
        #expect(throws: HTTPRequestError.self) { try HTTPRequestHeaders(spec: spec) }
    }

    @Test(arguments: [
        ("/healthz", "/healthz", "http://127.0.0.1:8080/healthz"),
        ("healthz", "/healthz", "http://127.0.0.1:8080/healthz"),
        ("", "/", "http://127.0.0.1:8080"),
        ("/a b/ü?q=1 2#frag", "/a%20b/%C3%BC?q=1%202", "http://127.0.0.1:8080/a%20b/%C3%BC?q=1%202"),
        ("/ok%2Fslash!(x)", "/ok%2Fslash!(x)", "http://127.0.0.1:8080/ok%2Fslash!(x)"),
        ("/bad%zz", "/bad%25zz", "http://127.0.0.1:8080/bad%25zz"),
        ("//other/x?y", "/x?y", "http://127.0.0.1:8080/x?y"),
    ])
    func requestTargets(path: String, target: String, string: String) {
        let url = HTTPURL(spec: HTTPRequestSpec(host: "127.0.0.1", port: 8080, path: path))
        #expect(url.requestURI == target)
        #expect(url.string == string)
    }

    @Test(arguments: [
        ("/x", "http://h:8080/x"),
        ("y", "http://h:8080/a/y"),
        ("../up", "http://h:8080/up"),
        ("./here/.", "http://h:8080/a/here/"),
        ("?only=query", "http://h:8080/a/b?only=query"),
        ("//h:9/p", "http://h:9/p"),
        ("http://other/", "http://other/"),
        ("HTTPS://[::1]:8443/s", "https://[::1]:8443/s"),
    ])
    func locationResolution(location: String, resolved: String) {
        let base = HTTPURL(scheme: "http", host: "h", port: 8080, path: "/a/b", query: "q")
        #expect(base.resolve(location)?.string == resolved)
    }

    @Test func unparsableLocation() {
        let base = HTTPURL(scheme: "http", host: "h", port: 8080, path: "/", query: nil)
        #expect(base.resolve("http://h:port/") == nil)
        #expect(base.resolve("http://[::1/") == nil)
    }

    @Test func goQuoting() {
        #expect(GoText.quote("plain") == "\"plain\"")
        #expect(GoText.quote("tab\there \"q\" \\ é") == "\"tab\\there \\\"q\\\" \\\\ é\"")
        #expect(GoText.quote(bytes: [0x61, 0xFF, 0xC3, 0x28, 0x00]) == "\"a\\xff\\xc3(\\x00\"")
        #expect(GoText.quote(list: ["1", "2"]) == "[\"1\" \"2\"]")
    }

    @Test func addressResolution() {
        guard case .addresses(let v4) = AddressResolution.resolve(host: "127.0.0.1", port: 80) else { Issue.record(); return }
        #expect(v4.map(\.description) == ["127.0.0.1:80"])
        guard case .addresses(let v6) = AddressResolution.resolve(host: "[::1]", port: 8080) else { Issue.record(); return }
        #expect(v6.map(\.description) == ["[::1]:8080"])
        // A name is never resolved here (getaddrinfo would block the loop): it goes to HostLookup.
        guard case .name(let name) = AddressResolution.resolve(host: "no-such-host.invalid", port: 80) else { Issue.record(); return }
        #expect(name == "no-such-host.invalid")
    }
}
