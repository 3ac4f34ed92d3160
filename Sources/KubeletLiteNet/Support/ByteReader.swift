// kubelet-lite — Support/ByteReader.swift
// A bounds-checked cursor over received bytes: every decoder reads peer input through it, so a
// short or lying message ends in a clean `nil`, never an out-of-range trap.

/// Reads big-endian integers and byte runs from an array, failing with `nil` past the end.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var position: Int
    /// One past the last readable byte.
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.end = min(end ?? bytes.count, bytes.count)
        self.position = min(max(start, 0), self.end)
    }

    var remaining: Int { end - position }
    var isAtEnd: Bool { position >= end }

    func peekByte() -> UInt8? { position < end ? bytes[position] : nil }

    mutating func readByte() -> UInt8? {
        guard position < end else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readUInt16() -> UInt16? {
        guard remaining >= 2 else { return nil }
        defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }

    mutating func readUInt24() -> UInt32? {
        guard remaining >= 3 else { return nil }
        defer { position += 3 }
        return UInt32(bytes[position]) << 16 | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2])
    }

    mutating func readUInt32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { position += 4 }
        return UInt32(bytes[position]) << 24 | UInt32(bytes[position + 1]) << 16
            | UInt32(bytes[position + 2]) << 8 | UInt32(bytes[position + 3])
    }

    /// The next `count` bytes, or nil (and nothing consumed) if fewer remain.
    mutating func readBytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, remaining >= count else { return nil }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func skip(_ count: Int) -> Bool { readBytes(count) != nil }

    /// Everything not yet read.
    mutating func readRest() -> ArraySlice<UInt8> {
        defer { position = end }
        return bytes[position..<end]
    }
}

/// Big-endian appends for the encoders.
extension Array where Element == UInt8 {
    mutating func appendUInt16(_ v: UInt16) {
        append(UInt8(v >> 8))
        append(UInt8(v & 0xFF))
    }

    mutating func appendUInt24(_ v: UInt32) {
        append(UInt8((v >> 16) & 0xFF))
        append(UInt8((v >> 8) & 0xFF))
        append(UInt8(v & 0xFF))
    }

    mutating func appendUInt32(_ v: UInt32) {
        append(UInt8(v >> 24))
        append(UInt8((v >> 16) & 0xFF))
        append(UInt8((v >> 8) & 0xFF))
        append(UInt8(v & 0xFF))
    }
}
