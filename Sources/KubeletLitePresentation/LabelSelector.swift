// kubelet-lite — LabelSelector.swift
// `-l` as kubectl reads it: apimachinery's label selector syntax, equality- and set-based.

/// A parsed label selector: every requirement must hold (they are joined by commas).
///
/// The syntax of `labels.Parse` (apimachinery): `key`, `!key`, `key=value`, `key==value`,
/// `key!=value`, `key in (v1,v2)`, `key notin (v1,v2)`, `key>N`, `key<N`, joined by `,`.
public struct LabelSelector: Sendable, Equatable {
    /// One requirement on one key.
    public enum Requirement: Sendable, Equatable {
        case exists(String)
        case doesNotExist(String)
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, [String])
        case notIn(String, [String])
        case greaterThan(String, Int64)
        case lessThan(String, Int64)
    }

    public let requirements: [Requirement]

    /// The selector of `text`; an error worded like kubectl's says what is wrong.
    public static func parse(_ text: String) throws(LabelSelectorError) -> LabelSelector {
        var parser = LabelSelectorParser(text)
        return LabelSelector(requirements: try parser.requirements())
    }

    /// Whether a pod with these labels is selected. The empty selector selects everything.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            case .equals(let key, let value): labels[key] == value
            // As apimachinery: a missing key satisfies `!=` and `notin`.
            case .notEquals(let key, let value): labels[key] != value
            case .isIn(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .greaterThan(let key, let n): labels[key].flatMap { Int64($0) }.map { $0 > n } ?? false
            case .lessThan(let key, let n): labels[key].flatMap { Int64($0) }.map { $0 < n } ?? false
            }
        }
    }
}

/// A selector that does not parse: `unable to parse requirement: ...`, as kubectl says it.
public struct LabelSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The recursive-descent reader of a selector's text.
struct LabelSelectorParser {
    private let chars: [Character]
    private var at = 0

    init(_ text: String) { chars = Array(text) }

    mutating func requirements() throws(LabelSelectorError) -> [LabelSelector.Requirement] {
        var out: [LabelSelector.Requirement] = []
        skipSpaces()
        if at == chars.count { return out }
        while true {
            out.append(try requirement())
            skipSpaces()
            if at == chars.count { return out }
            guard chars[at] == "," else { throw fail("found '\(chars[at])', expected: ',' or end of string") }
            at += 1
        }
    }

    private mutating func requirement() throws(LabelSelectorError) -> LabelSelector.Requirement {
        skipSpaces()
        if at < chars.count, chars[at] == "!" {
            at += 1
            return .doesNotExist(try key())
        }
        let key = try key()
        skipSpaces()
        guard at < chars.count, chars[at] != "," else { return .exists(key) }
        if take("==") || take("=") { return .equals(key, try value(allowEmpty: true)) }
        if take("!=") { return .notEquals(key, try value(allowEmpty: true)) }
        if take(">") { return .greaterThan(key, try integer()) }
        if take("<") { return .lessThan(key, try integer()) }
        if takeWord("notin") { return .notIn(key, try set()) }
        if takeWord("in") { return .isIn(key, try set()) }
        throw fail("found '\(chars[at])', expected: in, notin, =, ==, !=, gt, lt")
    }

    /// A label key: `[prefix/]name`, made of letters, digits, `-`, `_`, `.`.
    private mutating func key() throws(LabelSelectorError) -> String {
        skipSpaces()
        let word = identifier()
        guard !word.isEmpty else { throw fail("found '\(at < chars.count ? String(chars[at]) : "")', expected: identifier") }
        let name = word.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        guard word.filter({ $0 == "/" }).count <= 1, !name.isEmpty, name.count <= 63,
              name.first!.isLetterOrDigit, name.last!.isLetterOrDigit else {
            throw fail("invalid label key \"\(word)\": name part must consist of alphanumeric characters, '-', '_' "
                + "or '.', and must start and end with an alphanumeric character")
        }
        return word
    }

    /// A label value: at most 63 characters, alphanumeric at both ends; may be empty after `=`.
    private mutating func value(allowEmpty: Bool) throws(LabelSelectorError) -> String {
        skipSpaces()
        let word = identifier()
        if word.isEmpty && allowEmpty { return word }
        guard !word.isEmpty, !word.contains("/"), word.count <= 63, word.first!.isLetterOrDigit,
              word.last!.isLetterOrDigit else {
            throw fail("invalid label value: \"\(word)\": a valid label must be an empty string or consist of "
                + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")
        }
        return word
    }

    private mutating func integer() throws(LabelSelectorError) -> Int64 {
        let word = try value(allowEmpty: false)
        guard let n = Int64(word) else { throw fail("for 'Gt', 'Lt' operators, the value must be an integer") }
        return n
    }

    /// `(v1, v2)`.
    private mutating func set() throws(LabelSelectorError) -> [String] {
        skipSpaces()
        guard take("(") else { throw fail("found '\(at < chars.count ? String(chars[at]) : "")', expected: '('") }
        var values: [String] = []
        while true {
            values.append(try value(allowEmpty: true))
            skipSpaces()
            if take(")") { return values }
            guard take(",") else { throw fail("found '\(at < chars.count ? String(chars[at]) : "")', expected: ',' or ')'") }
        }
    }

    private mutating func identifier() -> String {
        var word = ""
        while at < chars.count, chars[at].isLetterOrDigit || "-_./".contains(chars[at]) {
            word.append(chars[at])
            at += 1
        }
        return word
    }

    private mutating func take(_ token: String) -> Bool {
        let t = Array(token)
        guard at + t.count <= chars.count, Array(chars[at..<at + t.count]) == t else { return false }
        at += t.count
        return true
    }

    /// `in` or `notin` followed by a space or `(`.
    private mutating func takeWord(_ word: String) -> Bool {
        let start = at
        guard take(word), at < chars.count, chars[at] == " " || chars[at] == "(" else {
            at = start
            return false
        }
        return true
    }

    private mutating func skipSpaces() {
        while at < chars.count, chars[at] == " " { at += 1 }
    }

    private func fail(_ why: String) -> LabelSelectorError {
        LabelSelectorError(message: "unable to parse requirement: \(why)")
    }
}

extension Character {
    /// An ASCII letter or digit, as label names and values allow at their ends.
    var isLetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}
