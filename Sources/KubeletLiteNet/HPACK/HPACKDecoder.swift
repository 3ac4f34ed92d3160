// kubelet-lite — HPACK/HPACKDecoder.swift
// Header block decoding (RFC 7541 §3, RFC 7541 §6) with the dynamic table and a header list size limit.

/// Decodes the header blocks of one HTTP/2 connection, in order (the dynamic table is shared
/// by all blocks the peer sends).
public struct HPACKDecoder: Sendable {
    private var table: HPACKDynamicTable
    /// The SETTINGS_HEADER_TABLE_SIZE we advertised: the most a size update may ask for.
    public private(set) var tableSizeLimit: Int
    /// Decoding stops with `headerListTooLarge` once the block's fields add up to more.
    public var maxHeaderListSize: Int

    public init(tableSizeLimit: Int = HPACKLimits.defaultTableSize, maxHeaderListSize: Int = 64 * 1024) {
        self.table = HPACKDynamicTable(maxSize: tableSizeLimit)
        self.tableSizeLimit = tableSizeLimit
        self.maxHeaderListSize = maxHeaderListSize
    }

    /// The dynamic table's current size in RFC 7541 octets.
    public var dynamicTableSize: Int { table.size }
    /// The dynamic table, newest first (for tests and diagnostics).
    public var dynamicTableEntries: [HeaderField] {
        (0..<table.count).compactMap { table.entry($0 + 1).map(Self.field) }
    }

    /// Decodes one complete header block (HEADERS plus its CONTINUATIONs, concatenated).
    public mutating func decode(_ block: [UInt8]) throws(HPACKError) -> [HeaderField] {
        var reader = ByteReader(block)
        var fields: [HeaderField] = []
        var listSize = 0
        var sawField = false
        while let first = reader.peekByte() {
            if first & HPACKRepresentation.sizeUpdateMask == HPACKRepresentation.sizeUpdate {
                // RFC 7541 §4.2: size updates belong at the start of a block.
                guard !sawField else { throw .misplacedTableSizeUpdate }
                let size = try HPACKPrimitive.readInteger(&reader, prefixBits: HPACKRepresentation.sizeUpdatePrefix)
                guard size <= tableSizeLimit else { throw .tableSizeAboveLimit(requested: size, limit: tableSizeLimit) }
                table.resize(size)
                continue
            }
            sawField = true
            let field = try decodeField(first, &reader)
            listSize += field.hpackSize
            guard listSize <= maxHeaderListSize else { throw .headerListTooLarge(limit: maxHeaderListSize) }
            fields.append(field)
        }
        return fields
    }

    private mutating func decodeField(_ first: UInt8, _ reader: inout ByteReader) throws(HPACKError) -> HeaderField {
        if first & HPACKRepresentation.indexed != 0 {
            let index = try HPACKPrimitive.readInteger(&reader, prefixBits: HPACKRepresentation.indexedPrefix)
            return Self.field(try lookup(index))
        }
        let indexing = first & HPACKRepresentation.incrementalIndexingMask == HPACKRepresentation.incrementalIndexing
        let never = !indexing && first & HPACKRepresentation.literalMask == HPACKRepresentation.neverIndexed
        let nameIndex = try HPACKPrimitive.readInteger(
            &reader, prefixBits: indexing ? HPACKRepresentation.incrementalIndexingPrefix : HPACKRepresentation.literalPrefix)
        let name = nameIndex == 0 ? try HPACKPrimitive.readString(&reader) : try lookup(nameIndex).name
        let value = try HPACKPrimitive.readString(&reader)
        let entry = HPACKDynamicTable.Entry(name: name, value: value)
        if indexing { table.insert(entry) }
        var field = Self.field(entry)
        field.sensitive = never
        return field
    }

    /// RFC 7541 §2.3.3: indices 1...61 are static, then the dynamic table newest first.
    private func lookup(_ index: Int) throws(HPACKError) -> HPACKDynamicTable.Entry {
        if index >= 1, index <= HPACKStaticTable.count {
            let e = HPACKStaticTable.entries[index - 1]
            return HPACKDynamicTable.Entry(name: Array(e.name.utf8), value: Array(e.value.utf8))
        }
        guard let e = table.entry(index - HPACKStaticTable.count) else { throw .invalidIndex(index) }
        return e
    }

    private static func field(_ e: HPACKDynamicTable.Entry) -> HeaderField {
        HeaderField(String(decoding: e.name, as: UTF8.self), String(decoding: e.value, as: UTF8.self))
    }
}
