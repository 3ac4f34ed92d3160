// kubelet-lite — HPACKTests.swift
// HPACK against RFC 7541: the integer examples of C.1, every header block of C.2 to C.6 with
// the dynamic table after each, the Huffman code of Appendix B, malformed input, and a fuzz run.

@testable import KubeletLiteNet
import Testing

/// RFC 7541 Appendix C.3/C.4 request lists and C.5/C.6 response lists, with the expected dynamic
/// table (newest first, with each entry's size) after each block.
private enum AppendixC {
    typealias Table = [(String, String, Int)]
    static let request1 = [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")]
    static let request2 = request1 + [("cache-control", "no-cache")]
    static let request3 = [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"),
                           (":authority", "www.example.com"), ("custom-key", "custom-value")]
    static let requestTables: [Table] = [
        [(":authority", "www.example.com", 57)],
        [("cache-control", "no-cache", 53), (":authority", "www.example.com", 57)],
        [("custom-key", "custom-value", 54), ("cache-control", "no-cache", 53), (":authority", "www.example.com", 57)],
    ]
    static let date1 = "Mon, 21 Oct 2013 20:13:21 GMT"
    static let date2 = "Mon, 21 Oct 2013 20:13:22 GMT"
    static let cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"
    static let response1 = [(":status", "302"), ("cache-control", "private"), ("date", date1),
                            ("location", "https://www.example.com")]
    static let response2 = [(":status", "307")] + response1.dropFirst()
    static let response3 = [(":status", "200"), ("cache-control", "private"), ("date", date2),
                            ("location", "https://www.example.com"), ("content-encoding", "gzip"), ("set-cookie", cookie)]
    static let responseTables: [Table] = [
        [("location", "https://www.example.com", 63), ("date", date1, 65), ("cache-control", "private", 52), (":status", "302", 42)],
        [(":status", "307", 42), ("location", "https://www.example.com", 63), ("date", date1, 65), ("cache-control", "private", 52)],
        [("set-cookie", cookie, 98), ("content-encoding", "gzip", 52), ("date", date2, 65)],
    ]

    /// (section, table size, Huffman, the three blocks, the three lists, the three tables)
    static let chains: [(String, Int, Bool, [String], [[(String, String)]], [Table])] = [
        ("C.3", 4096, false, [
            "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "8286 84be 5808 6e6f 2d63 6163 6865",
            "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
        ], [request1, request2, request3], requestTables),
        ("C.4", 4096, true, [
            "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
            "8286 84be 5886 a8eb 1064 9cbf",
            "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
        ], [request1, request2, request3], requestTables),
        ("C.5", 256, false, [
            "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32"
                + "3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "4803 3330 37c1 c0bf",
            "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970"
                + "7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61"
                + "6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31",
        ], [response1, response2, response3], responseTables),
        ("C.6", 256, true, [
            "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad"
                + "1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
            "4883 640e ffc1 c0bf",
            "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2"
                + "e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
        ], [response1, response2, response3], responseTables),
    ]
}

private func pairs(_ fields: [HeaderField]) -> [String] { fields.map { "\($0.name): \($0.value)" } }
private func pairs(_ list: [(String, String)]) -> [String] { list.map { "\($0.0): \($0.1)" } }
private func table(_ d: HPACKDecoder) -> [String] { d.dynamicTableEntries.map { "\($0.name): \($0.value) \($0.hpackSize)" } }
private func table(_ t: AppendixC.Table) -> [String] { t.map { "\($0.0): \($0.1) \($0.2)" } }

struct HPACKTests {
    // MARK: C.1 integers

    @Test func integerExamplesOfC1() throws {
        var out: [UInt8] = []
        HPACKPrimitive.appendInteger(10, prefixBits: 5, flags: 0, to: &out)
        #expect(out == [0x0A])
        out = []
        HPACKPrimitive.appendInteger(1337, prefixBits: 5, flags: 0, to: &out)
        #expect(out == [0x1F, 0x9A, 0x0A])
        out = []
        HPACKPrimitive.appendInteger(42, prefixBits: 8, flags: 0, to: &out)
        #expect(out == [0x2A])
        var reader = ByteReader([0x1F, 0x9A, 0x0A])
        #expect(try HPACKPrimitive.readInteger(&reader, prefixBits: 5) == 1337)
        #expect(reader.isAtEnd)
    }

