// kubelet-lite — LogsCommand.swift
// `kubelet-lite logs`: a container's output, from its CRI log file.

import KubeletLiteLifecycle
import KubeletLiteModel
import Glibc
import KubeletLiteRuntime

/// Prints what a container wrote (its current or previous instance), as kubectl logs does.
enum LogsCommand: Command {
    static let name = "logs"
    static let usage = "kubelet-lite logs NAME [-c CONTAINER] [-f] [--previous] [--tail N] [-n NAMESPACE] [--state-dir DIR]"
    static let help = """
        Print a container's output (stdout and stderr, in the order written) from its log,
        STATE/pods/NAMESPACE_NAME/logs/CONTAINER/N.log (N is the restart count).

        Usage:
          \(usage)

        -c CONTAINER   which container; needed when the pod has more than one
        -f, --follow   go on printing as the container writes, until this instance of it
                       ends or its apply exits
        --previous     the instance before the current one (after a restart)
        --tail N       only the last N lines
        Exit status: 0, or 1 when the pod, container or log is not found, 2 on a usage error.
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        var scanner = ArgumentScanner(args, usage: usage)
        var container: String?
        var previous = false
        var follow = false
        var tail: Int?
        var selection = PodSelection()
        while let flag = scanner.nextFlag() {
            if try selection.take(flag, from: &scanner) { continue }
            switch flag.name {
            case "-c", "--container": container = try scanner.value(for: flag)
            case "-p", "--previous": previous = true
            case "--tail":
                let v = try scanner.value(for: flag)
                guard let n = Int(v), n >= -1 else {
                    throw UsageError(message: "--tail takes a number of lines, not \"\(v)\"", usage: usage)
                }
                tail = n < 0 ? nil : n
            case "-f", "--follow": follow = true
            default: throw scanner.unknown(flag.name)
            }
        }
        guard scanner.positionals.count == 1 else {
            throw UsageError(message: scanner.positionals.isEmpty ? "missing NAME" : "one NAME at a time", usage: usage)
        }
        guard let record = selection.find(scanner.positionals[0]) else { return ExitStatus.podFailed }
        let statuses = (record.pod["status"]?["initContainerStatuses"]?.arrayValue ?? [])
            + (record.pod["status"]?["containerStatuses"]?.arrayValue ?? [])
        let podName = scanner.positionals[0]
        let name: String
        if let container {
            name = container
        } else if let only = record.pod["spec"]?["containers"]?.arrayValue, only.count == 1,
                  (record.pod["spec"]?["initContainers"]?.arrayValue ?? []).isEmpty {
            name = only[0]["name"]?.stringValue ?? ""
        } else {
            let names = statuses.compactMap { $0["name"]?.stringValue }.joined(separator: " ")
            printErr("error: a container name must be specified for pod \(podName), choose one of: [\(names)]")
            return ExitStatus.podFailed
        }
        guard let status = statuses.first(where: { $0["name"]?.stringValue == name }) else {
            printErr("error: container \(name) is not valid for pod \(podName)")
            return ExitStatus.podFailed
        }
        let current = Int(status["restartCount"]?.int64Value ?? 0)
        if previous && current == 0 {
            printErr("error: previous terminated container \"\(name)\" in pod \"\(podName)\" not found")
            return ExitStatus.podFailed
        }
        let path = record.logPath(container: name, restartCount: previous ? current - 1 : current)
        if follow && !previous && record.alive {
            guard access(path, F_OK) == 0 else {
                printErr("error: container \"\(name)\" in pod \"\(podName)\" has not started yet")
                return ExitStatus.podFailed
            }
            let key = record.key
            let root = String(record.directory.dropLast(key.count + "/pods/".count))
            LogFollower.follow(path: path, podDir: record.directory, tail: tail, instanceOver: {
                // This instance is over once the container restarted or is no longer running.
                guard let now = StateReader.pod(key: key, in: root) else { return true }
                let all = (now.pod["status"]?["initContainerStatuses"]?.arrayValue ?? [])
                    + (now.pod["status"]?["containerStatuses"]?.arrayValue ?? [])
                guard let s = all.first(where: { $0["name"]?.stringValue == name }) else { return true }
                return Int(s["restartCount"]?.int64Value ?? 0) > current || s["state"]?["running"] == nil
                    && s["state"]?["waiting"]?["reason"]?.stringValue != "ContainerCreating"
            }, write: { text in if !text.isEmpty { printOut(text) } })
            return ExitStatus.success
        }
        guard let text = StateReader.logText(path, tail: tail) else {
            printErr("error: no log for container \"\(name)\" in pod \"\(podName)\" (it has not started)")
            return ExitStatus.podFailed
        }
        if !text.isEmpty { printOut(text) }
        return ExitStatus.success
    }
}
