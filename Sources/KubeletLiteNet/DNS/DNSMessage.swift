// kubelet-lite — DNS/DNSMessage.swift
// DNS queries and responses (RFC 1035 §4), as Go's resolver sends and checks them: recursion
// desired, an EDNS(0) OPT record offering 1232-byte UDP answers (RFC 6891).

/// Why a response could not be parsed (Go: "cannot unmarshal DNS message").
public enum DNSParseError: Error, Equatable, Sendable {
    case truncated
    case badPointer
    case badLabel
    case nameTooLong
}

/// Record types and classes used here.
public enum DNSType {
    public static let a: UInt16 = 1
    public static let cname: UInt16 = 5
    public static let aaaa: UInt16 = 28
    public static let opt: UInt16 = 41
    public static let classIN: UInt16 = 1
}

/// Header flag bits (RFC 1035 §4.1.1).
enum DNSFlag {
    static let response: UInt16 = 0x8000          // QR
    static let authoritative: UInt16 = 0x0400     // AA
    static let truncated: UInt16 = 0x0200         // TC
    static let recursionDesired: UInt16 = 0x0100  // RD
    static let recursionAvailable: UInt16 = 0x0080 // RA
    static let rcodeMask: UInt16 = 0x000F
}

/// Response codes (RFC 1035 §4.1.1).
public enum DNSRCode {
    public static let success: UInt16 = 0
    public static let serverFailure: UInt16 = 2
    public static let nameError: UInt16 = 3
}

/// A parsed response: the header bits Go checks, the question, and the answers.
public struct DNSResponse: Sendable, Equatable {
    public var id: UInt16
    public var isResponse: Bool
    public var authoritative: Bool
    public var truncated: Bool
    public var recursionAvailable: Bool
    /// With the OPT record's extended bits when present (RFC 6891 §6.1.3).
    public var rcode: UInt16
    public var question: (name: String, type: UInt16, cls: UInt16)?
    /// Addresses of every A/AAAA answer (Go takes them all, trusting the recursive resolver).
    public var addresses: [IPAddress]
    /// CNAME answers, owner → target, lower case with final dots.
    public var aliases: [(owner: String, target: String)]
    public var answerCount: Int
    public var hasAdditional: Bool

    public static func == (a: Self, b: Self) -> Bool {
        a.id == b.id && a.rcode == b.rcode && a.addresses == b.addresses && a.truncated == b.truncated
            && a.question?.name == b.question?.name && a.question?.type == b.question?.type
    }

    /// The end of the CNAME chain from `name` (at most 16 hops; a loop stops where it closes).
    public func canonicalName(of name: String) -> String {
        var current = name
        var seen: Set<String> = [name]
        for _ in 0..<16 {
            guard let next = aliases.first(where: { $0.owner == current })?.target, seen.insert(next).inserted else { break }
            current = next
        }
        return current
    }
}

/// Builds queries and parses responses.
public enum DNSMessage {
    /// Go's EDNS(0) UDP payload size (dnsflagday.net 2020).
    public static let maxUDPSize = 1232
    static let headerSize = 12

    /// A query for `name` (dotted; a final dot added if missing): RD set, one question, and an
    /// OPT record. Nil if the name cannot be encoded.
    public static func query(id: UInt16, name: String, type: UInt16) -> [UInt8]? {
        guard let wireName = DNSName.encode(name.hasSuffix(".") ? name : name + ".") else { return nil }
        var out: [UInt8] = []
        out.appendUInt16(id)
        out.appendUInt16(DNSFlag.recursionDesired)
        out.appendUInt16(1)        // QDCOUNT
        out.appendUInt16(0)        // ANCOUNT
        out.appendUInt16(0)        // NSCOUNT
        out.appendUInt16(1)        // ARCOUNT: the OPT record
        out += wireName
        out.appendUInt16(type)
        out.appendUInt16(DNSType.classIN)
        out += [0]                 // OPT: root owner name
        out.appendUInt16(DNSType.opt)
        out.appendUInt16(UInt16(maxUDPSize))   // OPT class: UDP payload size
        out.appendUInt32(0)                    // extended rcode, version 0, no DO bit
        out.appendUInt16(0)                    // no options
        return out
    }

    /// RFC 1035 §4.2.2: on TCP each message carries a two-octet length prefix.
    public static func tcpFrame(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendUInt16(UInt16(min(message.count, Int(UInt16.max))))
        return out + message
    }

    /// Parses a response. Only A, AAAA, CNAME and OPT records are looked into; others are skipped.
    public static func parse(_ bytes: [UInt8]) throws(DNSParseError) -> DNSResponse {
        var r = ByteReader(bytes)
        guard let id = r.readUInt16(), let flags = r.readUInt16(), let qd = r.readUInt16(), let an = r.readUInt16(),
              let ns = r.readUInt16(), let ar = r.readUInt16() else { throw .truncated }
        var response = DNSResponse(
            id: id, isResponse: flags & DNSFlag.response != 0, authoritative: flags & DNSFlag.authoritative != 0,
            truncated: flags & DNSFlag.truncated != 0, recursionAvailable: flags & DNSFlag.recursionAvailable != 0,
            rcode: flags & DNSFlag.rcodeMask, question: nil, addresses: [], aliases: [],
            answerCount: Int(an), hasAdditional: ar > 0)
        for i in 0..<Int(qd) {
            let name = try DNSName.decode(&r, in: bytes)
            guard let type = r.readUInt16(), let cls = r.readUInt16() else { throw .truncated }
            if i == 0 { response.question = (name, type, cls) }
        }
        for _ in 0..<Int(an) { try readRecord(&r, bytes, into: &response, section: .answer) }
        for _ in 0..<Int(ns) { try readRecord(&r, bytes, into: &response, section: .authority) }
        for _ in 0..<Int(ar) { try readRecord(&r, bytes, into: &response, section: .additional) }
        return response
    }

    /// Which section a record is in: only answers count, only additionals carry OPT.
    private enum Section { case answer, authority, additional }

    private static func readRecord(_ r: inout ByteReader, _ bytes: [UInt8], into response: inout DNSResponse,
                                   section: Section) throws(DNSParseError) {
        let owner = try DNSName.decode(&r, in: bytes)
        // Type, class (always IN for what we read), TTL, then the data.
        guard let type = r.readUInt16(), r.skip(2), let ttl = r.readUInt32(), let length = r.readUInt16(),
              let data = r.readBytes(Int(length)) else { throw .truncated }
        switch (section, type) {
        case (.answer, DNSType.a), (.answer, DNSType.aaaa):
            guard let address = IPAddress(bytes: data), data.count == (type == DNSType.a ? 4 : 16) else { throw .truncated }
            response.addresses.append(address)
        case (.answer, DNSType.cname):
            var inner = ByteReader(bytes, from: data.startIndex, to: data.endIndex)
            response.aliases.append((owner, try DNSName.decode(&inner, in: bytes)))
        case (.additional, DNSType.opt):
            // RFC 6891 §6.1.3: the TTL's top octet holds the upper 8 bits of a 12-bit rcode.
            response.rcode |= UInt16(ttl >> 24) << 4
        default:
            break
        }
    }
}
