// kubelet-lite — HealthProtobufTests.swift
// The two grpc.health.v1 messages in the protobuf wire format: encoding the request, decoding
// the response with unknown fields of every wire type, malformed input, and a fuzz run.

@testable import KubeletLiteNet
import Testing

struct HealthProtobufTests {
    @Test func requestEncoding() {
        #expect(HealthProtobuf.encodeRequest(service: "") == [])
        #expect(HealthProtobuf.encodeRequest(service: "foo") == hex("0a 03 66 6f 6f"))
        let long = String(repeating: "s", count: 200)
        #expect(HealthProtobuf.encodeRequest(service: long).prefix(3) == [0x0A, 0xC8, 0x01])
    }

    @Test func responseDecoding() throws {
        #expect(try HealthProtobuf.decodeResponse([]) == .unknown)
        #expect(try HealthProtobuf.decodeResponse(hex("08 01")) == .serving)
        #expect(try HealthProtobuf.decodeResponse(hex("08 02")) == .notServing)
        #expect(try HealthProtobuf.decodeResponse(hex("08 03")).description == "SERVICE_UNKNOWN")
        #expect(try HealthProtobuf.decodeResponse(hex("08 07")).description == "7")
        // The last occurrence wins; a negative enum is sign-extended to ten bytes.
        #expect(try HealthProtobuf.decodeResponse(hex("08 01 08 02")) == .notServing)
        #expect(try HealthProtobuf.decodeResponse(hex("08 ff ff ff ff ff ff ff ff ff 01")).description == "-1")
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        let unknown = "10 05" + "19 0102030405060708" + "22 02 aabb" + "2d 01020304"
            + "33 08 09 3b 10 01 3c 34"     // group 6 holding a varint and a nested group 7
            + "0a 01 05"                    // field 1 with the wrong wire type: unknown, skipped
        #expect(try HealthProtobuf.decodeResponse(hex(unknown + "08 01")) == .serving)
        #expect(try HealthProtobuf.decodeResponse(hex("08 02" + unknown)) == .notServing)
    }

    @Test func malformedResponses() {
        let cases: [(String, ProtobufError)] = [
            ("08", .truncated), ("08 ff ff ff ff ff ff ff ff ff 02", .varintOverflow), ("00 01", .invalidFieldNumber),
            ("0e 00", .invalidWireType(6)), ("0f 00", .invalidWireType(7)), ("0c", .unmatchedEndGroup),
            ("12 05 01", .truncated), ("19 01 02", .truncated), ("33 08 01", .truncated),
            (String(repeating: "0b ", count: 100), .groupsTooDeep),
        ]
        for (bytes, error) in cases {
            #expect(throws: error, "\(bytes)") { try HealthProtobuf.decodeResponse(hex(bytes)) }
        }
        #expect(ProtobufError.truncated.description == "proto: cannot parse invalid wire-format data")
    }

    @Test func decoderSurvivesRandomInput() {
        var random = SeededRandom(seed: 0x5052)
        var parsed = 0
        for round in 0..<5000 {
            let input = round % 2 == 0 ? random.bytes(Int.random(in: 0...24, using: &random)) : random.mutate(hex("08 01 22 02 aa bb"))
            if (try? HealthProtobuf.decodeResponse(input)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }
}
