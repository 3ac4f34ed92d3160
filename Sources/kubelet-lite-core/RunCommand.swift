// kubelet-lite — RunCommand.swift
// `kubelet-lite run --manifest-dir DIR`: static pods, as the kubelet's staticPodPath (architecture §4.11).

import Glibc
import KubeletLiteRuntime

/// Runs every manifest of a directory and keeps the pods in step with the files until stopped.
enum RunCommand: Command {
    /// The flags of run.
    enum Flags: FlagSet {
        case manifestDir, stateDir, output, quiet

        var flag: Flag {
            switch self {
            case .manifestDir:
                Flag("--manifest-dir", value: "DIR", help: "the directory of manifests (the kubelet's staticPodPath)",
                     inUsageLine: false)
            case .stateDir: .stateDir
            case .output: ApplyCommand.Flags.output.flag
            case .quiet: ApplyCommand.Flags.quiet.flag
            }
        }
    }

    static let name = "run"
    static let operands = "--manifest-dir DIR"
    static let summary = "run every manifest of DIR as static pods, following changes"
    static let description = "Run every manifest of a directory as static pods, following the directory as it changes."
    static let details = """
        Every *.yaml, *.yml and *.json file in DIR is a manifest (dot-files and editors'
        temporaries are ignored); each of its pods runs under a supervisor of its own, as
        `apply FILE` runs it, and every line it prints starts with "[pod] ". Changes are
        seen through inotify: a file added starts its pods; a file removed stops them
        gracefully; a changed file restarts the pods whose spec changed, as SIGHUP to
        apply does. A file that does not validate is reported on stderr, and what runs
        is left as it is. A pod that ends stays ended until its file changes.
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "stopped on request, every pod Succeeded or was stopped"),
        (.failure, "a pod Failed by itself before the stop"),
        (.refused, "usage error, or DIR is not a readable directory"),
        (.internalFailure, "kubelet-lite itself failed (inotify, a supervisor it could not start or that died)"),
    ]
    static let epilogue = """
        Signals:
          SIGTERM, SIGINT    stop every pod gracefully, each with its own grace; again: at once
          SIGHUP             read DIR again (kill -HUP); a terminal hang-up stops, as SIGTERM
          SIGUSR1            each pod's describe view on stderr
        """

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var directory: String?
        var stateFlag: String?
        var output = OutputFormat.text
        var quiet = false
        while let found = try scanner.next() {
            switch found.flag {
            case .manifestDir: directory = found.value
            case .stateDir: stateFlag = found.value
            case .output:
                guard let format = OutputFormat(rawValue: found.value) else {
                    throw scanner.error("-o takes text or json, not \"\(found.value)\"")
                }
                output = format
            case .quiet: quiet = try found.isOn()
            }
        }
        guard scanner.positionals.isEmpty else { throw scanner.error("unexpected \(scanner.positionals.joined(separator: " "))") }
        guard let directory else { throw scanner.error("missing --manifest-dir DIR") }
        var st = stat()
        guard stat(directory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            printErr("error: \"\(directory)\" is not a directory")
            return .refused
        }
        let options = SupervisorOptions(stateRoot: StateDirectory.defaultRoot(flag: stateFlag), output: output, quiet: quiet)
        do throws(SystemError) {
            let host = try PodHost(options: PodHost.Options(childArguments: ApplyTargets.childArguments(options), output: output,
                                                          stateRoot: options.stateRoot))
            try host.watch(directory: directory)
            return host.run()
        } catch {
            printErr("kubelet-lite: \(error)")
            return .internalFailure
        }
    }
}
