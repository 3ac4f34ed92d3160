// kubelet-lite — VersionCommand.swift
// `kubelet-lite version`.

import KubeletLiteRuntime
/// Prints the version and the Kubernetes release whose semantics it follows.
enum VersionCommand: Command {
    typealias Flags = NoFlags
    static let name = "version"
    static let version = "0.1.0"
    static let operands = ""
    static let summary = "print the version"
    static let description = "Print kubelet-lite's version and the Kubernetes release whose kubelet it imitates."
    static let exitStatuses: [(ExitStatus, String)] = []

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        guard args.isEmpty else { throw UsageError(message: "unexpected argument \(args[0])", usage: usage) }
        return printVersion()
    }

    static func printVersion() -> ExitStatus {
        printOut("kubelet-lite \(version) (kubelet semantics of Kubernetes 1.35)")
        return .success
    }
}
