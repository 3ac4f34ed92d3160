// kubelet-lite — HPACK/HPACKHuffman.swift
// The Huffman code of RFC 7541 Appendix B: decoding (bounded, strict about padding and EOS) and
// encoding.

/// RFC 7541 §5.2 and Appendix B. The code is canonical (codes of each length are consecutive and
/// ordered by symbol), so the table stores only the 257 code lengths and derives the codes; the
/// tests check the derived codes against the RFC's listing.
enum HPACKHuffman {
    /// Code length in bits of each symbol 0...255 and of EOS (256), from RFC 7541 Appendix B.
    static let codeLengths: [UInt8] = [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,  // 0-15
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,  // 16-31
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,  // 32-47
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,  // 48-63
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,  // 64-79
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,  // 80-95
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,  // 96-111
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,  // 112-127
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,  // 128-143
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,  // 144-159
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,  // 160-175
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,  // 176-191
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,  // 192-207
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,  // 208-223
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,  // 224-239
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,  // 240-255
        30,  // 256-256
    ]

    /// The end-of-string symbol: never valid inside data, its prefix is the padding.
    static let eos = 256
    static let maxCodeLength = 30

    /// Canonical decoding tables, built once per process.
    static let tables = Tables(lengths: codeLengths)

    /// Codes per symbol and, per length, the first code and where its symbols start.
    struct Tables: Sendable {
        let codes: [UInt32]
        let firstCode: [Int]
        let countOfLength: [Int]
        let firstSymbolIndex: [Int]
        /// Symbols ordered by (length, symbol): the canonical order.
        let orderedSymbols: [Int]

        init(lengths: [UInt8]) {
            let ordered = (0..<lengths.count).sorted { (lengths[$0], $0) < (lengths[$1], $1) }
            var codes = [UInt32](repeating: 0, count: lengths.count)
            var first = [Int](repeating: 0, count: HPACKHuffman.maxCodeLength + 2)
            var counts = [Int](repeating: 0, count: HPACKHuffman.maxCodeLength + 2)
            var starts = [Int](repeating: 0, count: HPACKHuffman.maxCodeLength + 2)
            var code = 0
            var previous = Int(lengths[ordered[0]])
            for (position, symbol) in ordered.enumerated() {
                let length = Int(lengths[symbol])
                if position > 0 { code = (code + 1) << (length - previous) }
                if counts[length] == 0 {
                    first[length] = code
                    starts[length] = position
                }
                counts[length] += 1
                codes[symbol] = UInt32(code)
                previous = length
            }
            self.codes = codes
            self.firstCode = first
            self.countOfLength = counts
            self.firstSymbolIndex = starts
            self.orderedSymbols = ordered
        }
    }

    /// Decodes a Huffman string. Output is at most 8/5 of the input (the shortest code has 5
    /// bits), so memory stays bounded by what the peer sent.
    static func decode<C: Collection>(_ input: C) throws(HPACKError) -> [UInt8] where C.Element == UInt8 {
        let t = tables
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 8 / 5 + 1)
        var code = 0
        var length = 0
        for byte in input {
            for shift in stride(from: 7, through: 0, by: -1) {
                code = code << 1 | Int((byte >> UInt8(shift)) & 1)
                length += 1
                let offset = code - t.firstCode[length]
                if offset >= 0, offset < t.countOfLength[length] {
                    let symbol = t.orderedSymbols[t.firstSymbolIndex[length] + offset]
                    // RFC 7541 §5.2: a string that contains the EOS symbol is a decoding error.
                    guard symbol != eos else { throw .invalidHuffman }
                    out.append(UInt8(symbol))
                    code = 0
                    length = 0
                } else if length >= maxCodeLength {
                    throw .invalidHuffman
                }
            }
        }
        // RFC 7541 §5.2: padding is at most 7 bits and must be the most significant bits of EOS (all ones).
        guard length <= 7, code == (1 << length) - 1 else { throw .invalidHuffman }
        return out
    }

    /// Encodes bytes, padding the last octet with the EOS prefix (ones).
    static func encode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let t = tables
        var out: [UInt8] = []
        out.reserveCapacity(encodedLength(input))
        var accumulator: UInt64 = 0
        var bits = 0
        for byte in input {
            let length = Int(codeLengths[Int(byte)])
            accumulator = accumulator << UInt64(length) | UInt64(t.codes[Int(byte)])
            bits += length
            while bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt64(bits)) & 0xFF))
            }
            accumulator &= (1 << UInt64(bits)) - 1
        }
        if bits > 0 {
            let pad = 8 - bits
            out.append(UInt8(((accumulator << UInt64(pad)) | ((1 << UInt64(pad)) - 1)) & 0xFF))
        }
        return out
    }

    /// Octets `encode` would produce.
    static func encodedLength<C: Collection>(_ input: C) -> Int where C.Element == UInt8 {
        let bits = input.reduce(0) { $0 + Int(codeLengths[Int($1)]) }
        return (bits + 7) / 8
    }
}
