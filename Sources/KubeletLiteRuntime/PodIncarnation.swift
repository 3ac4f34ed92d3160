// kubelet-lite — PodIncarnation.swift
// One life of a pod in this supervisor: its manifest, identity and placement, made once.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// The pod as it runs now: the manifest, its UID, where it is placed, and what its containers see.
/// `apply` makes one; a reload (SIGHUP) makes the next one the same way.
struct PodIncarnation {
    let pod: Pod
    let uid: String
    var placement: PodPlacement
    let facts: PodFacts
    /// Our own home directory: the containers' HOME when they run as us (lifecycle §D12).
    let home: String

    /// A new incarnation of `pod` created at `now`; the UID is the manifest's, else a new one.
    static func begin(_ pod: Pod, at now: Instant, nodeName: String, sandbox: SandboxMode,
                      newUID: () -> String) -> PodIncarnation {
        let uid = pod.metadata.uid ?? newUID()
        // The process sandbox shares the host's network: the pod IP is loopback (lifecycle §D3).
        var placement = PodPlacement(nodeName: pod.spec.nodeName ?? nodeName, podIP: "127.0.0.1",
                                     hostIP: "127.0.0.1", createdAt: now)
        placement.sandboxMode = sandbox.rawValue
        let facts = PodFacts(podIP: placement.podIP, hostIP: placement.hostIP,
                             hostname: pod.spec.hostname ?? pod.metadata.name, nodeName: placement.nodeName, uid: uid)
        return PodIncarnation(pod: pod, uid: uid, placement: placement, facts: facts, home: Identity.homeDirectory())
    }

    /// The lifecycle state machine of this incarnation.
    func machine(backoff: BackoffPolicy) -> PodMachine {
        PodMachine(pod: pod, uid: uid, nodeName: placement.nodeName, podIP: placement.podIP, backoff: backoff)
    }

    /// The published Pod with `status`.
    func document(_ status: PodStatusSnapshot) -> JSONValue {
        PodDocument.pod(pod, uid: uid, placement: placement, status: status)
    }

    func spec(of ref: ContainerRef) -> Container {
        ref.isInit ? pod.spec.initContainers[ref.index] : pod.spec.containers[ref.index]
    }

    /// The environment a container's processes get (lifecycle §D12): HOME is the run-as user's home.
    func environment(of spec: Container) -> [(name: String, value: String)] {
        let userHome = spec.runAsUser.map { Identity.account(uid: $0)?.home ?? "/" } ?? home
        return ContainerEnvironment.build(for: spec, in: pod, facts: facts, home: userHome)
    }

    /// Everything a command of container `ref` runs with: the container's own and the pod's group.
    func context(of ref: ContainerRef, processGroup: pid_t, cgroups: [String],
                 namespaces: [String]) -> Result<ContainerContext, SpawnError> {
        let spec = spec(of: ref)
        return runAs(spec).map { user in
            ContainerContext(environment: environment(of: spec), workingDir: spec.workingDir ?? "/",
                             processGroup: processGroup, runAs: user, cgroups: cgroups, namespaces: namespaces)
        }
    }

    /// The user and group of `securityContext`; switching to another one needs root.
    private func runAs(_ spec: Container) -> Result<RunAs?, SpawnError> {
        guard spec.runAsUser != nil || spec.runAsGroup != nil else { return .success(nil) }
        let uid = spec.runAsUser ?? Int64(geteuid())
        let gid = spec.runAsGroup ?? (spec.runAsUser.flatMap { Identity.account(uid: $0)?.gid } ?? 0)
        if geteuid() != 0 && (uid != Int64(geteuid()) || gid != Int64(getegid())) {
            return .failure(SpawnError(message: "runAsUser \(uid) / runAsGroup \(gid) needs kubelet-lite to run as root"))
        }
        return .success(RunAs(uid: uid, gid: gid))
    }
}
