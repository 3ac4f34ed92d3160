// kubelet-lite — FlagTableTests.swift
// The flag tables parse every spelling they list, and help and usage show every flag they hold.

import KubeletLiteRuntime
import Testing
@testable import kubelet_lite_core

@Suite struct FlagTableTests {
    static let verbs = CommandLineTool.commands.map { $0.name }

    static func command(_ verb: String) throws -> any Command.Type {
        try #require(CommandLineTool.commands.first { $0.name == verb })
    }

    @Test(arguments: verbs)
    func helpListsEveryFlagWithItsValueAndDefault(_ verb: String) throws {
        let command = try Self.command(verb)
        let help = command.help
        for flag in command.flagTable {
            #expect(help.contains("\n  " + flag.term + " "), "help of \(verb) lacks \(flag.term)")
            if let value = flag.defaultValue {
                // Wrapping may break a long default over lines; its words stay in order.
                let words = help.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
                #expect(words.contains("(default \(value))"), "help of \(verb) lacks the default of \(flag.name)")
            }
            if flag.inUsageLine {
                #expect(command.usage.contains(flag.usage), "usage of \(verb) lacks \(flag.usage)")
            }
        }
        #expect((help + "\n").contains("Usage:\n  " + command.usage + "\n"))
    }

    @Test(arguments: verbs)
    func theDispatchFindsEveryListedVerb(_ verb: String) throws {
        let listed = try Self.command(verb)
        let found = try #require(CommandLineTool.command(named: verb), "\(verb) is listed but not dispatched")
        #expect(ObjectIdentifier(found) == ObjectIdentifier(listed))
        #expect(CommandLineTool.command(named: verb + "x") == nil)
    }

    @Test(arguments: verbs)
    func noSpellingIsTakenTwice(_ verb: String) throws {
        let spellings = try Self.command(verb).flagTable.flatMap(\.spellings)
        #expect(Set(spellings).count == spellings.count)
        #expect(spellings.allSatisfy { $0.hasPrefix("--") ? $0.count > 3 : $0.count == 2 && $0.hasPrefix("-") })
    }

    @Test(arguments: verbs)
    func theScannerTakesEverySpellingOfTheTable(_ verb: String) throws {
        let command = try Self.command(verb)
        try Self.scanEverySpelling(command)
    }

    static func scanEverySpelling<C: Command>(_ command: C.Type) throws {
        for flag in C.Flags.allCases {
            for spelling in flag.flag.spellings {
                var args = [spelling, "NAME"]
                if flag.flag.value != nil { args.insert("v", at: 1) }
                var scanner = ArgumentScanner<C.Flags>(args, usage: "u")
                let found = try #require(try scanner.next())
                #expect(found.flag.flag.name == flag.flag.name)
                #expect(found.spelled == spelling)
                #expect(found.value == (flag.flag.value == nil ? "" : "v"))
                #expect(try scanner.next() == nil)
                #expect(scanner.positionals == ["NAME"])
            }
            guard flag.flag.value != nil else { continue }
            var inline = ArgumentScanner<C.Flags>([flag.flag.name + "=a=b"], usage: "u")
            #expect(try inline.next()?.value == "a=b")
            var missing = ArgumentScanner<C.Flags>([flag.flag.name], usage: "u")
            #expect(throws: UsageError.self) { try missing.next() }
        }
    }

    @Test func unknownFlagsAndOperandsAreKeptApart() throws {
        var scanner = ArgumentScanner<GetCommand.Flags>(["pods", "-", "--", "-o", "x"], usage: "u")
        #expect(try scanner.next() == nil)
        #expect(scanner.positionals == ["pods", "-", "-o", "x"])
        var unknown = ArgumentScanner<GetCommand.Flags>(["--bogus=1"], usage: "u")
        let error = #expect(throws: UsageError.self) { try unknown.next() }
        #expect(error?.message == "unknown flag --bogus")
        var unknownShort = ArgumentScanner<GetCommand.Flags>(["-x=1"], usage: "u")
        #expect((#expect(throws: UsageError.self) { try unknownShort.next() })?.message == "unknown flag -x")
    }

    /// kubectl's (pflag's) spellings of a short flag's value: `-o=json` and `-owide` as well as `-o json`.
    @Test(arguments: [["-o=json"], ["-ojson"], ["-o", "json"], ["--output=json"], ["--output", "json"]])
    func aShortFlagTakesItsValueInEveryKubectlSpelling(_ args: [String]) throws {
        var scanner = ArgumentScanner<GetCommand.Flags>(args + ["web"], usage: "u")
        let found = try #require(try scanner.next())
        #expect(found.flag == .output)
        #expect(found.value == "json")
        #expect(try scanner.next() == nil)
        #expect(scanner.positionals == ["web"])
    }

    @Test func switchesTakeASettingAndGroup() throws {
        var wait = ArgumentScanner<DeleteCommand.Flags>(["--wait=false", "--force=true", "--now"], usage: "u")
        #expect(try wait.next()?.isOn() == false)
        #expect(try wait.next()?.isOn() == true)
        #expect(try wait.next()?.isOn() == true)
        var grouped = ArgumentScanner<LogsCommand.Flags>(["-fp", "web"], usage: "u")
        #expect(try grouped.next()?.flag == .follow)
        #expect(try grouped.next()?.flag == .previous)
        #expect(try grouped.next() == nil)
        #expect(grouped.positionals == ["web"])
        var bad = ArgumentScanner<DeleteCommand.Flags>(["--wait=maybe"], usage: "u")
        let error = #expect(throws: UsageError.self) { try bad.next()?.isOn() }
        #expect(error?.message == "--wait takes true or false, not \"maybe\"")
        // A value that starts with a dash is still the flag's value.
        var negative = ArgumentScanner<DeleteCommand.Flags>(["--grace-period", "-1", "web"], usage: "u")
        #expect(try negative.next()?.value == "-1")
        #expect(try negative.next() == nil)
        #expect(negative.positionals == ["web"])
    }

    @Test func exitStatusesAreTheDocumentedNumbers() {
        #expect(ExitStatus.success.rawValue == 0)
        #expect(ExitStatus.failure.rawValue == 1)
        #expect(ExitStatus.refused.rawValue == 2)
        #expect(ExitStatus.internalFailure.rawValue == 3)
        #expect(ApplyCommand.help.contains("  3  kubelet-lite itself failed"))
    }
}