    @Test func integersThatAreErrors() {
        var truncated = ByteReader([0x1F])
        #expect(throws: HPACKError.truncated) { try HPACKPrimitive.readInteger(&truncated, prefixBits: 5) }
        var huge = ByteReader(hex("7f ff ff ff ff 0f"))
        #expect(throws: HPACKError.integerOverflow) { try HPACKPrimitive.readInteger(&huge, prefixBits: 7) }
        var padded = ByteReader(hex("7f 80 80 80 80 80 80 00"))
        #expect(throws: HPACKError.integerOverflow) { try HPACKPrimitive.readInteger(&padded, prefixBits: 7) }
    }

    // MARK: Appendix B Huffman code

    @Test func derivedHuffmanCodesMatchAppendixB() {
        let t = HPACKHuffman.tables
        let rows: [(Int, UInt32, UInt8)] = [
            (0, 0x1FF8, 13), (1, 0x7F_FFD8, 23), (10, 0x3FFF_FFFC, 30), (32, 0x14, 6), (47, 0x18, 6),
            (48, 0x0, 5), (97, 0x3, 5), (122, 0x7B, 7), (127, 0xFFF_FFFC, 28), (200, 0x3FF_FFE2, 26),
            (255, 0x3FF_FFEE, 26), (256, 0x3FFF_FFFF, 30),
        ]
        for (symbol, code, length) in rows {
            #expect(t.codes[symbol] == code, "symbol \(symbol)")
            #expect(HPACKHuffman.codeLengths[symbol] == length, "symbol \(symbol)")
        }
        // A complete prefix code: the Kraft sum is exactly one.
        let kraft = HPACKHuffman.codeLengths.reduce(UInt64(0)) { $0 + (UInt64(1) << UInt64(30 - Int($1))) }
        #expect(kraft == UInt64(1) << 30)
    }

    @Test func huffmanStringsAndPaddingRules() throws {
        #expect(try HPACKHuffman.decode(hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff")) == Array("www.example.com".utf8))
        #expect(try HPACKHuffman.decode(hex("640e ff")) == Array("307".utf8))
        #expect(try HPACKHuffman.decode(hex("07")) == Array("0".utf8))
        #expect(try HPACKHuffman.decode([UInt8]()) == [])
        // Padding of zeros; padding of 8 bits; the EOS symbol itself.
        for broken in ["00", "ff", "07 ff", "ff ff ff ff"] {
            #expect(throws: HPACKError.invalidHuffman, "\(broken)") { try HPACKHuffman.decode(hex(broken)) }
        }
        var random = SeededRandom(seed: 7)
        for _ in 0..<300 {
            let text = random.bytes(Int.random(in: 0...40, using: &random))
            #expect(try HPACKHuffman.decode(HPACKHuffman.encode(text)) == text)
        }
    }

    // MARK: C.2 single representations

    @Test func fourRepresentationsOfC2() throws {
        let cases: [(String, (String, String), Bool, [String])] = [
            ("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572", ("custom-key", "custom-header"), false,
             ["custom-key: custom-header 55"]),
            ("040c 2f73 616d 706c 652f 7061 7468", (":path", "/sample/path"), false, []),
            ("1008 7061 7373 776f 7264 0673 6563 7265 74", ("password", "secret"), true, []),
            ("82", (":method", "GET"), false, []),
        ]
        for (block, field, sensitive, expectedTable) in cases {
            var decoder = HPACKDecoder()
            let fields = try decoder.decode(hex(block))
            #expect(pairs(fields) == pairs([field]))
            #expect(fields.first?.sensitive == sensitive)
            #expect(table(decoder) == expectedTable)
        }
    }

    // MARK: C.3 to C.6 chains

    @Test(arguments: AppendixC.chains.map(\.0))
    func decodesEachChainOnOneTable(section: String) throws {
        let (_, size, _, blocks, lists, tables) = AppendixC.chains.first { $0.0 == section }!
        var decoder = HPACKDecoder(tableSizeLimit: size)
        for (i, block) in blocks.enumerated() {
            let fields = try decoder.decode(hex(block))
            #expect(pairs(fields) == pairs(lists[i]), "\(section).\(i + 1)")
            #expect(table(decoder) == table(tables[i]), "\(section).\(i + 1)")
            #expect(decoder.dynamicTableSize == tables[i].reduce(0) { $0 + $1.2 })
        }
    }

