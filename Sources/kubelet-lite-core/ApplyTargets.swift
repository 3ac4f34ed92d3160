// kubelet-lite — ApplyTargets.swift
// What `apply` runs: one pod in this process, several under a pod host, a directory once, one pod
// of a file for a host's supervisor, or nothing at all (--dry-run) (architecture §4.11).

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// The pods of apply's FILE and how they run; set from `--dry-run` and the pod host's hidden flags.
struct ApplyTargets {
    /// `--dry-run`: print instead of run, in this format (`text`, `json`, `yaml`, `name`).
    var dryRun = false
    /// `--pod-key`: run only this pod of FILE (`namespace/name`): a pod host's supervisor.
    var podKey: String?
    /// `--host-pid`: the pod host that started this supervisor, whose death stops the pod.
    var hostPid: pid_t?
    /// `-d`: one pod's supervisor runs in the background (several pods: refused, not yet built).
    var detach = false
    private var dryRunFormat = "text"

    static func flag(_ which: ApplyCommand.Flags) -> Flag {
        switch which {
        case .podKey:
            Flag("--pod-key", value: "NAMESPACE/NAME", help: "run only this pod of FILE (a pod host's supervisor)",
                 hidden: true)
        case .hostPid:
            Flag("--host-pid", value: "PID", help: "the pod host that started this supervisor", hidden: true)
        default:
            Flag("--dry-run", help: "run nothing: print the pod(s) as they would run, defaults filled in (with "
                    + "-o json|yaml the Pod, or a v1 List of several; else pod/NAME created (dry run)); "
                    + "--dry-run=client is the same, --dry-run=none runs")
        }
    }

    mutating func take(_ found: ScannedFlag<ApplyCommand.Flags>, scanner: ArgumentScanner<ApplyCommand.Flags>)
        throws(UsageError) {
        switch found.flag {
        case .podKey: podKey = found.value
        case .hostPid:
            guard let pid = pid_t(found.value), pid > 0 else { throw scanner.error("--host-pid takes a pid") }
            hostPid = pid
        default:
            switch found.value {
            case "", "client", "true": dryRun = true
            case "none", "false": dryRun = false
            case "server": throw scanner.error("--dry-run=server needs an API server; kubelet-lite has none (use client)")
            default: throw scanner.error("--dry-run takes client or none, not \"\(found.value)\"")
            }
        }
    }

    /// `-o`: text or json for a run; with --dry-run also yaml and name (kept for the print).
    mutating func output(_ name: String, scanner: ArgumentScanner<ApplyCommand.Flags>) throws(UsageError) -> OutputFormat {
        if dryRun {
            guard ["text", "json", "yaml", "name"].contains(name) else {
                throw scanner.error("-o takes json, yaml or name with --dry-run, not \"\(name)\"")
            }
            dryRunFormat = name
            return .text
        }
        guard let format = OutputFormat(rawValue: name) else { throw scanner.error("-o takes text or json, not \"\(name)\"") }
        return format
    }

    func run(_ file: String, options: SupervisorOptions) -> ExitStatus {
        if let hostPid, !PodHostBinding.bind(toHost: hostPid) { return .internalFailure }  // the host is gone
        if file != "-", let names = directoryManifests(file) {
            guard let names else { return .refused }
            return runAll(names.map { ($0, ManifestFile.read($0)) }, options: options)
        }
        guard let bytes = ManifestInput.bytes(file) else { return .refused }
        let results = ManifestLoader.loadAll(bytes, source: file == "-" ? "STDIN" : file)
        if dryRun { return DryRun.print(results, format: dryRunFormat) }
        var options = options
        options.manifestPath = file == "-" ? nil : file
        if let podKey {
            options.manifestPod = podKey
            let selected = ManifestFile.select(podKey, from: results)
            return runOne(selected ?? ManifestResult(pod: nil, warnings: [], failure: .noObjects(source: file)), options: options)
        }
        guard results.count > 1 else { return runOne(results[0], options: options) }
        return runAll([(file, .success(bytes))], options: options)
    }

