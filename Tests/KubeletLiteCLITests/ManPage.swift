// kubelet-lite — ManPage.swift
// Reading man/kubelet-lite.1 (mdoc) as far as the tests need: sections, subsections, flags.

import Glibc

/// The man page, split into its `.Sh` sections and the `.Ss` subsections of OPTIONS.
struct ManPage {
    /// Macro lines (`.Op Fl -state-dir Ar DIR`) by `.Sh` section name.
    let sections: [String: [String]]

    static func load() -> ManPage? {
        let file = #filePath
        let root = file[..<file.range(of: "/Tests/")!.lowerBound]
        guard let f = fopen(root + "/man/kubelet-lite.1", "r") else { return nil }
        defer { fclose(f) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            text += buffer[0..<n]
        }
        return ManPage(String(decoding: text, as: UTF8.self))
    }

    init(_ text: String) {
        var sections: [String: [String]] = [:]
        var current = ""
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix(".Sh ") {
                current = String(line.dropFirst(4))
            } else {
                sections[current, default: []].append(line)
            }
        }
        self.sections = sections
    }

    /// The lines of subsection `.Ss name` of section `section`.
    func subsection(_ name: String, of section: String) -> [String]? {
        var found: [String]?
        for line in sections[section] ?? [] {
            if line.hasPrefix(".Ss ") {
                if found != nil { break }
                if line.dropFirst(4) == name { found = [] }
            } else if found != nil {
                found?.append(line)
            }
        }
        return found
    }

    /// The SYNOPSIS lines of one verb: from its `.Cm verb` up to the next `.Nm`.
    func synopsis(of verb: String) -> [String]? {
        let lines = sections["SYNOPSIS"] ?? []
        guard let start = lines.firstIndex(of: ".Cm \(verb)") else { return nil }
        return Array(lines[start...].prefix { $0 != ".Nm" })
    }

    /// The flags a line names: `.It Fl o , Fl -output Ar text|json` names `-o` and `--output`.
    static func flags(in line: String) -> [String] {
        let words = line.split(separator: " ").map(String.init)
        return words.indices.dropLast().filter { words[$0] == "Fl" || words[$0] == ".Fl" }.map { "-" + words[$0 + 1] }
    }
}

extension String {
    func range(of target: String) -> Range<String.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
