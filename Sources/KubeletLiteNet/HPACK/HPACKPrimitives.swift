// kubelet-lite — HPACK/HPACKPrimitives.swift
// Integer (RFC 7541 §5.1) and string literal (RFC 7541 §5.2) representations.

/// The two primitive types every header field representation is built from.
enum HPACKPrimitive {
    /// Appends `value` with an N-bit prefix; `flags` fills the bits above the prefix.
    static func appendInteger(_ value: Int, prefixBits: Int, flags: UInt8, to out: inout [UInt8]) {
        let limit = (1 << prefixBits) - 1
        if value < limit {
            out.append(flags | UInt8(value))
            return
        }
        out.append(flags | UInt8(limit))
        var rest = value - limit
        while rest >= 128 {
            out.append(UInt8(0x80 | (rest & 0x7f)))
            rest /= 128
        }
        out.append(UInt8(rest))
    }

    /// Reads an integer with an N-bit prefix (the caller has looked at the flag bits).
    static func readInteger(_ reader: inout ByteReader, prefixBits: Int) throws(HPACKError) -> Int {
        guard let first = reader.readByte() else { throw .truncated }
        let limit = (1 << prefixBits) - 1
        var value = Int(first) & limit
        guard value == limit else { return value }
        var shift = 0
        while true {
            guard let byte = reader.readByte() else { throw .truncated }
            // 2^31 needs at most five 7-bit groups; more is padding with zeros or an attack.
            guard shift <= 28 else { throw .integerOverflow }
            value += Int(byte & 0x7F) << shift
            guard value <= HPACKLimits.maxInteger else { throw .integerOverflow }
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
    }

    /// Appends a string literal, Huffman-coded when `huffman` is set and that is not longer.
    static func appendString(_ bytes: [UInt8], huffman: Bool, to out: inout [UInt8]) {
        if huffman, HPACKHuffman.encodedLength(bytes) <= bytes.count {
            let coded = HPACKHuffman.encode(bytes)
            appendInteger(coded.count, prefixBits: HPACKRepresentation.stringLengthPrefix,
                          flags: HPACKRepresentation.huffmanFlag, to: &out)
            out += coded
        } else {
            appendInteger(bytes.count, prefixBits: HPACKRepresentation.stringLengthPrefix, flags: 0, to: &out)
            out += bytes
        }
    }

    /// Reads a string literal. Its length can never exceed what is left of the block, so a
    /// lying length fails as `truncated` without allocating.
    static func readString(_ reader: inout ByteReader) throws(HPACKError) -> [UInt8] {
        guard let first = reader.peekByte() else { throw .truncated }
        let length = try readInteger(&reader, prefixBits: HPACKRepresentation.stringLengthPrefix)
        guard let raw = reader.readBytes(length) else { throw .truncated }
        return first & HPACKRepresentation.huffmanFlag != 0 ? try HPACKHuffman.decode(raw) : Array(raw)
    }
}