    /// One pod in this process, as apply has always run it.
    private func runOne(_ result: ManifestResult, options: SupervisorOptions) -> ExitStatus {
        for warning in result.warnings { printErr("Warning: \(warning)") }
        guard let pod = result.pod else {
            printErr(result.failure?.message ?? "error: no pod")
            return .refused
        }
        return detach ? ApplyCommand.detached(pod, options: options) : ApplyCommand.supervise(pod, options: options)
    }

    /// Several pods, each under a supervisor child of a pod host.
    private func runAll(_ files: [(String, Result<[UInt8], ManifestFile.ReadError>)], options: SupervisorOptions) -> ExitStatus {
        if dryRun {
            var all: [ManifestResult] = []
            for (file, read) in files {
                guard case .success(let bytes) = read else { return unreadable(file, read) }
                all += ManifestLoader.loadAll(bytes, source: file)
            }
            return DryRun.print(all, format: dryRunFormat)
        }
        if detach {
            printErr("error: apply -d runs one pod; a file or directory of several pods runs in the foreground "
                     + "(or as a service: see kubelet-lite run --manifest-dir)")
            return .refused
        }
        do throws(SystemError) {
            let host = try PodHost(options: PodHost.Options(childArguments: Self.childArguments(options), output: options.output))
            var status = ExitStatus.success
            for (file, read) in files {
                guard case .success(let bytes) = read else {
                    status = max(status, unreadable(file, read))
                    continue
                }
                host.start(source: file, bytes: bytes)
            }
            return max(status, host.run())
        } catch {
            printErr("kubelet-lite: \(error)")
            return .internalFailure
        }
    }

    private func unreadable(_ file: String, _ read: Result<[UInt8], ManifestFile.ReadError>) -> ExitStatus {
        if case .failure(let e) = read { printErr("error: cannot read \"\(file)\": \(e.reason)") }
        return .refused
    }

    /// The manifests of `path` when it is a directory (nil inside when it has none or cannot be
    /// listed, after saying so); nil when it is not a directory.
    private func directoryManifests(_ path: String) -> [String]?? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return nil }
        guard let names = ManifestDirectory.manifests(in: path) else {
            printErr("error: cannot read \"\(path)\": \(String(cString: strerror(errno)))")
            return .some(nil)
        }
        if names.isEmpty { printErr("error: no manifest (*.yaml, *.yml, *.json) in \"\(path)\"") }
        return names.isEmpty ? .some(nil) : names
    }

    /// apply's flags for a pod host's supervisors: the same settings, FILE and the pod added per child.
    static func childArguments(_ o: SupervisorOptions) -> [String] {
        var args = ["apply", "--state-dir", o.stateRoot, "-o", o.output.rawValue,
                    "--backoff-initial", ApplyCommand.seconds(o.backoff.initial),
                    "--backoff-max", ApplyCommand.seconds(o.backoff.max), "--sandbox", o.sandbox.rawValue,
                    "--status-interval", ApplyCommand.seconds(o.statusInterval)]
        if o.quiet { args.append("--quiet") }
        args += ["--container-log-max-size", String(o.logPolicy.maxSize),
                 "--container-log-max-files", String(o.logPolicy.maxFiles)]
        if let limit = o.podPidsLimit { args += ["--pod-pids-limit", String(limit)] }
        return args
    }
}

/// `apply --dry-run`: the pods as they would run, printed, nothing started.
enum DryRun {
    static func print(_ results: [ManifestResult], format: String) -> ExitStatus {
        for result in results {
            for warning in result.warnings { printErr("Warning: \(warning)") }
            if let failure = result.failure { printErr(failure.message) }
        }
        let pods = results.compactMap(\.pod)
        let documents = pods.map { JSONValue.object($0.manifest) }
        switch format {
        case "json", "yaml":
            if let value = documents.count == 1 ? documents.first : documents.isEmpty ? nil : GetPrinter.list(documents) {
                printOut(format == "yaml" ? YAMLOutput.document(value) : value.serialized(indent: 4))
            }
        case "name":
            for pod in pods { printOut("pod/\(pod.metadata.name)") }
        default:
            for pod in pods { printOut("pod/\(pod.metadata.name) created (dry run)") }
        }
        return results.allSatisfy { $0.pod != nil } ? .success : .refused
    }
}
