// kubelet-lite — JSONParserTests.swift
// The JSON parser: values, Unicode, and errors with their exact line and column.

import KubeletLiteModel
import Testing

/// The JSON parser: values, Unicode, errors with line and column.
@Suite("JSON parser")
struct JSONParserTests {
    @Test("scalars and numbers kept as written")
    func scalars() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse(" true ") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
        #expect(try JSONParser.parse("[0, -0, 1.0, 10, -2.5e3, 1E+2]") == .array([
            .number("0"), .number("-0"), .number("1.0"), .number("10"), .number("-2.5e3"), .number("1E+2"),
        ]))
        #expect(try JSONParser.parse("9223372036854775807").int64Value == Int64.max)
    }

    @Test("objects keep key order and round-trip through the writer")
    func objects() throws {
        let text = #"{"z":1,"a":[true,null,{"k":"v"}],"m":{}}"#
        let value = try JSONParser.parse(text)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value.serialized() == text)
        #expect(value.serialized(indent: 2) == "{\n  \"z\": 1,\n  \"a\": [\n    true,\n    null,\n    {\n      \"k\": \"v\"\n    }\n  ],\n  \"m\": {}\n}")
    }

    @Test("the writer escapes what JSON needs and copies the rest, UTF-8 included")
    func writerEscapes() throws {
        let text = "q\"b\\ é中😀 \u{01}\u{1F}\u{7F}\n\r\t\u{08}\u{0C}/end"
        let written = JSONValue.string(text).serialized()
        #expect(written == #""q\"b\\ é中😀 \u0001\u001f\u007f\n\r\t\b\f/end""#)
        #expect(try JSONParser.parse(written) == .string(text))
    }

    @Test("escapes and Unicode", arguments: [
        (#""a\"b\\c\/d""#, "a\"b\\c/d"),
        (#""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
        (#""\u00e9\u4e2d""#, "é中"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\ud83d x""#, "\u{FFFD} x"),
        (#""\ude00""#, "\u{FFFD}"),
        ("\"héllo ✓ 😀\"", "héllo ✓ 😀"),
    ])
    func strings(json: String, expected: String) throws {
        #expect(try JSONParser.parse(json) == .string(expected))
    }

    @Test("a UTF-8 byte order mark is skipped")
    func bom() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == .object(JSONObject()))
    }

    @Test("errors name line and column", arguments: [
        ("", 1, 1, "unexpected end of input, expected a value"),
        (#"{"a": tru}"#, 1, 7, "invalid literal, expected 'true'"),
        ("{\n  \"a\": 1,\n}", 3, 1, "unexpected character '}', expected a string key"),
        ("[1, 2", 1, 6, "unexpected end of input, expected ',' or ']'"),
        (#"{"a":1} x"#, 1, 9, "unexpected text after the JSON value"),
        (#"{"a":"x\qy"}"#, 1, 8, #"invalid escape '\q' in a string"#),
        (#"{"a":1,"a":2}"#, 1, 8, #"duplicate key "a""#),
        (#"{"é": x}"#, 1, 7, "unexpected character 'x', expected a value"),
        ("\"a\tb\"", 1, 3, "control character in a string (escape it)"),
        ("01", 1, 2, "unexpected text after the JSON value"),
        ("[1.]", 1, 4, "unexpected character ']', expected a digit after '.'"),
        ("{\"a\" 1}", 1, 6, "unexpected character '1', expected ':' after object key"),
        ("\n\n  [1,,2]", 3, 6, "unexpected character ',', expected a value"),
        (#""\u12G4""#, 1, 6, #"invalid hex digit in a \u escape"#),
    ])
    func errors(json: String, line: Int, column: Int, reason: String) {
        #expect(throws: JSONSyntaxError(line: line, column: column, reason: reason)) {
            try JSONParser.parse(json)
        }
    }

    @Test("nesting is bounded")
    func depth() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }
}
