// kubelet-lite — PublishedPod+Shown.swift
// A pod as get and describe show it: Unknown, with its containers lost, once its supervisor is gone.

import KubeletLiteLifecycle
import KubeletLiteModel

extension PublishedPod {
    /// The kubelet's reason and message for a container it can no longer find (kubelet_pods.go,
    /// status_manager.go): a lost container is shown terminated with exit code 137.
    public static let lostReason = "ContainerStatusUnknown"
    public static let lostMessage = "The container could not be located when the pod was terminated"

    /// The phase as `get` and `describe` show it: `Unknown` for a pod left non-terminal by a
    /// supervisor that died without a clean stop (architecture §6.4).
    public func shownPhase(alive: Bool) -> PodPhase {
        !alive && !status.phase.isTerminal ? .unknown : status.phase
    }

    /// The pod as `get`, `get -o json` and `describe` show it. Once its supervisor is gone without
    /// a clean stop, the pod is `Unknown` and kubelet-lite knows its processes are dead (they die
    /// with the supervisor, architecture §5.5): as the kubelet reports containers it cannot find,
    /// each one not terminated is terminated with exit code 137, reason `ContainerStatusUnknown`,
    /// not ready, not started; the pod's `Ready` and `ContainersReady` are False. The change is made
    /// to the typed status and to the document alike.
    public func shown(alive: Bool) -> PublishedPod {
        var copy = self
        copy.status.phase = shownPhase(alive: alive)
        guard case .object(var root) = document, case .object(var status)? = root["status"] else { return copy }
        status["phase"] = .string(copy.status.phase.rawValue)
        if copy.status.phase == .unknown {
            copy.markContainersLost(in: &status)
        }
        root["status"] = .object(status)
        copy.document = .object(root)
        return copy
    }

    /// The latest instant the status records: when the supervisor last published a change, the
    /// last thing known before it died (pod.json is written only when the status changes).
    var lastSeen: Instant? {
        let containers = allContainerStatuses.flatMap { s in
            [s.state, s.lastState].compactMap { state -> Instant? in
                switch state {
                case .running(let started)?: started
                case .terminated(let t)?: t.finishedAt
                case .waiting?, nil: nil
                }
            }
        }
        return ([status.startTime].compactMap { $0 } + status.conditions.compactMap(\.lastTransitionTime) + containers).max()
    }

    private mutating func markContainersLost(in status: inout JSONObject) {
        let seen = lastSeen ?? metadata.creationTimestamp ?? Instant(micros: 0)
        var lost: [String] = []
        for key in ["initContainerStatuses", "containerStatuses"] {
            var typed = key == "containerStatuses" ? self.status.containerStatuses : self.status.initContainerStatuses
            var published = status[key]?.arrayValue ?? []
            for i in typed.indices where typed[i].state?.terminated == nil {
                let state = TerminatedState(exitCode: 137, reason: Self.lostReason, message: Self.lostMessage,
                                            startedAt: typed[i].state.flatMap(Self.startedAt), finishedAt: seen,
                                            containerID: typed[i].containerID)
                typed[i].state = .terminated(state)
                typed[i].ready = false
                typed[i].started = false
                lost.append(typed[i].name)
                if let j = published.firstIndex(where: { $0["name"]?.stringValue == typed[i].name }),
                   case .object(var entry) = published[j] {
                    entry["state"] = .object(JSONObject([("terminated", .object(PodDocument.terminated(state)))]))
                    entry["ready"] = .bool(false)
                    entry["started"] = .bool(false)
                    published[j] = .object(entry)
                }
            }
            if key == "containerStatuses" { self.status.containerStatuses = typed } else { self.status.initContainerStatuses = typed }
            if status[key] != nil { status[key] = .array(published) }
        }
        markNotReady(lost: lost, in: &status)
    }

    /// `Ready` and `ContainersReady` False, as the kubelet sets them for unready containers.
    private mutating func markNotReady(lost: [String], in status: inout JSONObject) {
        let message = "containers with unready status: [\(lost.joined(separator: " "))]"
        var published = status["conditions"]?.arrayValue ?? []
        for i in self.status.conditions.indices
        where [.ready, .containersReady].contains(self.status.conditions[i].type) && self.status.conditions[i].status != .false {
            self.status.conditions[i].status = .false
            self.status.conditions[i].reason = "ContainersNotReady"
            self.status.conditions[i].message = message
            let type = self.status.conditions[i].type.rawValue
            if let j = published.firstIndex(where: { $0["type"]?.stringValue == type }), case .object(var c) = published[j] {
                c["status"] = .string("False")
                c["reason"] = .string("ContainersNotReady")
                c["message"] = .string(message)
                published[j] = .object(c)
            }
        }
        if status["conditions"] != nil { status["conditions"] = .array(published) }
    }

    private static func startedAt(_ state: ContainerState) -> Instant? {
        if case .running(let started) = state { return started }
        return nil
    }
}
