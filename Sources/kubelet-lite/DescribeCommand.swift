// kubelet-lite — DescribeCommand.swift
// `kubelet-lite describe`: one pod as `kubectl describe pod` shows it.

import KubeletLitePresentation
import KubeletLiteRuntime

/// Shows a pod's containers, states, probes, conditions and events.
enum DescribeCommand: Command {
    /// The flags of describe.
    enum Flags: FlagSet {
        case namespace, stateDir

        var flag: Flag {
            switch self {
            case .namespace: .namespace
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "describe"
    static let operands = "[pod] NAME"
    static let summary = "containers, states, probes, conditions, events"
    static let description = """
        Show one pod as kubectl describe pod does: containers with their state, last state,
        restart count and probes; conditions; and the events table (sorted by last seen,
        ages as "8s (x2 over 18s)"). A pod whose supervisor died without a clean stop shows
        Status: Unknown. The same view is printed by a running apply on SIGUSR1.
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "described"),
        (.failure, "NAME is not found, or its pod.json cannot be read"),
        (.refused, "a usage error"),
    ]

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var selection = PodSelection()
        while let found = try scanner.next() {
            switch found.flag {
            case .namespace: selection.namespace = found.value
            case .stateDir: selection.stateFlag = found.value
            }
        }
        let name = try PodSelection.name(scanner.positionals, required: true, usage: usage) ?? ""
        guard let (record, pod) = selection.published(name) else { return .failure }
        printOut(DescribeView.render(published: pod.shown(alive: record.alive), events: record.events(),
                                     now: RuntimeClock().now()))
        return .success
    }
}
