// kubelet-lite — HPACK/HPACKError.swift
// Why a header block could not be decoded (RFC 7541 §2.3.3, RFC 7541 §4.2, RFC 7541 §5, RFC 7541 §6).

/// A decoding failure. Any of them is a COMPRESSION_ERROR connection error on HTTP/2
/// (RFC 9113 §4.3): the dynamic table can no longer be trusted.
public enum HPACKError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The block ended inside a representation.
    case truncated
    /// An integer above `HPACKLimits.maxInteger`, or with too many continuation bytes.
    case integerOverflow
    /// Index 0, or beyond the static and dynamic tables.
    case invalidIndex(Int)
    /// Huffman data that decodes the EOS symbol, or padding that is not a prefix of EOS or is
    /// longer than 7 bits (RFC 7541 §5.2).
    case invalidHuffman
    /// A dynamic table size update above the limit we advertised (RFC 7541 §6.3).
    case tableSizeAboveLimit(requested: Int, limit: Int)
    /// A dynamic table size update after a header field in the same block (RFC 7541 §4.2).
    case misplacedTableSizeUpdate
    /// The decoded list exceeds the limit (RFC 9113 §6.5.2 accounting); protects against
    /// "HPACK bombs" that reference a big table entry many times.
    case headerListTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .truncated: "hpack: truncated header block"
        case .integerOverflow: "hpack: integer overflow"
        case .invalidIndex(let i): "hpack: invalid indexed representation index \(i)"
        case .invalidHuffman: "hpack: invalid Huffman-encoded data"
        case .tableSizeAboveLimit(let r, let l): "hpack: dynamic table size update \(r) above the limit \(l)"
        case .misplacedTableSizeUpdate: "hpack: dynamic table size update after a header field"
        case .headerListTooLarge(let l): "hpack: header list larger than \(l) bytes"
        }
    }
}
