// kubelet-lite — HPACK/HPACKEncoder.swift
// Header block encoding (RFC 7541 §6): indexed fields for full table matches, otherwise
// literals, with or without incremental indexing.

/// Encodes the header blocks of one HTTP/2 connection, in order.
///
/// The request side of kubelet-lite uses `.withoutIndexing` (the default): it sends one request
/// per connection, so indexing would only cost table memory on the server and force us to track
/// its SETTINGS_HEADER_TABLE_SIZE. `.incrementalIndexing` exists for completeness and is what
/// RFC 7541 Appendix C uses, which the tests reproduce byte for byte.
public struct HPACKEncoder: Sendable {
    /// Whether literals are added to the dynamic table.
    public enum Indexing: Sendable { case withoutIndexing, incrementalIndexing }

    public var indexing: Indexing
    /// Huffman-code strings when that is not longer (RFC 7541 §5.2).
    public var huffman: Bool
    private var table: HPACKDynamicTable

    public init(indexing: Indexing = .withoutIndexing, huffman: Bool = true,
                tableSize: Int = HPACKLimits.defaultTableSize) {
        self.indexing = indexing
        self.huffman = huffman
        self.table = HPACKDynamicTable(maxSize: tableSize)
    }

    /// The dynamic table's current size in RFC 7541 octets.
    public var dynamicTableSize: Int { table.size }

    public mutating func encode(_ fields: [HeaderField]) -> [UInt8] {
        var out: [UInt8] = []
        for field in fields { encode(field, into: &out) }
        return out
    }

    private mutating func encode(_ field: HeaderField, into out: inout [UInt8]) {
        let name = Array(field.name.utf8)
        let value = Array(field.value.utf8)
        let dynamic = table.find(name: name, value: value)
        let staticName = HPACKStaticTable.index(name: field.name)
        if !field.sensitive {
            let full = HPACKStaticTable.index(name: field.name, value: field.value) ?? dynamic.full.map { HPACKStaticTable.count + $0 }
            if let full {
                return HPACKPrimitive.appendInteger(full, prefixBits: HPACKRepresentation.indexedPrefix,
                                                    flags: HPACKRepresentation.indexed, to: &out)
            }
        }
        let nameIndex = staticName ?? dynamic.nameOnly.map { HPACKStaticTable.count + $0 } ?? 0
        let adding = !field.sensitive && indexing == .incrementalIndexing
        let (prefixBits, flags): (Int, UInt8) = if field.sensitive {
            (HPACKRepresentation.literalPrefix, HPACKRepresentation.neverIndexed)
        } else if adding {
            (HPACKRepresentation.incrementalIndexingPrefix, HPACKRepresentation.incrementalIndexing)
        } else {
            (HPACKRepresentation.literalPrefix, HPACKRepresentation.withoutIndexing)
        }
        HPACKPrimitive.appendInteger(nameIndex, prefixBits: prefixBits, flags: flags, to: &out)
        if nameIndex == 0 { HPACKPrimitive.appendString(name, huffman: huffman, to: &out) }
        HPACKPrimitive.appendString(value, huffman: huffman, to: &out)
        if adding { table.insert(HPACKDynamicTable.Entry(name: name, value: value)) }
    }
}
