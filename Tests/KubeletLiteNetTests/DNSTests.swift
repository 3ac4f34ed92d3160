// kubelet-lite — DNSTests.swift
// Names, messages, /etc/hosts and /etc/resolv.conf as Go reads them, and a fuzz run over the
// response parser (compression pointer loops included).

@testable import KubeletLiteNet
import Testing

/// Builds DNS responses for the tests.
enum DNSReply {
    /// A response to `e`: `flags` beyond QR/RD (RA by default), `answers` as raw records.
    static func to(_ e: DNSLookup.Exchange, rcode: UInt16 = 0, flags: UInt16 = 0x0080, id: UInt16? = nil,
                   answers: [[UInt8]] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.appendUInt16(id ?? e.id)
        out.appendUInt16(0x8100 | flags | rcode)
        out.appendUInt16(1)
        out.appendUInt16(UInt16(answers.count))
        out.appendUInt16(0)
        out.appendUInt16(0)
        out += DNSName.encode(e.name) ?? []
        out.appendUInt16(e.type)
        out.appendUInt16(DNSType.classIN)
        for a in answers { out += a }
        return out
    }

    /// A record owned by the question name (compression pointer to offset 12).
    static func record(type: UInt16, data: [UInt8], owner: [UInt8] = [0xC0, 0x0C]) -> [UInt8] {
        var out = owner
        out.appendUInt16(type)
        out.appendUInt16(DNSType.classIN)
        out.appendUInt32(300)
        out.appendUInt16(UInt16(data.count))
        return out + data
    }
}

struct DNSTests {
    // MARK: names

    @Test func goNameValidity() {
        for good in ["example.com", "a_b.example.com.", "x", "1a", ".", "a-b.c"] { #expect(DNSName.isValid(good), "\(good)") }
        for bad in ["", "a..b", "-a.com", "a-.com", "123", "1.2.3.4", "a b", String(repeating: "a", count: 64) + ".com", "é.com"] {
            #expect(!DNSName.isValid(bad), "\(bad)")
        }
    }

    @Test func namesWithCompressionPointers() throws {
        // "example.com" at 0, then "www" + pointer to 0.
        let message: [UInt8] = [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 3] + Array("WWW".utf8) + [0xC0, 0x00]
        var r = ByteReader(message, from: 13)
        #expect(try DNSName.decode(&r, in: message) == "www.example.com.")
        #expect(r.position == message.count)   // the reader continues after the pointer
        let cases: [([UInt8], Int, DNSParseError)] = [
            ([0xC0, 0x00], 0, .badPointer),                  // points at itself
            ([0xC0, 0x02, 1, 0x61, 0], 0, .badPointer),      // points forwards
            ([0x40, 0x00], 0, .badLabel),                    // reserved label type
            ([5, 0x61], 0, .truncated),
        ]
        for (bytes, start, error) in cases {
            var reader = ByteReader(bytes, from: start)
            #expect(throws: error) { try DNSName.decode(&reader, in: bytes) }
        }
        // A name longer than 255 octets on the wire.
        let long = [UInt8]((0..<5).flatMap { _ in [63] + [UInt8](repeating: 0x61, count: 63) }) + [0]
        var longReader = ByteReader(long)
        #expect(throws: DNSParseError.nameTooLong) { try DNSName.decode(&longReader, in: long) }
        #expect(DNSName.encode("a..b") == nil && DNSName.encode(String(repeating: "a", count: 64)) == nil)
        #expect(DNSName.encode(".") == [0] && DNSName.encode("a.") == [1, 0x61, 0])
    }

    // MARK: messages

    @Test func theQueryAsGoSendsIt() {
        let q = DNSMessage.query(id: 0x1234, name: "example.com", type: DNSType.a)
        #expect(q == hex("1234 0100 0001 0000 0000 0001") + [7] + Array("example".utf8) + [3] + Array("com".utf8)
            + hex("00 0001 0001") + hex("00 0029 04d0 00000000 0000"))
        #expect(DNSMessage.tcpFrame([1, 2, 3]) == [0, 3, 1, 2, 3])
        var buffer: [UInt8] = [0, 2, 9, 9, 0, 5, 1]
        #expect(DNSMessage.takeTCPMessage(from: &buffer) == [9, 9])
        #expect(DNSMessage.takeTCPMessage(from: &buffer) == nil && buffer == [0, 5, 1])
    }

