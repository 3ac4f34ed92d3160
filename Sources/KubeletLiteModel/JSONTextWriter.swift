// kubelet-lite — JSONTextWriter.swift
// Indented JSON written member by member straight to bytes, laid out as JSONValue.serialized lays it out.

/// Writes a JSON document without building its tree first, for text written often enough that the
/// tree costs more than the writing (pod.json, rewritten on status changes; architecture §6.3).
/// The layout is `JSONValue.serialized(indent:)`'s, byte for byte: an empty object is `{}`, an
/// empty array `[]`, each member on its own line, `"key": value`.
public struct JSONTextWriter {
    public private(set) var bytes: [UInt8] = []
    private let indent: Int
    /// The nesting level of the value written next.
    private var level: Int
    /// Whether the innermost open object or array has no member yet.
    private var empty = false

    /// A writer whose first value sits at nesting `level` of a document indented by `indent`.
    public init(indent: Int, level: Int = 0, capacity: Int = 1024) {
        self.indent = indent
        self.level = level
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the open object; the value written next is its value.
    public mutating func key(_ name: String) {
        member()
        JSONValue.writeString(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if indent > 0 { bytes.append(UInt8(ascii: " ")) }
    }

    /// Starts an element of the open array.
    public mutating func element() { member() }

    public mutating func string(_ value: String) { JSONValue.writeString(value, into: &bytes) }
    public mutating func number(_ value: Int64) { IntegerText.append(value, to: &bytes) }
    public mutating func number(_ value: Int) { number(Int64(value)) }
    public mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    /// Bytes that already are JSON text, laid out for this level (a cached part of the document).
    public mutating func raw(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    public mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    public mutating func field(_ name: String, _ value: Int64) {
        key(name)
        number(value)
    }

    public mutating func field(_ name: String, _ value: Int) { field(name, Int64(value)) }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        level += 1
        empty = true
    }

    private mutating func close(_ bracket: UInt8) {
        level -= 1
        if !empty { newline() }
        bytes.append(bracket)
        empty = false
    }

    private mutating func member() {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        newline()
    }

    private mutating func newline() {
        guard indent > 0 else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }
}
