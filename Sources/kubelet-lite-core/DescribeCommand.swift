// kubelet-lite — DescribeCommand.swift
// `kubelet-lite describe`: pods as `kubectl describe pod` shows them.

import KubeletLitePresentation
import KubeletLiteRuntime

/// Shows a pod's containers, states, probes, conditions and events.
enum DescribeCommand: Command {
    /// The flags of describe.
    enum Flags: FlagSet {
        case namespace, allNamespaces, selector, stateDir

        var flag: Flag {
            switch self {
            case .namespace: .namespace
            case .allNamespaces: .allNamespaces
            case .selector: .selector
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "describe"
    static let operands = "[pod] [NAME...]"
    static let summary = "containers, states, probes, conditions, events"
    static let description = """
        Show pods as kubectl describe pod does: containers with their state, last state,
        restart count and probes; conditions; and the events table (sorted by last seen,
        ages as "8s (x2 over 18s)"). A pod being stopped shows "Terminating (lasts 18s)" and
        its termination grace period; a pod whose supervisor died without a clean stop shows
        Status: Unknown, its containers terminated (ContainerStatusUnknown, exit code 137)
        and not ready. The same view is printed by a running apply on SIGUSR1.
        """
    static let details = """
        NAME may also be written pod/NAME; several may be given. A pod that delete removed is
        still described by name until its name is applied again. Without NAME, every pod of
        the namespace (-n, else default; every namespace with -A) that the selector (-l)
        takes, one after another.
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "described (no pod at all is fine: \"No resources found\" on stderr)"),
        (.failure, "a NAME is not found, or its pod.json or the state directory cannot be read"),
        (.refused, "a usage error"),
    ]

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var selection = PodSelection()
        while let found = try scanner.next() {
            switch found.flag {
            case .namespace: selection.namespace = found.value
            case .allNamespaces: selection.allNamespaces = try found.isOn()
            case .selector: try selection.select(found.value, usage: usage)
            case .stateDir: selection.stateFlag = found.value
            }
        }
        try selection.name(scanner.positionals, usage: usage)
        // By name, a deleted pod's records are still described; a listing leaves it out.
        guard let (records, missing) = selection.resolve(deleted: !selection.names.isEmpty) else { return .failure }
        if records.isEmpty && selection.names.isEmpty { printErr(selection.nothingFound) }
        let now = RuntimeClock().now()
        var views: [String] = []
        for record in records {
            guard let pod = PodSelection.read(record) else { continue }
            views.append(DescribeView.render(published: pod.shown(alive: record.alive), events: record.events(), now: now))
        }
        // describe.go separates the views of several objects with two blank lines ("\n\n" after each).
        if !views.isEmpty { printOut(views.joined(separator: "\n\n")) }
        return missing == 0 && views.count == records.count ? .success : .failure
    }
}
