// kubelet-lite — CommandLineTool.swift
// Verb dispatch, usage errors and exit statuses shared by every command.

import Glibc
import KubeletLiteRuntime

/// A usage problem: reported as one line, the usage line, and exit status 2.
struct UsageError: Error {
    var message: String
    var usage: String
}

/// One verb of the command line: its flag table, its help, and what it does.
protocol Command {
    associatedtype Flags: FlagSet
    static var name: String { get }
    /// What follows the verb besides flags: `[-f] FILE`, `[pods] [NAME]`.
    static var operands: String { get }
    /// One line, for the overview.
    static var summary: String { get }
    /// What the verb does, shown above its usage line.
    static var description: String { get }
    /// More about operands or output, between the usage line and the flags; may be empty.
    static var details: String { get }
    /// What each exit status means for this verb.
    static var exitStatuses: [(ExitStatus, String)] { get }
    /// Sections after the exit statuses (apply's signals and state files); may be empty.
    static var epilogue: String { get }
    static func run(_ args: [String]) throws(UsageError) -> ExitStatus
}

extension Command {
    static var details: String { "" }
    static var epilogue: String { "" }
    /// The verb's flag table, in the order help lists it (hidden flags left out).
    static var flagTable: [Flag] { Flags.allCases.map(\.flag).filter { !$0.hidden } }
    static var usage: String { CommandHelp.usage(of: Self.self) }
    static var usageParts: [String] { CommandHelp.usageParts(of: Self.self) }
    static var help: String { CommandHelp.help(of: Self.self) }
}

/// Parses the verb and hands the rest to its command.
enum CommandLineTool {
    static var commands: [any Command.Type] { [ApplyCommand.self, RunCommand.self, ValidateCommand.self, GetCommand.self,
                                               DescribeCommand.self, LogsCommand.self, DeleteCommand.self, WaitCommand.self,
                                               VersionCommand.self,
                                               HelpCommand.self] }

    static func main(_ args: [String]) -> ExitStatus {
        guard let verb = args.first else {
            printOut(HelpCommand.overview)
            return .refused
        }
        if verb == "-h" || verb == "--help" {
            printOut(HelpCommand.overview)
            return .success
        }
        if verb == "--version" { return VersionCommand.printVersion() }
        // Only `apply` and `run` supervise; every other verb ends on Ctrl-C or SIGTERM like kubectl.
        if verb != ApplyCommand.name && verb != RunCommand.name { SupervisorSignals.releaseForOtherVerbs() }
        guard let command = command(named: verb) else {
            printErr("kubelet-lite: unknown command \"\(verb)\"")
            printErr("Usage: kubelet-lite COMMAND [ARGS]   (see 'kubelet-lite help')")
            return .refused
        }
        return dispatch(command, Array(args.dropFirst()))
    }

    /// The command of `verb`, one of `commands`. A switch, not a search of that array: building an
    /// array of `any Command.Type` makes the runtime construct an existential's metadata from its
    /// mangled name, a visible part of a short apply's start.
    static func command(named verb: String) -> (any Command.Type)? {
        switch verb {
        case ApplyCommand.name: ApplyCommand.self
        case RunCommand.name: RunCommand.self
        case ValidateCommand.name: ValidateCommand.self
        case GetCommand.name: GetCommand.self
        case DescribeCommand.name: DescribeCommand.self
        case LogsCommand.name: LogsCommand.self
        case DeleteCommand.name: DeleteCommand.self
        case WaitCommand.name: WaitCommand.self
        case VersionCommand.name: VersionCommand.self
        case HelpCommand.name: HelpCommand.self
        default: nil
        }
    }

    /// Runs `command` with the arguments after its verb, or prints its help.
    private static func dispatch<C: Command>(_ command: C.Type, _ args: [String]) -> ExitStatus {
        if args.contains("-h") || args.contains("--help") {
            printOut(command.help)
            return .success
        }
        do {
            return try command.run(args)
        } catch {
            printErr("kubelet-lite \(command.name): \(error.message)")
            printErr("Usage: \(error.usage)")
            return .refused
        }
    }
}

func printOut(_ text: String) {
    var s = text.hasSuffix("\n") ? text : text + "\n"
    s.withUTF8 { buf in _ = write(1, buf.baseAddress, buf.count) }
}

func printErr(_ text: String) {
    var s = text.hasSuffix("\n") ? text : text + "\n"
    s.withUTF8 { buf in _ = write(2, buf.baseAddress, buf.count) }
}
