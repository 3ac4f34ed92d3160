// kubelet-lite — CitationTests.swift
// Every rule a comment cites is a section of docs/ that exists (architecture.md, lifecycle.md).

import Glibc
import Testing

/// The checks on code citations and on the documents they point into.
@Suite("Citations")
struct CitationTests {
    /// Every `lifecycle §ID` and `architecture §ID` in Sources resolves to a heading of that document,
    /// and nothing still cites documents outside the repository.
    @Test("every citation in Sources resolves to a section of docs/")
    func everyCitationResolves() throws {
        let headings = try Docs.headingIDsByDocument()
        var problems: [String] = []
        for file in Repo.sourceFiles() {
            guard let text = Repo.read(file) else { continue }
            problems += Citations.problems(in: text, file: Repo.relative(file), headings: headings)
        }
        if !problems.isEmpty {
            Issue.record(Comment(rawValue: "\(problems.count) citation problem(s):\n" + problems.joined(separator: "\n")))
        }
    }

    /// A section id appears once per document, so a citation names exactly one section.
    @Test("every heading id of a document is unique", arguments: Docs.names)
    func headingIDsAreUnique(_ name: String) throws {
        let ids = try Docs.headingIDs(name)
        var seen: Set<String> = []
        var duplicates: [String] = []
        for id in ids where !seen.insert(id).inserted { duplicates.append("§" + id) }
        #expect(!ids.isEmpty, "docs/\(name).md has no § headings")
        #expect(duplicates.isEmpty, Comment(rawValue: "docs/\(name).md repeats: " + duplicates.joined(separator: ", ")))
    }

    /// lifecycle.md keeps the numbering the code has always cited: §0–§20 with their subsections,
    /// and the decisions §D1–§D13.
    @Test("lifecycle.md keeps the numbering of the rules")
    func lifecycleNumbering() throws {
        let ids = Set(try Docs.headingIDs("lifecycle"))
        let missing = Docs.lifecycleIDs.filter { !ids.contains($0) }
        #expect(missing.isEmpty, Comment(rawValue: "docs/lifecycle.md lacks: " + missing.map { "§" + $0 }.joined(separator: ", ")))
    }

    /// The scanner itself, on lines whose verdict is known.
    @Test("the scanner tells good citations from dangling and old ones")
    func scanner() {
        let headings = ["lifecycle": Set(["9.2", "6.4", "D7", "13.1", "13.2"]), "architecture": Set(["3.3"])]
        func problems(_ line: String) -> [String] { Citations.problems(in: line, file: "f", headings: headings) }
        #expect(problems("// ok (lifecycle §9.2 step 2, §6.4, §D7)").isEmpty)
        #expect(problems("// ok (lifecycle §13.1-13.2 and architecture §3.3).").isEmpty)
        #expect(problems("// RFC 3986 §5.2 is not ours").isEmpty)
        #expect(problems("// lifecycle §9.9").count == 1)
        #expect(problems("// (lifecycle §9.2, §1.7)").count == 1)
        #expect(problems("// architecture §4").count == 1)
        #expect(problems("// spec §9.2").count == 1)
        #expect(problems("// Spec Part I.7 and §5").count == 1)
        #expect(problems("// (decision I.10)").count == 1)
        #expect(problems("// (I.11)").count == 1)
        #expect(problems("// notes §3.2").count == 1)
        #expect(problems("// design.md §1").count == 1)
        #expect(problems("// scenario 30b").count == 1)
        #expect(problems("// a bare §4").count == 1)
        #expect(problems("// lifecycle §9.2; then a bare-looking §6.4 of the same document").isEmpty)
    }
}

/// The documents citations point into.
enum Docs {
    static let names = ["lifecycle", "architecture"]

    /// The section ids lifecycle.md must keep: the rules §0–§20 with their subsections (as the code
    /// has cited them), the numbered notes of §0 and §17, and the decisions §D1–§D13.
    static let lifecycleIDs: [String] = {
        let subsections: [Int: Int] = [0: 4, 1: 3, 3: 4, 6: 4, 8: 3, 9: 4, 10: 5, 11: 3, 12: 6, 13: 3, 15: 4, 16: 1, 17: 8]
        var ids: [String] = []
        for n in 0...20 {
            ids.append(String(n))
            for k in stride(from: 1, through: subsections[n] ?? 0, by: 1) { ids.append("\(n).\(k)") }
        }
        return ids + (1...13).map { "D\($0)" }
    }()