    @Test func responsesWithCNAMEChainsAndExtendedRcode() throws {
        let e = DNSLookup.Exchange(token: 1, server: "10.0.0.1:53", serverAddress: IPAddress("10.0.0.1")!, port: 53,
                                   transport: .udp, payload: [], timeout: .seconds(5), id: 7, name: "www.example.com.",
                                   type: DNSType.a)
        let target = [3] + Array("web".utf8) + [7] + Array("example".utf8) + [3] + Array("net".utf8) + [0]
        // www.example.com CNAME web.example.net; web.example.net (pointer to the CNAME's data) A.
        let cnameOffset = 12 + 17 + 4 + 12
        let reply = DNSReply.to(e, answers: [
            DNSReply.record(type: DNSType.cname, data: target),
            DNSReply.record(type: DNSType.a, data: [93, 184, 216, 34], owner: [0xC0, UInt8(cnameOffset)]),
        ])
        let parsed = try DNSMessage.parse(reply)
        #expect(parsed.addresses == [IPAddress("93.184.216.34")!])
        #expect(parsed.canonicalName(of: "www.example.com.") == "web.example.net.")
        #expect(parsed.question?.name == "www.example.com." && parsed.id == 7 && parsed.isResponse)
        // An OPT record carrying extended rcode bits (BADVERS = 16).
        var withOPT = DNSReply.to(e)
        withOPT[11] = 1
        withOPT += [0] + hex("0029 04d0 01000000 0000")
        #expect(try DNSMessage.parse(withOPT).rcode == 16)
    }

    @Test func parserSurvivesRandomAndMutatedMessages() {
        var random = SeededRandom(seed: 0x444E53)
        let e = DNSLookup.Exchange(token: 1, server: "s", serverAddress: IPAddress("10.0.0.1")!, port: 53, transport: .udp,
                                   payload: [], timeout: .seconds(1), id: 1, name: "a.example.", type: DNSType.a)
        let seed = DNSReply.to(e, answers: [DNSReply.record(type: DNSType.a, data: [1, 2, 3, 4]),
                                            DNSReply.record(type: DNSType.cname, data: [0xC0, 0x0C])])
        var parsed = 0
        for round in 0..<5000 {
            let input = round % 2 == 0 ? random.bytes(Int.random(in: 0...80, using: &random)) : random.mutate(seed)
            if (try? DNSMessage.parse(input)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }

    // MARK: /etc/hosts and /etc/resolv.conf

    @Test func hostsFileAsGoReadsIt() {
        let hosts = HostsFile(text: """
            # comment
            127.0.0.1 localhost
            10.0.0.5  Web.Example web   # trailing comment
            ::1 localhost ip6-localhost
            fe80::1%eth0 linklocal
            not-an-ip  broken
            10.0.0.6 web
            """)
        #expect(hosts.addresses(for: "localhost") == [IPAddress("127.0.0.1")!, IPAddress("::1")!])
        #expect(hosts.addresses(for: "WEB.example.") == [IPAddress("10.0.0.5")!])
        #expect(hosts.addresses(for: "web") == [IPAddress("10.0.0.5")!, IPAddress("10.0.0.6")!])
        #expect(hosts.addresses(for: "linklocal") == [IPAddress("fe80::1")!])
        #expect(hosts.addresses(for: "broken").isEmpty && hosts.addresses(for: "not-an-ip").isEmpty)
    }

    @Test func resolvConfAsGoReadsIt() {
        let c = ResolverConfig(text: """
            ; comment
            nameserver 10.96.0.10
            nameserver fd00::10
            nameserver dns.example
            nameserver 10.0.0.3
            nameserver 10.0.0.4
            search default.svc.cluster.local svc.cluster.local cluster.local
            options ndots:5 timeout:0 attempts:3 rotate unknown-option
            """)
        #expect(c.servers == ["10.96.0.10:53", "[fd00::10]:53", "10.0.0.3:53"])
        #expect(c.search == ["default.svc.cluster.local.", "svc.cluster.local.", "cluster.local."])
        #expect(c.ndots == 5 && c.timeout == .seconds(1) && c.attempts == 3 && c.rotate)
        let empty = ResolverConfig(text: "", hostname: "node1.lab.example")
        #expect(empty.servers == ["127.0.0.1:53", "[::1]:53"] && empty.search == ["lab.example."])
        #expect(empty.ndots == 1 && empty.timeout == .seconds(5) && empty.attempts == 2)
        #expect(ResolverConfig(text: "domain corp\nsearch a b\noptions single-request use-vc ndots:99").search == ["a.", "b."])
        let options = ResolverConfig(text: "options single-request use-vc ndots:99")
        #expect(options.singleRequest && options.useTCP && options.ndots == 15)
    }

    @Test func nameListFollowsNdotsAndSearch() {
        var c = ResolverConfig()
        c.search = ["default.svc.cluster.local.", "cluster.local."]
        c.ndots = 5
        #expect(c.nameList("web") == ["web.default.svc.cluster.local.", "web.cluster.local.", "web."])
        #expect(c.nameList("web.") == ["web."])
        c.ndots = 1
        #expect(c.nameList("web.example") == ["web.example.", "web.example.default.svc.cluster.local.", "web.example.cluster.local."])
        // RFC 7686: the .onion name itself is never sent; suffixed search names are not .onion.
        #expect(c.nameList("secret.onion") == ["secret.onion.default.svc.cluster.local.", "secret.onion.cluster.local."])
        #expect(c.nameList("x.onion.") == [])
        #expect(c.nameList(String(repeating: "a", count: 255)) == [])
    }
}
