// kubelet-lite — PodSupervisor+Reload.swift
// SIGHUP: re-read the manifest; a changed pod replaces the running one (design.md §1, Signals).

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

extension PodSupervisor {
    /// An invalid or unchanged manifest leaves the pod alone; a changed one stops the pod gracefully
    /// (as a delete would) and starts the new one when everything has stopped.
    func reloadManifest() {
        guard let path = options.manifestPath else {
            return diagnostic("SIGHUP: the manifest came from standard input, so there is nothing to re-read")
        }
        guard let bytes = readFile(path, limit: 16 << 20) else {
            return diagnostic("SIGHUP: cannot read \(path) (\(SystemError.text(errno))); the pod keeps running")
        }
        let result = ManifestLoader.load(bytes, source: path)
        for warning in result.warnings { diagnostic("SIGHUP: Warning: \(warning)") }
        guard let next = result.pod else {
            let why = result.failure?.message ?? "no pod"
            return diagnostic("SIGHUP: \(path) is not valid; the pod keeps running:\n\(why)")
        }
        guard next.stateKey == pod.stateKey else {
            return diagnostic("SIGHUP: \(path) now describes pod \(next.metadata.namespace)/\(next.metadata.name); "
                + "the running pod \(pod.metadata.namespace)/\(pod.metadata.name) keeps running (apply the new one on its own)")
        }
        guard next.manifest != (pendingPod ?? pod).manifest else {
            return diagnostic("SIGHUP: \(path) is unchanged; the pod keeps running")
        }
        guard !machine.isStopRequested || pendingPod != nil else {
            return diagnostic("SIGHUP: the pod is already stopping on request; the new manifest is not applied")
        }
        let first = pendingPod == nil
        pendingPod = next
        diagnostic("SIGHUP: \(path) changed: stopping the pod gracefully, then starting the new one")
        if first { apply(machine.handle(.terminate(gracePeriod: nil), at: clock.now())) }
    }

    /// The old pod has ended: the new one gets a fresh identity, sandbox, logs and lifecycle in the
    /// same state directory, as if deleted and applied again.
    func replacePod(with next: Pod) {
        if pausePID > 0 {
            let old = pausePID
            pausePID = 0  // its death is expected now: not a lost sandbox
            kill(-old, SIGKILL)
        }
        StateDirectory.removeTree(podDir + "/logs")
        logPaths.removeAll()
        recentEvents.removeAll()
        recentOrder.removeAll()
        let now = clock.now()
        pod = next
        uid = next.metadata.uid ?? Identity.newUID()
        placement = PodPlacement(nodeName: next.spec.nodeName ?? placement.nodeName, podIP: placement.podIP,
                                 hostIP: placement.hostIP, createdAt: now)
        facts = PodFacts(podIP: placement.podIP, hostIP: placement.hostIP,
                         hostname: next.spec.hostname ?? next.metadata.name, nodeName: placement.nodeName, uid: uid)
        machine = PodMachine(pod: next, uid: uid, nodeName: placement.nodeName, podIP: placement.podIP,
                             backoff: options.backoff)
        stopSignals = 0
        writtenVersion = -1
        do throws(SystemError) {
            try StateDirectory.makeDirectories(podDir + "/logs")
            try startPause()
        } catch {
            failure = "cannot start the re-read pod: \(error)"
            diagnostic(failure!)
            loop.stop()
            return
        }
        diagnostic("starting the pod from the re-read manifest")
        apply(machine.handle(.start, at: now))
    }
}
