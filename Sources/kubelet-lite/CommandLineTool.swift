// kubelet-lite — CommandLineTool.swift
// Verb dispatch, usage errors and exit statuses shared by every command.

import Glibc

/// A usage problem: reported as one line, the usage line, and exit status 2.
struct UsageError: Error {
    var message: String
    var usage: String
}

/// The exit statuses of design.md §1.
enum ExitStatus {
    static let success: Int32 = 0
    static let podFailed: Int32 = 1
    static let refused: Int32 = 2
    static let internalFailure: Int32 = 3
}

/// One verb of the command line.
protocol Command {
    static var name: String { get }
    static var usage: String { get }
    static var help: String { get }
    static func run(_ args: [String]) throws(UsageError) -> Int32
}

/// Parses the verb and hands the rest to its command.
enum CommandLineTool {
    static var commands: [any Command.Type] { [ApplyCommand.self, ValidateCommand.self, GetCommand.self,
                                               DescribeCommand.self, LogsCommand.self, DeleteCommand.self,
                                               VersionCommand.self,
                                               HelpCommand.self] }

    static func main(_ args: [String]) -> Int32 {
        guard let verb = args.first else {
            printOut(HelpCommand.overview)
            return ExitStatus.refused
        }
        if verb == "-h" || verb == "--help" {
            printOut(HelpCommand.overview)
            return ExitStatus.success
        }
        if verb == "--version" { return VersionCommand.printVersion() }
        guard let command = commands.first(where: { $0.name == verb }) else {
            printErr("kubelet-lite: unknown command \"\(verb)\"")
            printErr("Usage: kubelet-lite COMMAND [ARGS]   (see 'kubelet-lite help')")
            return ExitStatus.refused
        }
        let rest = Array(args.dropFirst())
        if rest.contains("-h") || rest.contains("--help") {
            printOut(command.help)
            return ExitStatus.success
        }
        do {
            return try command.run(rest)
        } catch {
            printErr("kubelet-lite \(command.name): \(error.message)")
            printErr("Usage: \(error.usage)")
            return ExitStatus.refused
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
