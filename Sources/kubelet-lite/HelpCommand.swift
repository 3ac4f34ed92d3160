// kubelet-lite — HelpCommand.swift
// `kubelet-lite help [COMMAND]`.

/// Prints the overview or one command's help.
enum HelpCommand: Command {
    static let name = "help"
    static let usage = "kubelet-lite help [COMMAND]"
    static let help = overview
    static let overview = """
        kubelet-lite runs a Kubernetes Pod manifest on this host as real processes, with the
        kubelet's lifecycle: init containers, probes, lifecycle hooks, restartPolicy and
        crash-loop back-off, graceful termination. No cluster, container runtime or image.

        Usage:
          kubelet-lite apply [-f] FILE [flags]   run the pod in the foreground until it ends
          kubelet-lite validate [-f] FILE        check a manifest; print every error; exit 0/2
          kubelet-lite get [pods] [NAME] [-o wide|json]   list the pods of the state dir
          kubelet-lite describe [pod] NAME       containers, states, probes, conditions, events
          kubelet-lite logs NAME [-c CONTAINER] [-f] [--previous] [--tail N]
          kubelet-lite delete [pod] NAME [--grace-period N] [--now] [--wait]
          kubelet-lite version                   print the version
          kubelet-lite help [COMMAND]            this text, or a command's (also -h/--help)

        Run 'kubelet-lite help apply' for flags, signals and exit statuses; man kubelet-lite(1).
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        guard let verb = args.first else {
            printOut(overview)
            return ExitStatus.success
        }
        guard let command = CommandLineTool.commands.first(where: { $0.name == verb }) else {
            throw UsageError(message: "no help for unknown command \"\(verb)\"", usage: usage)
        }
        printOut(command.help)
        return ExitStatus.success
    }
}
