// kubelet-lite — VersionCommand.swift
// `kubelet-lite version`.

/// Prints the version and the Kubernetes release whose semantics it follows.
enum VersionCommand: Command {
    static let name = "version"
    static let version = "0.1.0"
    static let usage = "kubelet-lite version"
    static let help = """
        Print kubelet-lite's version and the Kubernetes release whose kubelet it imitates.

        Usage:
          \(usage)
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        guard args.isEmpty else { throw UsageError(message: "unexpected argument \(args[0])", usage: usage) }
        return printVersion()
    }

    static func printVersion() -> Int32 {
        printOut("kubelet-lite \(version) (kubelet semantics of Kubernetes 1.35)")
        return ExitStatus.success
    }
}
