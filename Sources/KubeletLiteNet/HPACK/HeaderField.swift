// kubelet-lite — HPACK/HeaderField.swift
// One header field as HPACK and HTTP/2 see it.

/// A header name and value. Names are lower case on HTTP/2 (RFC 9113 §8.2.1); `sensitive` asks
/// the encoder for the never-indexed representation (RFC 7541 §6.2.3).
public struct HeaderField: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var value: String
    public var sensitive: Bool

    public init(_ name: String, _ value: String, sensitive: Bool = false) {
        self.name = name
        self.value = value
        self.sensitive = sensitive
    }

    /// The size RFC 7541 §4.1 charges for an entry: octets of name and value plus 32.
    public var hpackSize: Int { name.utf8.count + value.utf8.count + HPACKLimits.entryOverhead }

    public var description: String { "\(name): \(value)" }
}

/// HPACK's fixed numbers.
public enum HPACKLimits {
    /// RFC 7541 §4.1: each entry costs 32 octets beyond its name and value.
    public static let entryOverhead = 32
    /// RFC 9113 §6.5.2: SETTINGS_HEADER_TABLE_SIZE starts at 4096.
    public static let defaultTableSize = 4096
    /// The largest integer the decoder accepts (RFC 7541 §5.1 leaves it to the implementation): far more
    /// than any index, length or table size a sane peer sends, and safe from overflow.
    public static let maxInteger = (1 << 31) - 1
}

/// The first-octet patterns and prefix sizes of RFC 7541 §6's representations.
enum HPACKRepresentation {
    /// RFC 7541 §6.1 `1xxxxxxx`: an indexed field, 7-bit index.
    static let indexed: UInt8 = 0x80
    static let indexedPrefix = 7
    /// RFC 7541 §6.2.1 `01xxxxxx`: a literal added to the table, 6-bit name index.
    static let incrementalIndexing: UInt8 = 0x40
    static let incrementalIndexingMask: UInt8 = 0xC0
    static let incrementalIndexingPrefix = 6
    /// RFC 7541 §6.3 `001xxxxx`: a dynamic table size update, 5-bit size.
    static let sizeUpdate: UInt8 = 0x20
    static let sizeUpdateMask: UInt8 = 0xE0
    static let sizeUpdatePrefix = 5
    /// RFC 7541 §6.2.2 `0000xxxx` (without indexing) and RFC 7541 §6.2.3 `0001xxxx` (never indexed), 4-bit name index.
    static let withoutIndexing: UInt8 = 0x00
    static let neverIndexed: UInt8 = 0x10
    static let literalMask: UInt8 = 0xF0
    static let literalPrefix = 4
    /// RFC 7541 §5.2: the H bit of a string literal's length octet, then a 7-bit length.
    static let huffmanFlag: UInt8 = 0x80
    static let stringLengthPrefix = 7
}
