// kubelet-lite — LogsCommand.swift
// `kubelet-lite logs`: a container's output, from its CRI log file.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation
import KubeletLiteRuntime

/// Prints what a container wrote (its current or previous instance), as kubectl logs does.
enum LogsCommand: Command {
    /// The flags of logs.
    enum Flags: FlagSet {
        case container, follow, previous, tail, namespace, stateDir

        var flag: Flag {
            switch self {
            case .container:
                Flag("--container", short: "-c", value: "CONTAINER", help: "which container; needed when the pod has more than one")
            case .follow:
                Flag("--follow", short: "-f", help: "go on printing as the container writes, until this instance of it "
                        + "ends or its apply exits")
            case .previous: Flag("--previous", short: "-p", help: "the instance before the current one (after a restart)")
            case .tail: Flag("--tail", value: "N", help: "only the last N lines; -1 for all", default: "-1")
            case .namespace: .namespace
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "logs"
    static let operands = "NAME"
    static let summary = "a container's output, from its log"
    static let description = """
        Print a container's output (stdout and stderr, in the order written) from its log,
        STATE/pods/NAMESPACE_NAME/logs/CONTAINER/N.log (N is the restart count).
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "printed"),
        (.failure, "the pod, container or log is not found, or the pod.json cannot be read"),
        (.refused, "a usage error"),
    ]

    /// What to print, once the flags are read.
    struct Request {
        var podName = ""
        var container: String?
        var previous = false
        var follow = false
        var tail: Int?
    }

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var request = Request()
        var selection = PodSelection()
        while let found = try scanner.next() {
            switch found.flag {
            case .container: request.container = found.value
            case .previous: request.previous = true
            case .tail:
                guard let n = Int(found.value), n >= -1 else {
                    throw scanner.error("--tail takes a number of lines, not \"\(found.value)\"")
                }
                request.tail = n < 0 ? nil : n
            case .follow: request.follow = true
            case .namespace: selection.namespace = found.value
            case .stateDir: selection.stateFlag = found.value
            }
        }
        guard scanner.positionals.count == 1 else {
            throw scanner.error(scanner.positionals.isEmpty ? "missing NAME" : "one NAME at a time")
        }
        request.podName = scanner.positionals[0]
        guard let (record, pod) = selection.published(request.podName),
              let (name, restarts) = container(of: pod, request) else { return .failure }
        if request.previous && restarts == 0 {
            printErr("error: previous terminated container \"\(name)\" in pod \"\(request.podName)\" not found")
            return .failure
        }
        let path = record.logPath(container: name, restartCount: request.previous ? restarts - 1 : restarts)
        if request.follow && !request.previous && record.alive {
            return follow(path, container: name, restarts: restarts, record: record, request: request)
        }
        guard let text = StateReader.logText(path, tail: request.tail) else {
            printErr("error: no log for container \"\(name)\" in pod \"\(request.podName)\" (it has not started)")
            return .failure
        }
        if !text.isEmpty { printOut(text) }
        return .success
    }

    /// The container asked for (or the only one) and its restart count; nil after saying why not.
    static func container(of pod: PublishedPod, _ request: Request) -> (name: String, restarts: Int)? {
        let name: String
        if let chosen = request.container {
            name = chosen
        } else if pod.spec.containers.count == 1, pod.spec.initContainers.isEmpty {
            name = pod.spec.containers[0].name
        } else {
            let names = pod.allContainerStatuses.map(\.name).joined(separator: " ")
            printErr("error: a container name must be specified for pod \(request.podName), choose one of: [\(names)]")
            return nil
        }
        guard let status = pod.containerStatus(name) else {
            printErr("error: container \(name) is not valid for pod \(request.podName)")
            return nil
        }
        return (name, status.restartCount)
    }

    /// `logs -f`: prints the log as it grows, until this instance of the container is over.
    static func follow(_ path: String, container name: String, restarts: Int, record: PodRecord,
                       request: Request) -> ExitStatus {
        guard access(path, F_OK) == 0 else {
            printErr("error: container \"\(name)\" in pod \"\(request.podName)\" has not started yet")
            return .failure
        }
        let key = record.key
        let root = String(record.directory.dropLast(key.count + "/pods/".count))
        LogFollower.follow(path: path, podDir: record.directory, tail: request.tail, instanceOver: {
            // Over once the container restarted or is no longer running (or pod.json is gone or unreadable).
            guard let found = try? StateReader.pod(key: key, in: root), let now = try? found.pod.get(),
                  let s = now.containerStatus(name) else { return true }
            return s.restartCount > restarts
                || s.state?.isRunning != true && s.state?.waitingReason != "ContainerCreating"
        }, write: { text in if !text.isEmpty { printOut(text) } })
        return .success
    }
}
