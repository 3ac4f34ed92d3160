// kubelet-lite — Protocol.swift
// What the runtime tells the lifecycle (inputs) and what the lifecycle asks of the runtime (actions).

import KubeletLiteModel

/// Something that happened to the pod, reported by the runtime at an instant.
public enum PodInput: Sendable, Equatable {
    /// The sandbox (pause process) is up: the pod is accepted and may start.
    case start
    /// A `startContainer` action succeeded; `pid` is the container's main process.
    case containerStarted(ContainerRef, pid: Int32)
    /// A `startContainer` action failed before the program ran (exec ENOENT, EACCES ...).
    case containerStartFailed(ContainerRef, message: String)
    /// The container's main process ended: its exit code, or the signal that killed it, and
    /// what the runtime could read for its termination message.
    case containerExited(ContainerRef, exitCode: Int32, signal: Int32?, output: ExitOutput = ExitOutput())
    /// Stop the pod gracefully (SIGTERM/SIGINT or `delete`); `gracePeriod` overrides the pod's.
    case terminate(gracePeriod: Int64?)
    /// Stop now: SIGKILL everything (a second SIGTERM/SIGINT).
    case forceTerminate
    /// A `runCheck` finished: what the runtime observed.
    case checkFinished(CheckID, CheckObservation)
    /// The pause process died under the pod: the kubelet's "sandbox changed" (lifecycle §D7).
    case sandboxLost
    /// A `recreateSandbox` action succeeded: a new pause process holds the pod.
    case sandboxRecreated
    /// The pod asks for limits the host's cgroups cannot enforce (lifecycle §21.5): said once.
    case resourcesNotEnforced(ResourceEnforcementWarning)
}

/// What a container left to explain its end (lifecycle §3.4): the runtime reads, the lifecycle decides.
public struct ExitOutput: Sendable, Equatable {
    /// The last 4096 bytes of `terminationMessagePath`, if kubelet-lite may read it (lifecycle §D5).
    public var messageFile: String?
    /// The last 80 lines, at most 2048 bytes, of the instance's output.
    public var logTail: String?
    /// The kernel's OOM killer killed in the container's memory cgroup during this instance.
    public var oomKilled: Bool

    public init(messageFile: String? = nil, logTail: String? = nil, oomKilled: Bool = false) {
        self.messageFile = messageFile
        self.logTail = logTail
        self.oomKilled = oomKilled
    }
}

/// Something the runtime must do now.
public enum PodAction: Sendable, Equatable {
    /// Spawn the container's main process; answer with `containerStarted` or `containerStartFailed`.
    /// `restartCount` names the instance (its log file is `<restartCount>.log`).
    case startContainer(ContainerRef, restartCount: Int)
    /// Send `signal` to the container's main process only (lifecycle §D4).
    case signal(ContainerRef, Signal)
    /// SIGKILL everything the container started: its main process and every descendant.
    case killContainer(ContainerRef)
    /// Run a probe or hook check; answer with `checkFinished`. `timeout` bounds it (nil: none).
    /// An exec check runs as part of the container and dies with it.
    case runCheck(CheckID, CheckRequest, timeout: Micros?)
    /// Start a new pause process; answer with `sandboxRecreated`.
    case recreateSandbox
    /// Publish an event (already deduplicated: same `name` means the same event, counted again).
    case event(RecordedEvent)
    /// Every container has stopped for good: the pod ended in `phase`.
    case finished(PodPhase)
}
