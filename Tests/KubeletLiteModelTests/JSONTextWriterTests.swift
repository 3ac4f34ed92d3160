// kubelet-lite — JSONTextWriterTests.swift
// The streaming writer lays JSON out exactly as the tree's serializer does.

import KubeletLiteModel
import Testing

@Suite struct JSONTextWriterTests {
    /// `{"a": {}, "b": [], "c": [{"d": 1, "e": [true, "x\n"]}, {}], "f": false}` written both ways.
    static let tree = JSONValue.object(JSONObject([
        ("a", .object(JSONObject())), ("b", .array([])),
        ("c", .array([.object(JSONObject([("d", .int(1)), ("e", .array([.bool(true), .string("x\n")]))])), .object(JSONObject())])),
        ("f", .bool(false)),
    ]))

    static func streamed(indent: Int, level: Int = 0) -> [UInt8] {
        var w = JSONTextWriter(indent: indent, level: level)
        w.beginObject()
        w.key("a"); w.beginObject(); w.endObject()
        w.key("b"); w.beginArray(); w.endArray()
        w.key("c"); w.beginArray()
        w.element(); w.beginObject(); w.field("d", 1)
        w.key("e"); w.beginArray(); w.element(); w.bool(true); w.element(); w.string("x\n"); w.endArray()
        w.endObject()
        w.element(); w.beginObject(); w.endObject()
        w.endArray()
        w.field("f", false)
        w.endObject()
        return w.bytes
    }

    @Test(arguments: [0, 2, 4]) func layoutMatchesTheTreeSerializer(indent: Int) {
        #expect(String(decoding: Self.streamed(indent: indent), as: UTF8.self) == Self.tree.serialized(indent: indent))
    }

    @Test func aValueNestedAtALevelIsLaidOutAsInsideItsParent() {
        // The tree with the object as the value of a top-level key: the streamed text at level 1 is that value.
        let parent = JSONValue.object(JSONObject([("k", Self.tree)])).serialized(indent: 2)
        let nested = String(decoding: Self.streamed(indent: 2, level: 1), as: UTF8.self)
        #expect(parent == "{\n  \"k\": " + nested + "\n}")
    }
}
