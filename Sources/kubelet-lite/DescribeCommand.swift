// kubelet-lite — DescribeCommand.swift
// `kubelet-lite describe`: one pod as `kubectl describe pod` shows it.

import KubeletLiteLifecycle
import KubeletLiteModel
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

        Exit status: 0, or 1 when NAME is not found, 2 on a usage error.
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        var scanner = ArgumentScanner(args, usage: usage)
        var namespace: String?
        var stateFlag: String?
        while let flag = scanner.nextFlag() {
            switch flag.name {
            case "-n", "--namespace": namespace = try scanner.value(for: flag)
            case "--state-dir": stateFlag = try scanner.value(for: flag)
            default: throw scanner.unknown(flag.name)
            }
        }
        var names = scanner.positionals
        if let first = names.first, ["pods", "pod", "po"].contains(first) { names.removeFirst() }
        guard names.count == 1 else {
            throw UsageError(message: names.isEmpty ? "missing NAME" : "one NAME at a time", usage: usage)
        }
        switch PodLookup.find(names[0], namespace: namespace, root: StateDirectory.defaultRoot(flag: stateFlag)) {
        case .failure(let e):
            printErr(e.message)
            return ExitStatus.podFailed
        case .success(let record):
            var pod = record.pod
            if case .object(var o) = pod, case .object(var status)? = o["status"] {
                status["phase"] = .string(PodListView.phase(record.pod, alive: record.alive))
                o["status"] = .object(status)
                pod = .object(o)
            }
            printOut(DescribeView.render(pod: pod, events: record.events(), now: RuntimeClock().now()))
            return ExitStatus.success
        }
    }
}
