// kubelet-lite — YAMLScalar.swift
// How go-yaml v2 writes a string: plain, 'single', "double" quoted, or a literal block.

/// The style go-yaml v2 picks for a string (encode.go `stringv`, emitterc.go `analyze_scalar`).
enum YAMLScalar {
    static func string(_ s: String, indent: Int) -> String {
        if s.contains("\n") {
            if let block = literal(s, indent: indent) { return block }
            return doubleQuoted(s)
        }
        if resolvesToAnotherType(s) || hasSpecialCharacters(s) { return doubleQuoted(s) }
        return plainAllowed(s) ? s : "'" + s.replacingAll("'", with: "''") + "'"
    }

    /// `|-` and the lines indented two columns past the key (`|` keeps one final newline, `|+`
    /// several). Not when a line would lose its meaning: leading blank space, trailing spaces,
    /// characters that need escapes; go-yaml then double-quotes.
    private static func literal(_ s: String, indent: Int) -> String? {
        guard !hasSpecialCharacters(s.replacingAll("\n", with: "")), !s.hasPrefix(" "), !s.hasPrefix("\n"),
              !s.split(separator: "\n", omittingEmptySubsequences: false).contains(where: { $0.hasSuffix(" ") })
        else { return nil }
        var body = Substring(s)
        var trailing = 0
        while body.hasSuffix("\n") {
            body.removeLast()
            trailing += 1
        }
        let chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+"
        let pad = String(repeating: " ", count: indent + 2)
        let lines = (body + String(repeating: "\n", count: max(trailing - 1, 0)))
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }
        return "|" + chomp + "\n" + lines.joined(separator: "\n")
    }

    /// `"..."` with YAML's escapes.
    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where u.value < 0x20 || u.value == 0x7F: out += "\\x" + hex(u.value, 2)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(width - s.count, 0)) + s
    }

    /// Characters go-yaml will not write unescaped: controls (tab included) and DEL.
    private static func hasSpecialCharacters(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }
    }

    /// Whether the emitter may write `s` without quotes in block context.
    static func plainAllowed(_ s: String) -> Bool {
        guard let first = s.first, let last = s.last, first != " ", last != " " else { return false }
        let chars = Array(s)
        func followedBySpace(_ i: Int) -> Bool { i + 1 >= chars.count || chars[i + 1] == " " }
        if "#,[]{}&*!|>'\"%@`".contains(first) { return false }
        if "?:-".contains(first) && followedBySpace(0) { return false }
        for i in chars.indices {
            if chars[i] == ":" && followedBySpace(i) { return false }
            if chars[i] == "#" && i > 0 && chars[i - 1] == " " { return false }
        }
        return true
    }

    /// Whether go-yaml v2 would read the plain scalar back as something other than a string: null,
    /// a YAML 1.1 boolean, a number, a base-60 number, or a timestamp.
    static func resolvesToAnotherType(_ s: String) -> Bool {
        let words: Set<String> = ["", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
                                  "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off",
                                  "Off", "OFF", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
                                  "-.INF", ".nan", ".NaN", ".NAN", "<<"]
        return words.contains(s) || isNumber(s) || isTimestamp(s)
    }

    /// Integers (decimal, `0x`, `0o`-less octal, `0b`, `_` separators) and floats (`1.5`, `.5`, `1e3`),
    /// with an optional sign, and base-60 numbers (`1:20`).
    private static func isNumber(_ s: String) -> Bool {
        var body = Substring(s.replacingAll("_", with: ""))
        if body.first == "+" || body.first == "-" { body.removeFirst() }
        guard let first = body.first else { return false }
        let lower = body.lowercased()
        if lower.hasPrefix("0x") { return lower.count > 2 && lower.dropFirst(2).allSatisfy(\.isHexDigit) }
        if lower.hasPrefix("0b") { return lower.count > 2 && lower.dropFirst(2).allSatisfy { $0 == "0" || $0 == "1" } }
        if body.allSatisfy(\.isASCIIDigit) { return true }
        if first.isASCIIDigit, body.contains(":") {
            return body.split(separator: ":", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isASCIIDigit || $0 == "." }
            }
        }
        return isFloat(body)
    }

    /// `[0-9]+(\.[0-9]*)?` or `\.[0-9]+`, then an optional exponent.
    private static func isFloat(_ s: Substring) -> Bool {
        var mantissa = s
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var exponent = s[s.index(after: e)...]
            if exponent.first == "+" || exponent.first == "-" { exponent.removeFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy(\.isASCIIDigit) else { return false }
            mantissa = s[..<e]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        return !parts[0].isEmpty || (parts.count == 2 && !parts[1].isEmpty)
    }

    /// `2006-1-2`, optionally followed by `T`, `t` or a space and a time: what go-yaml v2 reads as a
    /// timestamp, so kubectl quotes `creationTimestamp: "2026-12-02T02:42:39Z"`.
    private static func isTimestamp(_ s: String) -> Bool {
        let chars = Array(s)
        var i = 0
        func number(_ minimum: Int, _ maximum: Int) -> Bool {
            let start = i
            while i < chars.count, chars[i].isASCIIDigit, i - start < maximum { i += 1 }
            return i - start >= minimum
        }
        guard number(4, 4), i < chars.count, chars[i] == "-" else { return false }
        i += 1
        guard number(1, 2), i < chars.count, chars[i] == "-" else { return false }
        i += 1
        guard number(1, 2) else { return false }
        if i == chars.count { return true }
        guard "Tt ".contains(chars[i]) else { return false }
        i += 1
        return number(1, 2) && i < chars.count && chars[i] == ":"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Every occurrence of `target` replaced (this module links no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
