// kubelet-lite — YAMLErrorTests.swift
// Refusals: where they point, what they say, the limits, and mutated inputs that must never crash.

import KubeletLiteYAML
import Testing

/// Errors name the line and column and what was expected; limits stop hostile input.
@Suite("YAML errors and limits")
struct YAMLErrorTests {
    /// (input, line, column, the start of the reason)
    static let errors: [(String, Int, Int, String)] = [
        ("a:\n  b: 1\n - c", 3, 2, "wrong indentation: expected a mapping key at column 1"),
        ("key: - a", 1, 6, "a sequence entry ('- ') cannot start here"),
        ("a: b: c", 1, 5, "a mapping value (': ') is not allowed here"),
        ("a: [1, 2\nb: 3", 2, 1, "this line of a flow collection must be indented"),
        ("a: \"abc", 1, 4, "this quoted scalar is never closed"),
        ("a: [1, 2", 1, 4, "this flow sequence is never closed"),
        ("- a\nb: c", 2, 1, "expected a sequence entry ('- ') at column 1"),
        ("a:\n\tb: 1", 2, 2, "a tab cannot be used for indentation"),
        ("a: *x", 1, 4, "the alias '*x' names no anchor"),
        ("a: 1\nb", 2, 1, "expected ':' on this line"),
        ("a: @x", 1, 4, "'@' is reserved"),
        ("a: \"\\q\"", 1, 5, "invalid escape '\\q'"),
        ("a: |0\n x", 1, 5, "a block scalar's indentation indicator"),
        ("a: |\n    \n  x", 2, 5, "an empty line at the start of a block scalar has more spaces"),
        ("a: 'x'#c", 1, 7, "a comment needs a space before '#'"),
        ("a: 1\n... x", 2, 5, "unexpected 'x' after '...'"),
        ("%YAML 1.2\na: 1", 2, 1, "expected '---' after the directives"),
        ("a: 1\n%YAML 1.2\n---", 2, 1, "a directive must come after '...'"),
        ("--- a: 1", 1, 6, "a mapping value (': ') is not allowed here"),
        ("a: !e!x 1", 1, 4, "the tag handle '!e!' is not declared"),
        ("[a, , b]", 1, 5, "expected a value, found ','"),
        ("{a: 1 b: 2}", 1, 8, "expected ',' or '}'"),
        ("a: {b: 1}}", 1, 10, "found '}' with no open flow collection"),
        ("a: \u{7}", 1, 4, "control character U+0007"),
    ]

    @Test("a refusal names the line, the column and what was expected", arguments: YAMLErrorTests.errors)
    func refusal(_ row: (String, Int, Int, String)) throws {
        let error = try #require(YAML.error(row.0), "accepted: \(row.0)")
        #expect(error.line == row.1 && error.column == row.2 && error.reason.hasPrefix(row.3), "\(error)")
    }

    @Test("invalid UTF-8 and UTF-16 are refused")
    func encodings() throws {
        #expect(throws: YAMLError.self) { try YAMLReader.read([0x61, 0x3A, 0x20, 0xC3, 0x28]) }
        #expect(throws: YAMLError.self) { try YAMLReader.read([0xFF, 0xFE, 0x61, 0x00]) }
    }

    @Test("nesting deeper than the limit is refused, in flow and block style")
    func depth() throws {
        let flow = String(repeating: "[", count: 100_000)
        #expect(YAML.error(flow)?.kind == .limit)
        var block = ""
        for level in 0..<600 { block += String(repeating: " ", count: level) + "a:\n" }
        #expect(YAML.error(block)?.kind == .limit)
        #expect(try YAML.json(String(repeating: "[", count: 500) + String(repeating: "]", count: 500)).hasPrefix("[[["))
    }

    @Test("aliases cannot nest deeper than the limit either")
    func depthThroughAliases() throws {
        var text = "a0: &a0 " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
        for i in 1...4 {
            text += "a\(i): &a\(i) " + String(repeating: "[", count: 300) + "*a\(i - 1)" + String(repeating: "]", count: 300) + "\n"
        }
        #expect(YAML.error(text)?.kind == .limit)
    }

    @Test("a billion-laughs document is refused by the alias budget")
    func billionLaughs() throws {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = "bcdefghij".map(String.init)
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        let error = try #require(YAML.error(text))
        #expect(error.kind == .limit && error.reason.hasPrefix("alias expansion exceeds"))
        #expect(error.reason.hasSuffix("(a billion-laughs document?)"))
    }

    @Test("moderate alias use stays within the budget")
    func aliasesWithinBudget() throws {
        var text = "base: &b {" + (0..<100).map { "k\($0): v" }.joined(separator: ", ") + "}\n"
        for i in 0..<50 { text += "copy\(i): *b\n" }
        #expect(YAML.error(text) == nil)
    }

    @Test("a document larger than the size limit is refused")
    func size() throws {
        let options = YAMLOptions(maxBytes: 10)
        #expect(throws: YAMLError.self) { try YAMLReader.read(Array("a: 12345678901".utf8), options: options) }
    }
}
