// kubelet-lite — SandboxMode.swift
// What a pod's sandbox is made of, per mode and per pod (lifecycle §D3).

import KubeletLiteModel

/// `--sandbox`: a process group on the host, or (as root) the pod's own namespaces.
public enum SandboxMode: String, Sendable, CaseIterable {
    /// A process group held by the pause process; the host's namespaces (lifecycle §D3).
    case process
    /// New IPC, UTS and PID namespaces held by the pause process; each container PID 1 of its own
    /// PID namespace (or of the pod's with shareProcessNamespace), with its own /proc and /dev.
    case namespaces
}

/// The sandbox one pod gets: the mode, and the pod fields that shape it.
struct SandboxShape: Equatable {
    var mode: SandboxMode
    /// The pod's hostname: `spec.hostname`, else the pod name.
    var hostname: String
    /// `spec.hostPID`: no PID namespace at all.
    var hostPID: Bool
    /// `spec.shareProcessNamespace`: one PID namespace for the pod, PID 1 the pause's child.
    var sharePID: Bool

    init(mode: SandboxMode, pod: Pod) {
        self.mode = mode
        hostname = pod.spec.hostname ?? pod.metadata.name
        hostPID = pod.spec.hostPID
        sharePID = pod.spec.shareProcessNamespace
    }

    /// The pause process's options beyond the supervisor's pid.
    var pauseOptions: [String] {
        guard mode == .namespaces else { return [] }
        return ["-n", hostname] + (hostPID ? [] : ["-p"])
    }

    /// The PID namespace a container's command runs in (the helper's `-P`).
    var pidMode: String { hostPID ? "host" : sharePID ? "pod" : "own" }

    /// The exec helper's options that put a container into the sandbox: the pod's IPC and UTS
    /// namespaces, its PID namespace, its own mounts with `messageFile` at /dev/termination-log.
    func containerOptions(pause: Int32, messageFile: String?, workingDir: String) -> [String] {
        guard mode == .namespaces else { return [] }
        return ["-N", String(pause), "-P", pidMode, "-M", messageFile ?? "-", "-w", workingDir]
    }

    /// The options that put a probe or hook into its container's namespaces (`helper`: the
    /// container's exec helper, whose mount and PID namespaces are the container's).
    func checkOptions(pause: Int32, helper: Int32, workingDir: String) -> [String] {
        guard mode == .namespaces else { return [] }
        return ["-N", String(pause), "-P", pidMode, "-J", String(helper), "-w", workingDir]
    }
}
