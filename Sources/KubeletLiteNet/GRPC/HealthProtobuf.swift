// kubelet-lite — GRPC/HealthProtobuf.swift
// The two messages of grpc.health.v1 (health.proto), hand-coded in the protobuf wire format:
// HealthCheckRequest { string service = 1; } and HealthCheckResponse { ServingStatus status = 1; }.

/// Why a HealthCheckResponse could not be parsed. Go's protobuf reports every one of them as
/// the same text, which gRPC-Go wraps (see `description`).
public enum ProtobufError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated
    case varintOverflow
    case invalidFieldNumber
    case invalidWireType(Int)
    case unmatchedEndGroup
    case groupsTooDeep

    /// google.golang.org/protobuf's text for malformed wire data.
    public var description: String { "proto: cannot parse invalid wire-format data" }
}

/// `grpc.health.v1.HealthCheckResponse.ServingStatus`: printed by its enum name, or by its
/// number when the name is unknown (Go's `protoimpl` String for an unknown enum value).
public struct ServingStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let unknown = Self(rawValue: 0)
    public static let serving = Self(rawValue: 1)
    public static let notServing = Self(rawValue: 2)
    /// Used only by the Watch method, but a server may send it from Check too.
    public static let serviceUnknown = Self(rawValue: 3)

    public var description: String {
        switch rawValue {
        case 0: "UNKNOWN"
        case 1: "SERVING"
        case 2: "NOT_SERVING"
        case 3: "SERVICE_UNKNOWN"
        default: String(rawValue)
        }
    }
}

/// Encoding and decoding of the health messages (protobuf encoding guide: varints, tags,
/// the four wire types kept by proto3 plus the two of groups).
public enum HealthProtobuf {
    /// Wire types of the protobuf encoding.
    enum WireType {
        static let varint = 0
        static let fixed64 = 1
        static let lengthDelimited = 2
        static let startGroup = 3
        static let endGroup = 4
        static let fixed32 = 5
    }

    /// Field 1 of both messages.
    static let fieldNumber = 1
    /// The deepest group nesting we skip (Go's protobuf stops at 10,000; nothing real nests at all).
    static let maxGroupDepth = 64

    /// HealthCheckRequest; proto3 leaves an empty `service` out entirely.
    public static func encodeRequest(service: String) -> [UInt8] {
        guard !service.isEmpty else { return [] }
        var out: [UInt8] = []
        appendVarint(UInt64(fieldNumber << 3 | WireType.lengthDelimited), to: &out)
        appendVarint(UInt64(service.utf8.count), to: &out)
        out += service.utf8
        return out
    }

    /// HealthCheckResponse's `status` (0, UNKNOWN, when absent; the last occurrence wins).
    /// Unknown fields of every wire type are skipped, as is field 1 with a wire type other than
    /// varint (Go keeps such a field as unknown).
    public static func decodeResponse(_ bytes: [UInt8]) throws(ProtobufError) -> ServingStatus {
        var reader = ByteReader(bytes)
        var status = ServingStatus.unknown
        while !reader.isAtEnd {
            let (field, wire) = try readTag(&reader)
            if field == fieldNumber, wire == WireType.varint {
                // An enum is an int32 on the wire: the low 32 bits, sign included.
                status = ServingStatus(rawValue: Int32(truncatingIfNeeded: try readVarint(&reader)))
            } else {
                try skip(field: field, wire: wire, &reader)
            }
        }
        return status
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// At most 10 bytes, and the tenth may only carry the 64th bit (Go's `protowire`).
    static func readVarint(_ reader: inout ByteReader) throws(ProtobufError) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<10 {
            guard let byte = reader.readByte() else { throw .truncated }
            if i == 9, byte > 1 { throw .varintOverflow }
            value |= UInt64(byte & 0x7F) << UInt64(7 * i)
            if byte & 0x80 == 0 { return value }
        }
        throw .varintOverflow
    }

    private static func readTag(_ reader: inout ByteReader) throws(ProtobufError) -> (Int, Int) {
        let tag = try readVarint(&reader)
        let field = tag >> 3
        guard field >= 1, field <= (1 << 29) - 1 else { throw .invalidFieldNumber }
        return (Int(field), Int(tag & 7))
    }

    /// Skips one field's value; groups iteratively, up to `maxGroupDepth`.
    private static func skip(field: Int, wire: Int, _ reader: inout ByteReader) throws(ProtobufError) {
        var open: [Int] = []
        var (field, wire) = (field, wire)
        while true {
            switch wire {
            case WireType.varint: _ = try readVarint(&reader)
            case WireType.fixed64: guard reader.skip(8) else { throw .truncated }
            case WireType.fixed32: guard reader.skip(4) else { throw .truncated }
            case WireType.lengthDelimited:
                let length = try readVarint(&reader)
                guard length <= UInt64(reader.remaining), reader.skip(Int(length)) else { throw .truncated }
            case WireType.startGroup:
                guard open.count < maxGroupDepth else { throw .groupsTooDeep }
                open.append(field)
            case WireType.endGroup:
                guard open.last == field else { throw .unmatchedEndGroup }
                open.removeLast()
            default:
                throw .invalidWireType(wire)
            }
            if open.isEmpty { return }
            guard !reader.isAtEnd else { throw .truncated }
            (field, wire) = try readTag(&reader)
        }
    }
}
