// kubelet-lite — ReloadPolicy.swift
// SIGHUP: what a re-read manifest means for the running pod (lifecycle §10.4).

import KubeletLiteModel

/// Decides what a valid re-read manifest does to the running pod, as a changed Pod definition does
/// on a node: a changed spec replaces the pod (graceful stop, then the new one); anything else keeps it.
public enum ReloadPolicy {
    /// The outcome of one re-read.
    public enum Decision: Sendable, Equatable {
        /// The file now names another pod: that one must be applied on its own.
        case otherPod
        /// Nothing changed since the running (or already pending) manifest.
        case unchanged
        /// A stop on request is under way: the pod is going, the new manifest is not applied.
        case alreadyStopping
        /// Replace the pod: stop the running one first (`stopFirst`), or replace the pending one.
        case replace(stopFirst: Bool)
    }

    /// - Parameters:
    ///   - running: the pod that runs now.
    ///   - pending: a manifest already waiting for the running pod to stop, if any.
    ///   - next: the manifest just read.
    ///   - stopRequested: whether a stop on request is under way.
    public static func decide(running: Pod, pending: Pod?, next: Pod, stopRequested: Bool) -> Decision {
        guard next.stateKey == running.stateKey else { return .otherPod }
        guard next.manifest != (pending ?? running).manifest else { return .unchanged }
        if pending != nil { return .replace(stopFirst: false) }
        return stopRequested ? .alreadyStopping : .replace(stopFirst: true)
    }
}
