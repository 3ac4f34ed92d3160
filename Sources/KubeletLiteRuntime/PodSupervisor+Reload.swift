// kubelet-lite — PodSupervisor+Reload.swift
// SIGHUP: re-read the manifest; a changed pod replaces the running one (lifecycle §10.4).

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

extension PodSupervisor {
    /// An invalid or unchanged manifest leaves the pod alone; a changed one stops the pod gracefully
    /// (as a delete would) and starts the new one when everything has stopped.
    func reloadManifest() {
        guard let path = context.options.manifestPath else {
            return context.diagnostic("SIGHUP: the manifest came from standard input, so there is nothing to re-read")
        }
        let next: Pod
        switch ManifestFile.load(path, pod: context.options.manifestPod) {
        case .failure(.unreadable(let what)):
            return context.diagnostic("SIGHUP: \(what); the pod keeps running")
        case .failure(.invalid(let what, let details)):
            return context.diagnostic("SIGHUP: \(what); the pod keeps running:\n\(details)")
        case .success(let (pod, warnings)):
            for warning in warnings { context.diagnostic("SIGHUP: Warning: \(warning)") }
            next = pod
        }
        let running = incarnation.pod
        switch ReloadPolicy.decide(running: running, pending: progress.pendingPod, next: next,
                                   stopRequested: driver.machine.isStopRequested) {
        case .otherPod:
            context.diagnostic("SIGHUP: \(path) now describes pod \(next.metadata.namespace)/\(next.metadata.name); "
                + "the running pod \(running.metadata.namespace)/\(running.metadata.name) keeps running (apply the new one on its own)")
        case .unchanged:
            context.diagnostic("SIGHUP: \(path) is unchanged; the pod keeps running")
        case .alreadyStopping:
            context.diagnostic("SIGHUP: the pod is already stopping on request; the new manifest is not applied")
        case .replace(let stopFirst):
            progress.pendingPod = next
            context.diagnostic("SIGHUP: \(path) changed: stopping the pod gracefully, then starting the new one")
            if stopFirst { apply(driver.handle(.terminate(gracePeriod: nil))) }
        }
    }

    /// The old pod has ended: the new one gets a fresh identity, sandbox, logs and lifecycle in the
    /// same state directory, as if deleted and applied again.
    func replacePod(with next: Pod) {
        sandbox.remove()  // the pause process's death is expected now: not a lost sandbox
        processes.removeLogs()
        files.journal.forgetRecent()
        files.status.reset()
        incarnation = PodIncarnation.begin(next, at: context.now, nodeName: incarnation.placement.nodeName,
                                           sandbox: context.options.sandbox, newUID: Identity.newUID)
        driver.replace(with: incarnation.machine(backoff: context.options.backoff))
        sandbox.reshape(SandboxShape(mode: context.options.sandbox, pod: next))
        context.diagnostic("starting the pod from the re-read manifest")
        do throws(SystemError) {
            try startPod()
        } catch {
            progress.fail(error, "cannot start the re-read pod: ")
            context.diagnostic(progress.failure!)
            context.loop.stop()
        }
    }
}
