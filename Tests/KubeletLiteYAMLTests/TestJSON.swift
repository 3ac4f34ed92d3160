// kubelet-lite — TestJSON.swift (YAML tests)
// A small JSON reader for the test suite's in.json files: several JSON texts one after another.

import KubeletLiteYAML

/// Reads JSON texts into `YAMLData`, the form the YAML reader produces.
struct TestJSON {
    private let bytes: [UInt8]
    private var index = 0

    /// Every JSON text of `text`, in order; nil when it is not JSON.
    static func values(_ text: [UInt8]) -> [YAMLData]? {
        var reader = TestJSON(bytes: text)
        var out: [YAMLData] = []
        while true {
            reader.skipSpace()
            if reader.index >= text.count { return out }
            guard let value = reader.value() else { return nil }
            out.append(value)
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8 { index < bytes.count ? bytes[index] : 0 }

    private mutating func skipSpace() {
        while index < bytes.count && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func literal(_ word: String, _ value: YAMLData) -> YAMLData? {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else { return nil }
        index += w.count
        return value
    }

    private mutating func value() -> YAMLData? {
        skipSpace()
        switch current {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func object() -> YAMLData? {
        index += 1
        var members: [YAMLData.Member] = []
        skipSpace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard current == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let value = value() else { return nil }
            members.append(YAMLData.Member(key: key, value: value))
            skipSpace()
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            } else {
                return nil
            }
        }
    }

    private mutating func array() -> YAMLData? {
        index += 1
        var items: [YAMLData] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            guard let item = value() else { return nil }
            items.append(item)
            skipSpace()
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            } else {
                return nil
            }
        }
    }

    private mutating func number() -> YAMLData? {
        let start = index
        while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            return nil
        }
        index += 4
        return v
    }

    private mutating func string() -> String? {
        guard current == UInt8(ascii: "\"") else { return nil }
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let c = bytes[index]
            index += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                continue
            }
            let e = current
            index += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return nil }
                if (0xD800...0xDBFF).contains(scalar), current == UInt8(ascii: "\\") {
                    index += 2
                    guard let low = hex4() else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let s = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(s)).utf8))
            default: out.append(e)
            }
        }
        return nil
    }
}

/// Data compared as JSON values: objects as unordered sets of members, numbers by value.
enum DataComparison {
    static func equal(_ a: YAMLData, _ b: YAMLData) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y || (Double(x) != nil && Double(x) == Double(y))
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for member in x {
                guard let other = y.first(where: { $0.key == member.key }), equal(member.value, other.value) else { return false }
            }
            return true
        default: return false
        }
    }
}

/// Compact JSON text of data, for readable expectations: `{"a":[1,"b"]}`.
enum Render {
    static func json(_ data: YAMLData) -> String {
        switch data {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return quoted(s)
        case .array(let items): return "[" + items.map(json).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Shorthands the unit tests share.
enum YAML {
    /// Every document's data as compact JSON, one per line.
    static func json(_ text: String, _ options: YAMLOptions = .kubernetes) throws -> String {
        try YAMLReader.read(text, options: options).map { Render.json($0.data) }.joined(separator: "\n")
    }

    /// The refusal of `text`, or nil when it is accepted.
    static func error(_ text: String, _ options: YAMLOptions = .kubernetes) -> YAMLError? {
        do {
            _ = try YAMLReader.read(text, options: options)
            return nil
        } catch {
            return error
        }
    }
}
