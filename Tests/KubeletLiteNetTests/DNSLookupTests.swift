// kubelet-lite — DNSLookupTests.swift
// The sans-IO lookup against scripted servers: hosts first, A and AAAA, search names, NXDOMAIN,
// failover across servers and attempts, SERVFAIL, truncation to TCP, forged replies, and Go's
// error texts.

@testable import KubeletLiteNet
import Testing

struct DNSLookupTests {
    private func config(_ text: String = "nameserver 10.0.0.1\nnameserver 10.0.0.2") -> ResolverConfig {
        ResolverConfig(text: text)
    }

    private func exchanges(_ step: DNSLookup.Step) -> [DNSLookup.Exchange] {
        if case .start(let e) = step { return e }
        Issue.record("expected exchanges, got \(step)")
        return []
    }

    private let v4 = DNSReply.record(type: DNSType.a, data: [10, 1, 2, 3])
    private let v6 = DNSReply.record(type: DNSType.aaaa, data: [0xFD] + [UInt8](repeating: 0, count: 14) + [1])

    @Test func literalsHostsAndInvalidNamesNeedNoDNS() {
        var literal = DNSLookup(host: "10.0.0.9", config: config(), hosts: HostsFile(text: ""))
        #expect(literal.start() == .resolved([IPAddress("10.0.0.9")!]))
        var listed = DNSLookup(host: "db", config: config(), hosts: HostsFile(text: "10.9.9.9 db"))
        #expect(listed.start() == .resolved([IPAddress("10.9.9.9")!]))
        var invalid = DNSLookup(host: "-bad-", config: config(), hosts: HostsFile(text: ""))
        #expect(invalid.start() == .failed(DNSLookupError(name: "-bad-", server: "", reason: "no such host")))
        #expect("\(DNSLookupError(name: "-bad-", server: "", reason: "no such host"))" == "lookup -bad-: no such host")
    }

