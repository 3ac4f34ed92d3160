// kubelet-lite — DeleteCommand.swift
// `kubelet-lite delete`: stop running pods gracefully and forget them, as kubectl delete does.

import KubeletLiteModel
import KubeletLiteRuntime

/// Deletes pods as the API would: a graceful stop of a running pod (waited for, by default), after
/// which `get` no longer lists it.
enum DeleteCommand: Command {
    /// The flags of delete.
    enum Flags: FlagSet {
        case gracePeriod, now, force, wait, all, selector, allNamespaces, namespace, stateDir

        var flag: Flag {
            switch self {
            case .gracePeriod:
                Flag("--grace-period", value: "N", help: "use N seconds instead of the pod's terminationGracePeriodSeconds; "
                        + "-1 for the pod's; 0 only with --force (else it is 1); a stop signal is still followed by "
                        + "at least 2 s before SIGKILL", default: "-1")
            case .now: Flag("--now", help: "the same as --grace-period=1")
            case .force:
                Flag("--force", help: "with --grace-period=0: forget the pod at once, without waiting for it to stop "
                        + "(it is still stopped, with a grace of 1 s)")
            case .wait: Flag("--wait", help: "return only once the pod has stopped; --wait=false returns at once",
                             default: "true")
            case .all: Flag("--all", help: "every pod of the namespace (of every namespace with -A)")
            case .selector: .selector
            case .allNamespaces: .allNamespaces
            case .namespace: .namespace
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "delete"
    static let operands = "[pod] [NAME...]"
    static let summary = "stop pods gracefully and forget them"
    static let description = """
        Delete pods. A running pod is stopped gracefully by its apply, exactly as on SIGTERM
        (Killing, preStop, stop signal, grace period, SIGKILL), and its apply exits 0; delete
        waits until it has stopped, as kubectl delete waits. A deleted pod is gone from get
        (and from delete); describe and logs still read its records by name until the name is
        applied again. A pod whose supervisor died is deleted at once, after anything it left
        running is killed.
        """
    static let details = """
        NAME may also be written pod/NAME; several may be given, or -l SELECTOR, or --all.
        Prints pod "NAME" deleted for each (pod "NAME" force deleted with --force).
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "deleted (and stopped, unless --wait=false or --force); no pod selected by -l or --all is "
            + "fine (\"No resources found\")"),
        (.failure, "a NAME is not found, a supervisor cannot be reached, or the wait was interrupted (SIGINT, "
            + "SIGTERM, SIGHUP), as kubectl"),
        (.refused, "a usage error"),
    ]

    /// What to delete and how, once the flags are read.
    struct Request {
        var selection = PodSelection()
        /// -1: the pod's own grace.
        var grace: Int64 = -1
        var now = false
        var force = false
        var wait = true
        var all = false
    }

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var request = Request()
        while let found = try scanner.next() {
            switch found.flag {
            case .gracePeriod:
                guard let n = Int64(found.value) else {
                    throw scanner.error("--grace-period takes a whole number of seconds, not \"\(found.value)\"")
                }
                request.grace = n
            case .now: request.now = try found.isOn()
            case .force: request.force = try found.isOn()
            case .wait: request.wait = try found.isOn()
            case .all: request.all = try found.isOn()
            case .selector: try request.selection.select(found.value, usage: usage)
            case .allNamespaces: request.selection.allNamespaces = try found.isOn()
            case .namespace: request.selection.namespace = found.value
            case .stateDir: request.selection.stateFlag = found.value
            }
        }
        try request.selection.name(scanner.positionals, usage: usage)
        let grace = try gracePeriod(request)
        return DeleteRun(request: request, grace: grace).run()
    }

    /// The grace to ask for (nil: the pod's), by kubectl's rules: `--now` is 1 and excludes
    /// `--grace-period`; 0 without `--force` becomes 1; `--force` alone means 0; `--force` with a
    /// positive grace is refused.
    static func gracePeriod(_ r: Request) throws(UsageError) -> Int64? {
        let names = r.selection.names
        if names.isEmpty && !r.all && r.selection.selector == nil {
            throw UsageError(message: "resource(s) were provided, but no name was specified (give NAME, -l SELECTOR "
                + "or --all)", usage: usage)
        }
        if !names.isEmpty && r.all { throw UsageError(message: "names cannot be given with --all", usage: usage) }
        var grace = r.grace
        if r.now {
            guard grace == -1 else { throw UsageError(message: "--now and --grace-period cannot be specified together", usage: usage) }
            grace = 1
        }
        if r.force && grace > 0 {
            throw UsageError(message: "--force and --grace-period greater than 0 cannot be specified together", usage: usage)
        }
        if grace == 0 && !r.force { grace = 1 }
        if r.force && grace < 0 { grace = 0 }
        return grace < 0 ? nil : grace
    }
}
