// kubelet-lite — IntegerTextTests.swift
// Whole numbers written by hand read back as the standard library writes them.

import KubeletLiteModel
import Testing

@Suite struct IntegerTextTests {
    @Test(arguments: [0, 7, -7, 10, -10, 30, 4_294_967_296, Int64.max, Int64.min, Int64.min + 1])
    func decimalTextIsTheStandardLibrarysText(_ value: Int64) {
        #expect(IntegerText.string(value) == value.description)
        var bytes = Array("x".utf8)
        IntegerText.append(value, to: &bytes)
        #expect(bytes == Array(("x" + value.description).utf8), "appending keeps what was there")
    }

    @Test func jsonNumbersUseIt() {
        #expect(JSONValue.int(-42) == .number("-42"))
        var w = JSONTextWriter(indent: 0)
        w.beginObject()
        w.field("exitCode", Int64(137))
        w.field("count", 3)
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"exitCode":137,"count":3}"#)
    }
}
