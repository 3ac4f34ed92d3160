// kubelet-lite — ProbeWorker.swift
// One probe of one container instance: its schedule and its thresholds (lifecycle §12.2, §D11).

import KubeletLiteModel

/// The stored result of a probe, as the kubelet's results manager keeps it.
enum ProbeState: Sendable, Equatable {
    case unknown
    case success
    case failure
}

/// A probe's timer grid and consecutive-result counters for one container instance.
struct ProbeWorker: Sendable {
    let kind: ProbeKind
    let probe: Probe
    /// The next tick of the grid: `startedAt + initialDelay`, then every `periodSeconds` (lifecycle §D11).
    var nextTick: Instant
    var running = false
    var state: ProbeState
    var consecutive = 0
    var lastResult: ProbeState = .unknown
    /// After a liveness or startup verdict the worker waits for a new instance (lifecycle §12.2).
    var onHold = false

    init(kind: ProbeKind, probe: Probe, startedAt: Instant) {
        self.kind = kind
        self.probe = probe
        nextTick = startedAt + .seconds(probe.initialDelaySeconds)
        // Initial results: readiness Failure, liveness Success, startup Unknown (lifecycle §12.2).
        switch kind {
        case .readiness: state = .failure
        case .liveness: state = .success
        case .startup: state = .unknown
        }
    }

    var period: Micros { .seconds(probe.periodSeconds) }

    /// Moves the grid past `now`: a tick that found a run still going is skipped (lifecycle §D11).
    mutating func advanceGrid(past now: Instant) {
        while nextTick <= now { nextTick = nextTick + period }
    }

    /// Counts one result; returns the new stored state if the threshold was just crossed.
    mutating func record(_ result: ProbeState) -> ProbeState? {
        if result == lastResult {
            consecutive += 1
        } else {
            lastResult = result
            consecutive = 1
        }
        let threshold = result == .success ? probe.successThreshold : probe.failureThreshold
        guard consecutive >= threshold, state != result else { return nil }
        state = result
        return result
    }
}
