// kubelet-lite — DescribeCommand.swift
// `kubelet-lite describe`: one pod as `kubectl describe pod` shows it.

import KubeletLitePresentation
import KubeletLiteRuntime

/// Shows a pod's containers, states, probes, conditions and events.
enum DescribeCommand: Command {
    static let name = "describe"
    static let usage = "kubelet-lite describe [pod] NAME [-n NAMESPACE] [--state-dir DIR]"
    static let help = """
        Show one pod as kubectl describe pod does: containers with their state, last state,
        restart count and probes; conditions; and the events table (sorted by last seen,
        ages as "8s (x2 over 18s)"). A pod whose supervisor died without a clean stop shows
        Status: Unknown. The same view is printed by a running apply on SIGUSR1.

        Usage:
          \(usage)

        Exit status: 0, or 1 when NAME is not found or its pod.json cannot be read, 2 on a usage error.
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        var scanner = ArgumentScanner(args, usage: usage)
        var selection = PodSelection()
        while let flag = scanner.nextFlag() {
            guard try selection.take(flag, from: &scanner) else { throw scanner.unknown(flag.name) }
        }
        let name = try PodSelection.name(scanner.positionals, required: true, usage: usage) ?? ""
        guard let (record, pod) = selection.published(name) else { return ExitStatus.podFailed }
        printOut(DescribeView.render(published: pod.shown(alive: record.alive), events: record.events(),
                                     now: RuntimeClock().now()))
        return ExitStatus.success
    }
}
