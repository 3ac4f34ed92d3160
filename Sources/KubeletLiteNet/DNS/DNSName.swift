// kubelet-lite — DNS/DNSName.swift
// Domain names on the wire (RFC 1035 §3.1, §4.1.4): encoding, and decoding with compression
// pointers that can never loop.

/// Name rules and codecs.
public enum DNSName {
    /// RFC 1035 §2.3.4: 63 octets per label, 255 per name on the wire.
    static let maxLabelLength = 63
    static let maxWireLength = 255
    /// A name may use at most this many compression pointers (Go's dnsmessage allows 10).
    static let maxPointers = 10

    /// Go's `isDomainName`: letters, digits, `-` and `_`, labels of 1...63, at most 253 octets
    /// (254 with the final dot), not all-numeric. A name that fails is "no such host".
    public static func isValid(_ s: String) -> Bool {
        let b = Array(s.utf8)
        if s == "." { return true }
        guard !b.isEmpty, b.count <= 254, !(b.count == 254 && b.last != UInt8(ascii: ".")) else { return false }
        var last = UInt8(ascii: ".")
        var nonNumeric = false
        var labelLength = 0
        for c in b {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                nonNumeric = true
                labelLength += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                labelLength += 1
            case UInt8(ascii: "-"):
                guard last != UInt8(ascii: ".") else { return false }
                nonNumeric = true
                labelLength += 1
            case UInt8(ascii: "."):
                guard last != UInt8(ascii: "."), last != UInt8(ascii: "-"), (1...maxLabelLength).contains(labelLength) else { return false }
                labelLength = 0
            default:
                return false
            }
            last = c
        }
        return last != UInt8(ascii: "-") && labelLength <= maxLabelLength && nonNumeric
    }

    /// Wire form of a dotted name (a final dot is optional); nil if a label is empty or too long.
    static func encode(_ name: String) -> [UInt8]? {
        var out: [UInt8] = []
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for (i, label) in labels.enumerated() {
            if label.isEmpty {
                // Only the root label after the final dot may be empty ("a.b." or ".").
                guard i == labels.count - 1 || (labels.count == 2 && i == 0 && labels[1].isEmpty) else { return nil }
                continue
            }
            guard label.utf8.count <= maxLabelLength else { return nil }
            out.append(UInt8(label.utf8.count))
            out += label.utf8
        }
        out.append(0)
        return out.count <= maxWireLength ? out : nil
    }

    /// Reads a name at the reader's position, following compression pointers in `message`.
    /// Pointers must point backwards, at most `maxPointers` of them: a pointer loop or a
    /// forward-pointing chain is an error, never a hang. Returns the lower-cased dotted name
    /// with a final dot (`www.example.com.`).
    static func decode(_ reader: inout ByteReader, in message: [UInt8]) throws(DNSParseError) -> String {
        var labels: [String] = []
        var wireLength = 1
        var cursor = reader
        var jumped = false
        var pointers = 0
        var lowestTarget = reader.position
        while true {
            guard let length = cursor.readByte() else { throw .truncated }
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    if !jumped { reader = cursor }
                    return labels.isEmpty ? "." : labels.joined(separator: ".") + "."
                }
                guard let bytes = cursor.readBytes(Int(length)) else { throw .truncated }
                wireLength += Int(length) + 1
                guard wireLength <= maxWireLength else { throw .nameTooLong }
                labels.append(String(decoding: bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self))
            case 0xC0:
                guard let low = cursor.readByte() else { throw .truncated }
                let target = Int(length & 0x3F) << 8 | Int(low)
                pointers += 1
                guard pointers <= maxPointers, target < lowestTarget else { throw .badPointer }
                lowestTarget = target
                if !jumped { reader = cursor }
                jumped = true
                cursor = ByteReader(message, from: target)
            default:
                // 0x40 and 0x80 are reserved label types (RFC 6891 §5 retired extended labels).
                throw .badLabel
            }
        }
    }
}
