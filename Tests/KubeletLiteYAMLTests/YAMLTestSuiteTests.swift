// kubelet-lite — YAMLTestSuiteTests.swift
// The official YAML test suite, every case, with the YAML 1.2 core schema and strict escapes:
// a case either yields exactly its in.json or is refused; every invalid case is refused.

import Glibc
import KubeletLiteYAML
import Testing

/// Runs the yaml-test-suite data (a copy in Fixtures, or the shared one beside the repository).
@Suite("YAML test suite")
struct YAMLTestSuiteTests {
    /// One case directory and what it expects.
    struct Case {
        let id: String
        let input: [UInt8]
        let json: [UInt8]?
        let isError: Bool
    }

    /// The tally the test prints.
    struct Tally {
        var total = 0
        var passed = 0
        var refusedValid: [String] = []
        var errorsRefused = 0
        var withoutJSON = 0
        var wrong: [String] = []
        var jsonCases = 0
    }

    @Test("every case passes or is refused; every error case is refused; under 10% of valid cases refused")
    func suite() throws {
        guard let root = SuiteFiles.root() else {
            print("yaml-test-suite: data not found (Fixtures/yaml-test-suite or ../shared/yaml-test-suite); skipped")
            return
        }
        let cases = SuiteFiles.cases(under: root)
        try #require(cases.count > 300, "found only \(cases.count) cases under \(root)")
        var tally = Tally()
        for c in cases { YAMLTestSuiteTests.run(c, into: &tally) }
        print("yaml-test-suite: \(tally.total) cases, \(tally.jsonCases) with in.json: \(tally.passed) passed, "
              + "\(tally.refusedValid.count) valid refused, \(tally.errorsRefused) error cases refused, "
              + "\(tally.withoutJSON) without in.json (parsed, not compared), \(tally.wrong.count) wrong")
        if getenv("YAML_SUITE_VERBOSE") != nil {
            for line in tally.refusedValid { print("  refused: \(line)") }
        }
        #expect(tally.wrong.isEmpty, "wrong answers: \(tally.wrong.joined(separator: "\n"))")
        #expect(tally.refusedValid.count * 10 < tally.jsonCases,
                "valid cases refused: \(tally.refusedValid.count) of \(tally.jsonCases)")
    }

    static func run(_ c: Case, into tally: inout Tally) {
        tally.total += 1
        let result: Result<[YAMLDocumentData], YAMLError>
        do {
            result = .success(try YAMLReader.read(c.input, options: .core12))
        } catch {
            result = .failure(error)
        }
        if c.isError {
            if case .success = result { tally.wrong.append("\(c.id): invalid YAML accepted") } else { tally.errorsRefused += 1 }
            return
        }
        guard let json = c.json else {
            tally.withoutJSON += 1
            return
        }
        tally.jsonCases += 1
        guard let expected = TestJSON.values(json) else {
            tally.wrong.append("\(c.id): in.json does not parse")
            return
        }
        switch result {
        case .failure(let error):
            tally.refusedValid.append("\(c.id): \(error)")
        case .success(let documents):
            let got = documents.map(\.data)
            if got.count == expected.count && zip(got, expected).allSatisfy({ DataComparison.equal($0, $1) }) {
                tally.passed += 1
            } else {
                tally.wrong.append("\(c.id): got \(got), expected \(expected)")
            }
        }
    }
}

/// Finding and reading the suite's files.
enum SuiteFiles {
    /// The repository's own copy, else the shared one next to the repository.
    static func root() -> String? {
        var dir = #filePath
        dir = String(dir[..<(dir.lastIndex(of: "/") ?? dir.endIndex)])
        let candidates = [dir + "/Fixtures/yaml-test-suite"]
            + (repositoryRoot(from: dir).map { [$0 + "/../shared/yaml-test-suite"] } ?? [])
        return candidates.first { access($0 + "/LICENSE", R_OK) == 0 }
    }

    private static func repositoryRoot(from dir: String) -> String? {
        var path = dir
        for _ in 0..<2 {
            guard let slash = path.lastIndex(of: "/") else { return nil }
            path = String(path[..<slash])
        }
        return path
    }

    static func cases(under root: String) -> [YAMLTestSuiteTests.Case] {
        var out: [YAMLTestSuiteTests.Case] = []
        for name in entries(root).sorted() {
            let dir = root + "/" + name
            if let input = read(dir + "/in.yaml") {
                out.append(YAMLTestSuiteTests.Case(id: name, input: input, json: read(dir + "/in.json"),
                                                   isError: access(dir + "/error", F_OK) == 0))
                continue
            }
            for sub in entries(dir).sorted() {
                guard let input = read(dir + "/" + sub + "/in.yaml") else { continue }
                out.append(YAMLTestSuiteTests.Case(id: name + "/" + sub, input: input, json: read(dir + "/" + sub + "/in.json"),
                                                   isError: access(dir + "/" + sub + "/error", F_OK) == 0))
            }
        }
        return out
    }

    static func entries(_ dir: String) -> [String] {
        guard let handle = opendir(dir) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }
}
