// kubelet-lite — ManPageTests.swift
// Every verb and every flag of every verb's table is in man/kubelet-lite.1, and nothing else is.

import Testing
@testable import kubelet_lite_core

@Suite struct ManPageTests {
    static let verbs = CommandLineTool.commands.map { $0.name }

    /// The flag table of `verb`.
    static func table(_ verb: String) -> [Flag] {
        CommandLineTool.commands.first { $0.name == verb }?.flagTable ?? []
    }

    @Test(arguments: verbs)
    func everyVerbIsInTheSynopsisAndTheCommands(_ verb: String) throws {
        let man = try #require(ManPage.load(), "man/kubelet-lite.1 is missing")
        #expect(man.synopsis(of: verb) != nil, "SYNOPSIS lacks \(verb)")
        #expect(man.sections["COMMANDS"]?.contains(".It Cm \(verb)") == true, "COMMANDS lacks \(verb)")
    }

    @Test(arguments: verbs)
    func everyFlagOfTheTableIsInTheVerbsOptions(_ verb: String) throws {
        let man = try #require(ManPage.load(), "man/kubelet-lite.1 is missing")
        let table = Self.table(verb)
        guard !table.isEmpty else { return }
        let options = try #require(man.subsection(verb, of: "OPTIONS"), "OPTIONS has no subsection \(verb)")
        let items = options.filter { $0.hasPrefix(".It ") }
        for flag in table {
            let item = items.first { ManPage.flags(in: $0).contains(flag.name) }
            #expect(item != nil, "OPTIONS of \(verb) lacks \(flag.name)")
            if let short = flag.short {
                #expect(item.map(ManPage.flags) ?? [] == [short, flag.name], "OPTIONS of \(verb): \(flag.name) without \(short)")
            }
            if let value = flag.value {
                #expect(item?.hasSuffix(" Ar \(value)") == true, "OPTIONS of \(verb): \(flag.name) takes \(value)")
            }
        }
    }

    @Test(arguments: verbs)
    func theVerbsOptionsNameNoFlagItLacks(_ verb: String) throws {
        let man = try #require(ManPage.load(), "man/kubelet-lite.1 is missing")
        let spellings = Set(Self.table(verb).flatMap(\.spellings))
        let documented = (man.subsection(verb, of: "OPTIONS") ?? []).filter { $0.hasPrefix(".It ") }.flatMap(ManPage.flags)
        for flag in documented {
            #expect(spellings.contains(flag), "OPTIONS of \(verb) documents \(flag), which \(verb) does not take")
        }
    }

    @Test(arguments: verbs)
    func theSynopsisShowsEveryFlag(_ verb: String) throws {
        let man = try #require(ManPage.load(), "man/kubelet-lite.1 is missing")
        let synopsis = try #require(man.synopsis(of: verb), "SYNOPSIS lacks \(verb)")
        let shown = Set(synopsis.flatMap(ManPage.flags))
        for flag in Self.table(verb) {
            #expect(!shown.isDisjoint(with: flag.spellings), "SYNOPSIS of \(verb) lacks \(flag.name)")
        }
    }

    /// The test reads what it should: a man page without a flag fails it.
    @Test func aFlagMissingFromTheManPageIsFound() {
        let man = ManPage("""
            .Sh OPTIONS
            .Ss logs
            .It Fl c , Fl -container Ar CONTAINER
            .Ss delete
            .It Fl -now
            """)
        #expect(man.subsection("logs", of: "OPTIONS") == [".It Fl c , Fl -container Ar CONTAINER"])
        #expect(ManPage.flags(in: ".It Fl c , Fl -container Ar CONTAINER") == ["-c", "--container"])
        let logs = LogsCommand.flagTable.map(\.name)
        let documented = (man.subsection("logs", of: "OPTIONS") ?? []).flatMap(ManPage.flags)
        #expect(logs.filter { !documented.contains($0) } == ["--follow", "--previous", "--tail", "--namespace", "--state-dir"])
    }
}