    @Test func aAndAAAAInParallel() throws {
        var lookup = DNSLookup(host: "web.example", config: config(), hosts: HostsFile(text: ""))
        let started = exchanges(lookup.start())
        #expect(started.map(\.type) == [DNSType.a, DNSType.aaaa])
        #expect(started.allSatisfy { $0.server == "10.0.0.1:53" && $0.transport == .udp && $0.timeout == .seconds(5) })
        #expect(try DNSMessage.parse(started[0].payload).question?.name == "web.example.")
        #expect(lookup.received(DNSReply.to(started[1], answers: [v6]), on: started[1]) == .wait)
        #expect(lookup.received(DNSReply.to(started[0], answers: [v4]), on: started[0])
            == .resolved([IPAddress("10.1.2.3")!, IPAddress("fd00::1")!]))
    }

    @Test func nxdomainIsNoSuchHostWithGosText() {
        var lookup = DNSLookup(host: "nosuch.example", config: config(), hosts: HostsFile(text: ""))
        let started = exchanges(lookup.start())
        _ = lookup.received(DNSReply.to(started[0], rcode: 3), on: started[0])
        let step = lookup.received(DNSReply.to(started[1], rcode: 3), on: started[1])
        #expect(step == .failed(DNSLookupError(name: "nosuch.example", server: "10.0.0.1:53", reason: "no such host")))
        if case .failed(let e) = step {
            #expect(e.description == "lookup nosuch.example on 10.0.0.1:53: no such host" && e.isNotFound)
        }
    }

    @Test func searchNamesAreTriedInOrder() {
        var lookup = DNSLookup(host: "web", config: config("nameserver 10.0.0.1\nsearch ns.svc.cluster.local\noptions ndots:5"),
                               hosts: HostsFile(text: ""))
        let first = exchanges(lookup.start())
        #expect(first.map(\.name) == ["web.ns.svc.cluster.local.", "web.ns.svc.cluster.local."])
        _ = lookup.received(DNSReply.to(first[0], rcode: 3), on: first[0])
        let second = exchanges(lookup.received(DNSReply.to(first[1], rcode: 3), on: first[1]))
        #expect(second.map(\.name) == ["web.", "web."])
        _ = lookup.received(DNSReply.to(second[1]), on: second[1])   // NOERROR, no AAAA
        #expect(lookup.received(DNSReply.to(second[0], answers: [v4]), on: second[0]) == .resolved([IPAddress("10.1.2.3")!]))
    }

    @Test func timeoutsFailOverAcrossServersAndAttempts() {
        var lookup = DNSLookup(host: "web.example", config: config("nameserver 10.0.0.1\nnameserver 10.0.0.2\noptions single-request"),
                               hosts: HostsFile(text: ""))
        var e = exchanges(lookup.start())
        #expect(e.count == 1 && e[0].type == DNSType.a)
        var servers: [String] = []
        var step = DNSLookup.Step.wait
        for _ in 0..<4 {   // 2 attempts × 2 servers for the A question
            servers.append(e[0].server)
            step = lookup.exchangeFailed(e[0], goError: "read udp 10.0.0.9:4000->\(e[0].server): i/o timeout")
            if case .start(let next) = step { e = next }
        }
        #expect(servers == ["10.0.0.1:53", "10.0.0.2:53", "10.0.0.1:53", "10.0.0.2:53"])
        // single-request: AAAA only now, after A gave up.
        #expect(e.count == 1 && e[0].type == DNSType.aaaa)
        for _ in 0..<4 {
            step = lookup.exchangeFailed(e[0], goError: "read udp 10.0.0.9:4000->\(e[0].server): i/o timeout")
            if case .start(let next) = step { e = next }
        }
        #expect(step == .failed(DNSLookupError(name: "web.example", server: "10.0.0.2:53",
                                               reason: "read udp 10.0.0.9:4000->10.0.0.2:53: i/o timeout")))
    }

    @Test func servfailAndLameReferralsTryTheNextServer() {
        var lookup = DNSLookup(host: "web.example", config: config(), hosts: HostsFile(text: ""))
        let first = exchanges(lookup.start())
        let retryA = exchanges(lookup.received(DNSReply.to(first[0], rcode: 2), on: first[0]))
        #expect(retryA.map(\.server) == ["10.0.0.2:53"])
        let retryAAAA = exchanges(lookup.received(DNSReply.to(first[1], flags: 0), on: first[1]))   // no RA, no AA, empty
        #expect(retryAAAA.map(\.server) == ["10.0.0.2:53"])
        _ = lookup.received(DNSReply.to(retryAAAA[0]), on: retryAAAA[0])
        #expect(lookup.received(DNSReply.to(retryA[0], answers: [v4]), on: retryA[0]) == .resolved([IPAddress("10.1.2.3")!]))
    }

    @Test func truncatedUDPIsRetriedOverTCP() throws {
        var lookup = DNSLookup(host: "web.example", config: config(), hosts: HostsFile(text: ""))
        let first = exchanges(lookup.start())
        let tcp = exchanges(lookup.received(DNSReply.to(first[0], flags: 0x0280), on: first[0]))
        #expect(tcp.count == 1 && tcp[0].transport == .tcp && tcp[0].server == "10.0.0.1:53")
        var framed = tcp[0].payload
        let message = try #require(DNSMessage.takeTCPMessage(from: &framed))
        #expect(try DNSMessage.parse(message).question?.type == DNSType.a)
        _ = lookup.received(DNSReply.to(first[1]), on: first[1])
        #expect(lookup.received(DNSReply.to(tcp[0], answers: [v4]), on: tcp[0]) == .resolved([IPAddress("10.1.2.3")!]))
    }

    @Test func forgedOrGarbledUDPRepliesAreIgnored() {
        var lookup = DNSLookup(host: "web.example", config: config(), hosts: HostsFile(text: ""))
        let first = exchanges(lookup.start())
        #expect(lookup.received(DNSReply.to(first[0], id: first[0].id &+ 1, answers: [v4]), on: first[0]) == .wait)
        #expect(lookup.received([1, 2, 3], on: first[0]) == .wait)
        var random = SeededRandom(seed: 0x5744)
        for _ in 0..<2000 {
            let step = lookup.received(random.mutate(DNSReply.to(first[0], answers: [v4])), on: first[0])
            if case .resolved = step { return }   // a mutation that still is a valid answer is fine
        }
    }
}
