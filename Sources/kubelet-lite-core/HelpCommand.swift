// kubelet-lite — HelpCommand.swift
// `kubelet-lite help [COMMAND]`, and the overview of every verb.

import KubeletLiteRuntime
/// Prints the overview or one command's help.
enum HelpCommand: Command {
    typealias Flags = NoFlags
    static let name = "help"
    static let operands = "[COMMAND]"
    static let summary = "this text, or a command's (also -h/--help)"
    static let description = "Print the overview of kubelet-lite, or the help of one command."
    static let exitStatuses: [(ExitStatus, String)] = []

    /// What kubelet-lite is, and each verb's whole usage line (every flag: the shared -n and
    /// --state-dir included) with what it does, written from the commands' tables.
    static var overview: String {
        let entries = CommandLineTool.commands.map { command in
            let usage = CommandHelp.wrap(parts: command.usageParts, width: CommandHelp.width - 8)
            let lines = ["  " + (usage.first ?? "")] + usage.dropFirst().map { "        " + $0 }
            return (lines + ["      " + command.summary]).joined(separator: "\n")
        }
        return """
            kubelet-lite runs a Kubernetes Pod manifest on this host as real processes, with the
            kubelet's lifecycle: init containers, probes, lifecycle hooks, restartPolicy and
            crash-loop back-off, graceful termination. No cluster, container runtime or image.

            Usage:
            \(entries.joined(separator: "\n"))

            Run 'kubelet-lite help COMMAND' for its flags and exit statuses ('help apply' also for
            signals); man kubelet-lite(1).
            """
    }

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        guard let verb = args.first else {
            printOut(overview)
            return .success
        }
        guard let command = CommandLineTool.command(named: verb) else {
            throw UsageError(message: "no help for unknown command \"\(verb)\"", usage: usage)
        }
        printOut(command.help)
        return .success
    }
}
