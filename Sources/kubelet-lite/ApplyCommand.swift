// kubelet-lite — ApplyCommand.swift
// `kubelet-lite apply`: run a pod in the foreground until it ends.

import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLiteRuntime

/// Runs a pod manifest as processes, with the kubelet's lifecycle, until the pod ends.
enum ApplyCommand: Command {
    static let name = "apply"
    static let usage = "kubelet-lite apply [-f] FILE [--state-dir DIR] [-o text|json] [--quiet] "
        + "[--backoff-initial SECONDS] [--backoff-max SECONDS] [--sandbox process]"
    static let help = """
        Run a Pod manifest in the foreground until the pod ends.

        Usage:
          \(usage)

        FILE is a v1 Pod in JSON, or - for standard input. The pod runs as host processes:
        init containers one after another, then the containers in spec order (each after
        the previous one's postStart hook), with liveness, readiness and startup probes
        (exec, httpGet, tcpSocket), restarted per restartPolicy with the kubelet's
        crash-loop back-off. Events are printed as they happen; container output is
        echoed as "[container] line".

        Flags:
          -f FILE                      the manifest (the same as giving FILE alone)
          --state-dir DIR              status, events and logs (env KUBELET_LITE_STATE_DIR;
                                       default /run/kubelet-lite as root, else
                                       $XDG_RUNTIME_DIR/kubelet-lite, else /tmp/kubelet-lite-$UID)
          -o, --output text|json       events as aligned text (default) or one v1 Event
                                       JSON object per line (then no container output)
          --quiet                      do not echo container output (logs are still kept)
          --backoff-initial SECONDS    first crash-loop back-off delay (default 10)
          --backoff-max SECONDS        back-off cap (default 300)
          --sandbox process            the sandbox mode; only "process" is available yet

        Signals:
          SIGTERM, SIGINT              stop the pod gracefully (preStop, stop signal, grace
                                       period, then SIGKILL); a second one kills at once
          SIGHUP                       re-read FILE: if the pod changed, stop it gracefully
                                       and start the new one; if invalid, report and go on
          SIGUSR1                      print the kubectl-describe view of the pod to stderr

        Exit status:
          0  the pod Succeeded, or it was stopped on request
          1  the pod Failed (activeDeadlineSeconds included)
          2  refused before anything started: usage, invalid manifest, pod already running
          3  kubelet-lite itself failed (after cleaning up what it started)

        State: STATE/pods/NAMESPACE_NAME/{pod.json,events.jsonl,supervisor.pid,logs/C/N.log}
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        var scanner = ArgumentScanner(args, usage: usage)
        var file: String?
        var stateFlag: String?
        var output = OutputFormat.text
        var quiet = false
        var backoff = BackoffPolicy()
        while let flag = scanner.nextFlag() {
            switch flag.name {
            case "-f", "--filename":
                file = try scanner.value(for: flag)
            case "--state-dir":
                stateFlag = try scanner.value(for: flag)
            case "-o", "--output":
                let v = try scanner.value(for: flag)
                guard let format = OutputFormat(rawValue: v) else {
                    throw UsageError(message: "-o takes text or json, not \"\(v)\"", usage: usage)
                }
                output = format
            case "--quiet", "-q":
                quiet = true
            case "--backoff-initial":
                backoff.initial = Micros(Int64(try scanner.seconds(try scanner.value(for: flag), flag: flag.name) * 1e6))
            case "--backoff-max":
                backoff.max = Micros(Int64(try scanner.seconds(try scanner.value(for: flag), flag: flag.name) * 1e6))
            case "--sandbox":
                let v = try scanner.value(for: flag)
                guard v == "process" else {
                    throw UsageError(message: v == "namespaces"
                        ? "--sandbox namespaces is not available in this version yet"
                        : "--sandbox takes process or namespaces, not \"\(v)\"", usage: usage)
                }
            default:
                throw scanner.unknown(flag.name)
            }
        }
        file = try singleFile(explicit: file, positionals: scanner.positionals)
        guard backoff.initial.value > 0 else {
            throw UsageError(message: "--backoff-initial must be greater than 0", usage: usage)
        }
        guard backoff.max >= backoff.initial else {
            throw UsageError(message: "--backoff-max must not be less than --backoff-initial", usage: usage)
        }
        guard let pod = ManifestInput.load(file!).pod else { return ExitStatus.refused }

        let options = SupervisorOptions(stateRoot: StateDirectory.defaultRoot(flag: stateFlag), output: output,
                                        quiet: quiet, backoff: backoff, manifestPath: file == "-" ? nil : file)
        let supervisor: PodSupervisor
        do {
            supervisor = try PodSupervisor(pod: pod, options: options)
        } catch {
            printErr("kubelet-lite: \(error)")
            return ExitStatus.internalFailure
        }
        let outcome = supervisor.run()
        switch outcome {
        case .completed(let phase):
            printErr("kubelet-lite: pod \(pod.metadata.namespace)/\(pod.metadata.name) \(phase.rawValue)")
        case .stopped(let phase):
            printErr("kubelet-lite: pod \(pod.metadata.namespace)/\(pod.metadata.name) stopped on request (\(phase.rawValue))")
        case .refused(let why):
            printErr("kubelet-lite: \(why)")
        case .failed(let why):
            printErr("kubelet-lite: \(why)")
        }
        return outcome.exitStatus
    }

    /// FILE given once, as `-f FILE` or alone.
    static func singleFile(explicit: String?, positionals: [String]) throws(UsageError) -> String {
        let all = (explicit.map { [$0] } ?? []) + positionals
        guard !all.isEmpty else { throw UsageError(message: "missing FILE (a Pod manifest, or - for stdin)", usage: usage) }
        guard all.count == 1 else {
            throw UsageError(message: "one FILE at a time, got \(all.count): \(all.joined(separator: " "))", usage: usage)
        }
        return all[0]
    }
}
