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
                Flag("--container", short: "-c", value: "CONTAINER", help: "which container (the same as giving "
                        + "CONTAINER after POD); by default the one the kubectl.kubernetes.io/default-container "
                        + "annotation names, else the first container")
            case .follow:
                Flag("--follow", short: "-f", help: "go on printing as the container writes, until this instance of it "
                        + "ends or its apply exits; Ctrl-C ends it")
            case .previous: Flag("--previous", short: "-p", help: "the instance before the current one (after a restart)")
            case .tail: Flag("--tail", value: "N", help: "only the last N lines; -1 for all", default: "-1")
            case .namespace: .namespace
            case .stateDir: .stateDir
            }
        }
    }

    static let name = "logs"
    static let operands = "POD [CONTAINER]"
    static let summary = "a container's output, from its log"
    static let description = """
        Print a container's output from its log, STATE/pods/NAMESPACE_NAME/logs/CONTAINER/N.log
        (N is the restart count), its rotated parts N.log.TIMESTAMP first (--container-log-max-size
        of apply); -f follows into the new file after a rotation. Lines longer than 16 KiB,
        stored as partial (P) records, are joined again. Both streams are in the one log, each line as kubelet-lite
        read it: lines of stdout and stderr written close together may be in another order
        than written (each pipe is read in batches), as in kubectl logs.
        """
    static let details = """
        POD may also be written pod/POD. Without a container, kubectl's choice: the one the
        kubectl.kubernetes.io/default-container annotation names, else the first container,
        with "Defaulted container "app" out of: app, init (init)" on stderr when there were
        others. A pod that delete removed keeps its logs until its name is applied again.
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "printed (with -f: the instance ended or its apply exited)"),
        (.failure, "the pod, container or log is not found, or the pod.json cannot be read"),
        (.refused, "a usage error"),
    ]
    static let epilogue = """
        Signals:
          SIGINT, SIGTERM              end logs -f at once (kubelet-lite dies of the signal,
                                       as kubectl does: status 130 or 143 in a shell)
        """

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
            case .previous: request.previous = try found.isOn()
            case .tail:
                guard let n = Int(found.value), n >= -1 else {
                    throw scanner.error("--tail must be greater than or equal to -1, not \"\(found.value)\"")
                }
                request.tail = n < 0 ? nil : n
            case .follow: request.follow = try found.isOn()
            case .namespace: selection.namespace = found.value
            case .stateDir: selection.stateFlag = found.value
            }
        }
        try operands(scanner.positionals, into: &request, selection: &selection)
        guard let (records, _) = selection.resolve(deleted: true), let record = records.first,
              let pod = PodSelection.read(record), let (name, restarts) = container(of: pod, request) else {
            return .failure
        }
        return print(record: record, container: name, restarts: restarts, request)
    }

    /// `POD [CONTAINER]`, POD perhaps as pod/POD; a CONTAINER operand and -c are one or the other.
    static func operands(_ positionals: [String], into request: inout Request,
                         selection: inout PodSelection) throws(UsageError) {
        guard let first = positionals.first else { throw UsageError(message: "missing POD", usage: usage) }
        guard positionals.count <= 2 else {
            throw UsageError(message: "logs takes POD and at most one CONTAINER, got \(positionals.count) arguments",
                             usage: usage)
        }
        if positionals.count == 2 {
            guard request.container == nil else {
                throw UsageError(message: "only one of -c or an inline [CONTAINER] arg is allowed", usage: usage)
            }
            request.container = positionals[1]
        }
        // `pod/NAME` is read as get reads it; a bare word is the pod's name even if it is `pod`.
        selection.names = first.contains("/") ? try ResourceArguments.names([first], usage: usage) : [first]
        request.podName = selection.names[0]
    }

    /// Prints the log of one instance, or follows it.
    static func print(record: PodRecord, container name: String, restarts: Int, _ request: Request) -> ExitStatus {
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

    /// The container asked for, or kubectl's default (with its notice), and its restart count; nil
    /// after saying why not.
    static func container(of pod: PublishedPod, _ request: Request) -> (name: String, restarts: Int)? {
        let name: String
        if let chosen = request.container {
            name = chosen
        } else if let (picked, notice) = DefaultContainer.pick(pod) {
            if let notice { printErr(notice) }
            name = picked
        } else {
            printErr("error: pod \(pod.metadata.namespace)/\(pod.metadata.name) does not have any containers")
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
