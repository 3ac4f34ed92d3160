// kubelet-lite — GetCommand.swift
// `kubelet-lite get`: the pods run from this state dir, as `kubectl get pods` lists them.

import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// Lists pods with kubectl's READY, STATUS, RESTARTS and AGE columns, or prints them as objects.
enum GetCommand: Command {
    /// The flags of get.
    enum Flags: FlagSet {
        case namespace, allNamespaces, selector, output, watch, stateDir

        var flag: Flag {
            switch self {
            case .namespace: .namespace
            case .allNamespaces: .allNamespaces
            case .selector: .selector
            case .output:
                Flag("--output", short: "-o", value: "wide|json|yaml|name", help: "wide adds IP, NODE and SANDBOX; "
                        + "json and yaml print the Pod (one NAME) or a v1 List of them; name prints pod/NAME")
            case .watch:
                Flag("--watch", short: "-w", help: "after the list, print each pod again whenever it changes "
                        + "(until interrupted)")
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "get"
    static let operands = "[pods] [NAME...]"
    static let summary = "list the pods of the state dir"
    static let description = "List the pods run from this state directory, as kubectl get pods does."
    static let details = """
        NAME may also be written pod/NAME; several may be given. Without NAME, every pod of
        the namespace (-n, else default; every namespace with -A, which adds a NAMESPACE
        column) that the selector (-l) takes. Columns: NAME, READY (ready/total containers),
        STATUS (the phase, Init:i/N while initialising, a waiting or terminated reason such
        as CrashLoopBackOff, Terminating while a stop is under way, Unknown when the
        supervisor died without a clean stop), RESTARTS (with how long ago the last one was),
        AGE. A pod that delete removed is not listed. A pod.json that cannot be read is
        reported on stderr, naming the field at fault. With -w, each change of a pod (its
        pod.json replaced, its supervisor gone, its deletion) prints it again; Ctrl-C ends it.
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "listed (no pod at all is fine: \"No resources found\" on stderr)"),
        (.failure, "a NAME is not found, or a pod.json or the state directory cannot be read; "
            + "get -w interrupted (SIGINT, SIGTERM, SIGHUP), as kubectl"),
        (.refused, "a usage error"),
    ]

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var request = GetRequest()
        while let found = try scanner.next() {
            switch found.flag {
            case .namespace: request.selection.namespace = found.value
            case .allNamespaces: request.selection.allNamespaces = try found.isOn()
            case .selector: try request.selection.select(found.value, usage: usage)
            case .output:
                guard let format = GetFormat(rawValue: found.value) else {
                    throw scanner.error("-o takes wide, json, yaml or name, not \"\(found.value)\"")
                }
                request.format = format
            case .watch: request.watch = try found.isOn()
            case .stateDir: request.selection.stateFlag = found.value
            }
        }
        try request.selection.name(scanner.positionals, usage: usage)
        if request.watch && request.selection.names.count > 1 {
            throw scanner.error("watch is only supported on individual resources and resource collections, but "
                + "\(request.selection.names.count) resources were found")
        }
        return request.watch ? GetWatch.run(request) : GetPrinter.once(request)
    }
}