    @Test(arguments: AppendixC.chains.map(\.0))
    func encoderReproducesEachChainByteForByte(section: String) {
        let (_, size, huffman, blocks, lists, _) = AppendixC.chains.first { $0.0 == section }!
        var encoder = HPACKEncoder(indexing: .incrementalIndexing, huffman: huffman, tableSize: size)
        for (i, list) in lists.enumerated() {
            let block = encoder.encode(list.map { HeaderField($0.0, $0.1) })
            #expect(block == hex(blocks[i]), "\(section).\(i + 1)")
        }
    }

    @Test func requestEncodingWithoutIndexingLeavesNoState() throws {
        var encoder = HPACKEncoder()
        var decoder = HPACKDecoder()
        let fields = [HeaderField(":method", "POST"), HeaderField(":path", "/grpc.health.v1.Health/Check"),
                      HeaderField("user-agent", "kube-probe/1.35"), HeaderField("x-custom", "v"),
                      HeaderField("authorization", "secret", sensitive: true)]
        for _ in 0..<2 {
            let decoded = try decoder.decode(encoder.encode(fields))
            #expect(decoded == fields)
        }
        #expect(encoder.dynamicTableSize == 0 && decoder.dynamicTableSize == 0)
    }

    // MARK: table size updates and errors

    @Test func tableSizeUpdateAtTheStartIsApplied() throws {
        var decoder = HPACKDecoder()
        _ = try decoder.decode(hex(AppendixC.chains[0].3[0]))
        let fields = try decoder.decode(hex("20 82"))
        #expect(pairs(fields) == [":method: GET"])
        #expect(decoder.dynamicTableEntries.isEmpty && decoder.dynamicTableSize == 0)
    }

    @Test func malformedBlocksAreErrors() {
        let cases: [(String, HPACKError)] = [
            ("80", .invalidIndex(0)), ("be", .invalidIndex(62)),
            ("3fe21f", .tableSizeAboveLimit(requested: 4097, limit: 4096)),
            ("400a6375", .truncated), ("41", .truncated), ("82 20", .misplacedTableSizeUpdate),
            ("0081ff 00", .invalidHuffman),
        ]
        for (block, error) in cases {
            var decoder = HPACKDecoder()
            #expect(throws: error, "\(block)") { try decoder.decode(hex(block)) }
        }
    }

    @Test func anHPACKBombStopsAtTheHeaderListLimit() throws {
        // One 4000-byte entry, then 300 one-byte references to it: 1.2 MB from 4 kB of input.
        var block: [UInt8] = [0x40]
        HPACKPrimitive.appendString(Array("x".utf8), huffman: false, to: &block)
        HPACKPrimitive.appendString([UInt8](repeating: 0x61, count: 4000), huffman: false, to: &block)
        block += [UInt8](repeating: 0xBE, count: 300)
        var decoder = HPACKDecoder(maxHeaderListSize: 64 * 1024)
        #expect(throws: HPACKError.headerListTooLarge(limit: 64 * 1024)) { try decoder.decode(block) }
    }

    @Test func anEntryLargerThanTheTableEmptiesIt() throws {
        var decoder = HPACKDecoder(tableSizeLimit: 256)
        _ = try decoder.decode(hex(AppendixC.chains[2].3[0]))
        var block: [UInt8] = [0x40]
        HPACKPrimitive.appendString(Array("big".utf8), huffman: false, to: &block)
        HPACKPrimitive.appendString([UInt8](repeating: 0x62, count: 300), huffman: false, to: &block)
        let fields = try decoder.decode(block)
        #expect(fields.count == 1 && decoder.dynamicTableEntries.isEmpty && decoder.dynamicTableSize == 0)
    }

    // MARK: fuzz

    @Test func decoderSurvivesRandomAndMutatedBlocks() {
        var random = SeededRandom(seed: 0x4850_4143)
        let seeds = AppendixC.chains.flatMap { $0.3.map(hex) }
        var decoded = 0
        for round in 0..<4000 {
            let input = round % 2 == 0 ? random.bytes(Int.random(in: 0...64, using: &random))
                : random.mutate(seeds[round % seeds.count])
            var decoder = HPACKDecoder(tableSizeLimit: 256, maxHeaderListSize: 8 * 1024)
            if let fields = try? decoder.decode(input) {
                decoded += 1
                #expect(fields.reduce(0) { $0 + $1.hpackSize } <= 8 * 1024)
            }
            #expect(decoder.dynamicTableSize <= 256)
        }
        #expect(decoded > 0)
    }
}
