// kubelet-lite — YAMLOutput.swift
// `-o yaml`: a JSON value written as kubectl writes it (sigs.k8s.io/yaml, that is go-yaml v2).

import KubeletLiteModel

/// Writes a document the way `kubectl get -o yaml` does: keys sorted as go-yaml sorts map keys,
/// two-space indentation, sequences in mappings not indented, strings quoted only when they would
/// read back as something else (`"true"`, `"1"`, a timestamp), multi-line strings as literal blocks.
/// Unlike go-yaml it never folds a long line, which reads back the same.
public enum YAMLOutput {
    public static func document(_ value: JSONValue) -> String {
        var out = ""
        switch value {
        case .object(let o) where !o.isEmpty: mapping(o, indent: 0, into: &out)
        case .array(let a) where !a.isEmpty: sequence(a, indent: 0, into: &out)
        default: out = scalar(value, indent: 0) + "\n"
        }
        return out
    }

    /// `key: value` lines at `indent`; nested mappings two columns in, sequences at the same column.
    static func mapping(_ o: JSONObject, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for key in o.keys.sorted(by: YAMLKeyOrder.less) {
            let value = o[key] ?? .null
            out += pad + YAMLScalar.string(key, indent: indent) + ":"
            switch value {
            case .object(let child) where !child.isEmpty:
                out += "\n"
                mapping(child, indent: indent + 2, into: &out)
            case .array(let items) where !items.isEmpty:
                out += "\n"
                sequence(items, indent: indent, into: &out)
            default:
                out += " " + scalar(value, indent: indent) + "\n"
            }
        }
    }

    /// `- item` lines at `indent`; an item that is a mapping or sequence starts on the dash's line.
    static func sequence(_ items: [JSONValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            out += pad + "- "
            var nested = ""
            switch item {
            case .object(let child) where !child.isEmpty: mapping(child, indent: indent + 2, into: &nested)
            case .array(let inner) where !inner.isEmpty: sequence(inner, indent: indent + 2, into: &nested)
            default:
                out += scalar(item, indent: indent) + "\n"
                continue
            }
            out += nested.dropFirst(indent + 2)  // the first line continues after the dash
        }
    }

    /// A scalar, or an empty collection, as it follows `key: ` or `- `; `indent` is the column of
    /// its key, for the lines of a literal block.
    static func scalar(_ value: JSONValue, indent: Int) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n
        case .string(let s): YAMLScalar.string(s, indent: indent)
        case .array: "[]"
        case .object: "{}"
        }
    }
}

/// go-yaml v2's order of map keys (`keyList.Less`): letters by code point, anything else before a
/// letter, runs of digits by their numeric value, a prefix before what extends it.
enum YAMLKeyOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars), br = Array(b.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] {
                i += 1
                continue
            }
            let al = ar[i].properties.isAlphabetic, bl = br[i].properties.isAlphabetic
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            let an = digits(ar, from: i), bn = digits(br, from: i)
            if an.value != bn.value { return an.value < bn.value }
            if an.length != bn.length { return an.length < bn.length }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    private static func digits(_ s: [Unicode.Scalar], from i: Int) -> (value: UInt64, length: Int) {
        var value: UInt64 = 0
        var j = i
        while j < s.count, let d = s[j].properties.numericType == .decimal ? UInt64(String(s[j])) : nil {
            value = value &* 10 &+ d
            j += 1
        }
        return (value, j - i)
    }
}