    /// `§ID` of every heading line `#… §ID Title` of docs/NAME.md, in order.
    static func headingIDs(_ name: String) throws -> [String] {
        let path = Repo.root + "/docs/\(name).md"
        let text = try #require(Repo.read(path), "cannot read \(path)")
        let heading = try Regex(#"^#+ §([A-Z]?[0-9]+(?:\.[0-9]+)*) \S"#)
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            guard let match = try? heading.prefixMatch(in: line), let id = match.output[1].substring else { return nil }
            return String(id)
        }
    }

    static func headingIDsByDocument() throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for name in names { result[name] = Set(try headingIDs(name)) }
        return result
    }
}

/// Finds citations in source text and judges them.
struct Citations {
    private static let id = #"[A-Z]?[0-9]+(?:\.[0-9]+)*"#
    /// Citations of documents that are not in the repository, or of the old numbering.
    private static let oldPatterns: [(String, String)] = [
        ("spec §", #"(?i:spec) §"#), ("spec Part", #"(?i:spec part)"#), ("decision I.", #"(?i:decision) I\.[0-9]"#),
        ("spec I.", #"(?i:spec) I\.[0-9]"#), ("Part I.", #"Part I\.[0-9]"#), ("notes §", #"(?i:notes) §"#),
        ("design.md", #"design\.md"#), ("scenarios.md", #"scenarios\.md"#), ("../shared", #"\.\./shared"#),
        ("swift-runtime-notes", #"swift-runtime-notes"#), ("pod-lifecycle-spec", #"pod-lifecycle-spec"#),
        ("a decision as I.N", #"(?:^|[^A-Za-z0-9.])I\.[0-9]"#), ("scenario N", #"[Ss]cenarios? [0-9]"#),
    ]

    /// `lifecycle §9.2`, `architecture §3.3`, or a further `§6.4` of the same list; `§13.1-13.2` is a range.
    private let section = try! Regex(#"(?:(lifecycle|architecture) )?§("# + Citations.id + #")(?:[-–]("# + Citations.id + "))?")
    private let oldForms = Citations.oldPatterns.map { ($0.0, try! Regex($0.1)) }

    static func problems(in text: String, file: String, headings: [String: Set<String>]) -> [String] {
        Citations().problems(in: text, file: file, headings: headings)
    }

    /// One line per problem: `file:line: what: the line`.
    func problems(in text: String, file: String, headings: [String: Set<String>]) -> [String] {
        var problems: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            guard line.contains("§") || line.contains("I.") || line.contains("design.md") || line.contains("cenario")
                || line.contains("shared") || line.contains("notes") || line.contains("spec") else { continue }
            let place = "\(file):\(index + 1)"
            let shown = line.trimmingPrefixSpaces()
            let old = oldForms.filter { line.contains($0.1) }.map(\.0)
            if !old.isEmpty {
                problems.append("\(place): old-style citation (\(old.joined(separator: ", "))): \(shown)")
                continue
            }
            // A § names a section of the document named last on this line (`lifecycle §9, §10, §D4`).
            let previous = index > 0 ? lines[index - 1] : ""
            var document: String?
            for match in line.matches(of: section) {
                if let named = match.output[1].substring { document = String(named) }
                let ids = [match.output[2].substring, match.output[3].substring].compactMap { $0 }.map(String.init)
                guard let doc = document else {
                    // RFC 3986 §5.2 and the like are not ours.
                    if !line.contains("RFC") && !previous.contains("RFC") {
                        problems.append("\(place): § without a document (write lifecycle §N or architecture §N): \(shown)")
                    }
                    continue
                }
                for id in ids where headings[doc]?.contains(id) != true {
                    problems.append("\(place): dangling citation \(doc) §\(id) (no heading \"§\(id) …\" in docs/\(doc).md): \(shown)")
                }
            }
        }
        return problems
    }
}

/// The repository this test file lives in, and its sources.
enum Repo {
    /// Three levels above this file: Tests/KubeletLiteDocsTests/CitationTests.swift.
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static let sourceExtensions = [".swift", ".c", ".h"]

    /// Every Swift and C file under Sources/, sorted.
    static func sourceFiles() -> [String] {
        files(under: root + "/Sources").filter { path in sourceExtensions.contains { path.hasSuffix($0) } }.sorted()
    }

    static func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// Every regular file below `dir`, following no symbolic link.
    static func files(under dir: String) -> [String] {
        guard let handle = opendir(dir) else { return [] }
        defer { closedir(handle) }
        var out: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let path = dir + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: out += files(under: path)
            case S_IFREG: out.append(path)
            default: continue
            }
        }
        return out
    }

    /// A whole text file, or nil.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Substring {
    func trimmingPrefixSpaces() -> Substring { drop { $0 == " " || $0 == "\t" } }
}
