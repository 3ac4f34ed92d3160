// kubelet-lite — PodMachine+Sandbox.swift
// The pause process died: "sandbox changed" — kill everything, make a new sandbox, start over (lifecycle §D7).

import KubeletLiteModel

extension PodMachine {
    /// lifecycle §D7 and §5: every container is killed and the pod starts again from its first
    /// init container, in a new sandbox. Under Never, once anything ran, the pod fails instead.
    mutating func sandboxLost(_ now: Instant) {
        guard stopCause == nil, !sandboxDown else { return }
        emit(.normal, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.", nil, now)
        if pod.spec.restartPolicy == .never && records.contains(where: { $0.everStarted }) {
            terminalPhase = .failed
            beginPodStop(.completion, now)
            return
        }
        sandboxDown = true
        recreateAsked = false
        for i in records.indices {
            timers[.backoff(records[i].ref)] = nil
            if records[i].isLive {
                stopContainer(i, message: nil, grace: pod.spec.terminationGracePeriodSeconds, now)
            }
        }
        askForSandboxWhenEmpty()
    }

    /// Once nothing of the old sandbox runs, the runtime is asked for a new one (once).
    mutating func askForSandboxWhenEmpty() {
        guard sandboxDown, !recreateAsked, !records.contains(where: { $0.isLive }) else { return }
        recreateAsked = true
        pending.append(.recreateSandbox)
    }

    mutating func sandboxRecreated(_ now: Instant) {
        guard sandboxDown else { return }
        sandboxDown = false
        sandboxGeneration += 1
        initialized = initCount == 0
    }
}
