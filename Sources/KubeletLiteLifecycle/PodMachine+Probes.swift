// kubelet-lite — PodMachine+Probes.swift
// Startup, liveness and readiness probes: schedule, thresholds, verdicts (lifecycle §12, §D11).

import KubeletLiteModel

extension PodMachine {
    /// Creates the probe workers of a container that has just become running.
    mutating func startProbes(_ i: Int, _ now: Instant) {
        let spec = records[i].spec
        guard let startedAt = records[i].startedAt else { return }
        let declared: [(ProbeKind, Probe?)] = [(.startup, spec.startupProbe), (.liveness, spec.livenessProbe),
                                               (.readiness, spec.readinessProbe)]
        for case (let kind, let probe?) in declared {
            var worker = ProbeWorker(kind: kind, probe: probe, startedAt: startedAt)
            // A postStart that outlasted the initial delay: the first tick is now.
            if worker.nextTick < now { worker.nextTick = now }
            records[i].probes[kind] = worker
            timers[.probe(records[i].ref, kind)] = worker.nextTick
        }
    }

    /// A tick of a probe's grid: run it unless gated, on hold, or still running (lifecycle §12.2).
    mutating func probeTick(_ i: Int, _ kind: ProbeKind, _ now: Instant) {
        guard records[i].isUp, var worker = records[i].probes[kind] else { return }
        let ref = records[i].ref
        worker.advanceGrid(past: now)
        timers[.probe(ref, kind)] = worker.nextTick
        defer { records[i].probes[kind] = worker }
        if kind == .startup && records[i].startupDone {
            timers[.probe(ref, kind)] = nil
            return
        }
        // Liveness and readiness wait for startup; liveness and startup stop once the container is being killed.
        if kind != .startup && !records[i].startupDone { return }
        if kind != .readiness && (records[i].stop != nil || stopCause != nil) { return }
        if worker.onHold || worker.running { return }
        worker.running = true
        let id = CheckID(container: ref, instance: records[i].instance, purpose: .probe(kind))
        switch probeRequest(worker.probe.handler, container: records[i].spec) {
        case .success(let request):
            pending.append(.runCheck(id, request, timeout: .seconds(worker.probe.timeoutSeconds)))
        case .failure(let error):
            records[i].probes[kind] = worker
            probeCheckFinished(i, kind, id, .error(error.message), now)
            worker = records[i].probes[kind] ?? worker
        }
    }

    /// The check a probe handler stands for, with its port resolved and host defaulted (lifecycle §12.4).
    func probeRequest(_ handler: ProbeHandler, container: Container) -> Result<CheckRequest, PortError> {
        switch handler {
        case .exec(let command):
            return .success(.exec(command: Self.expandStatic(command, in: container)))
        case .tcpSocket(let port, let host):
            return resolvePort(port, in: container).map { .tcp(host: host ?? podIP, port: $0) }
        case .httpGet(let action):
            // HTTPS too: TLS without certificate checks, through the system's OpenSSL (lifecycle §D8).
            return resolvePort(action.port, in: container).map {
                .http(HTTPCheck(scheme: action.scheme, host: action.host ?? podIP, port: $0, path: action.path,
                                headers: action.httpHeaders, userAgent: KubeVersion.probeUserAgent,
                                followRedirects: true))
            }
        case .grpc(let port, let service):
            // The kubelet dials the pod IP (a gRPC probe has no host field) and asks for `service`, "" by default.
            return .success(.grpc(host: podIP, port: port, service: service ?? ""))
        }
    }

    /// A probe check came back: count it, report it, act on a crossed threshold.
    mutating func probeCheckFinished(_ i: Int, _ kind: ProbeKind, _ id: CheckID, _ observation: CheckObservation,
                                     _ now: Instant) {
        guard records[i].instance == id.instance, records[i].isUp, var worker = records[i].probes[kind] else { return }
        worker.running = false
        defer { if records[i].probes[kind] != nil { records[i].probes[kind] = worker } }
        let ref = records[i].ref
        let (result, output, warning) = classify(observation, probe: worker.probe, container: records[i].spec)
        if let warning { emit(.warning, "ProbeWarning", "\(kind.rawValue) probe warning: \(warning)", ref, now) }
        switch result {
        case .unknown:
            // lifecycle §12.2: an error is reported and discarded; the counters do not move.
            emit(.warning, "Unhealthy", "\(kind.rawValue) probe errored and resulted in unknown state: \(output)", ref, now)
            return
        case .failure:
            emit(.warning, "Unhealthy", "\(kind.rawValue) probe failed: \(output)", ref, now)
        case .success:
            break
        }
        if kind != .readiness && (records[i].stop != nil || stopCause != nil) { return }
        guard let crossed = worker.record(result) else { return }
        switch (kind, crossed) {
        case (.readiness, _):
            records[i].readinessOK = crossed == .success
        case (.startup, .success):
            records[i].startupDone = true
            timers[.probe(ref, .startup)] = nil
            // Readiness is evaluated at once when the container has just started (lifecycle §12.2, §D11).
            if var readiness = records[i].probes[.readiness],
               let startedAt = records[i].startedAt, now >= startedAt + .seconds(readiness.probe.initialDelaySeconds) {
                readiness.nextTick = now
                records[i].probes[.readiness] = readiness
                timers[.probe(ref, .readiness)] = now
            }
        case (.startup, _), (.liveness, .failure):
            worker.onHold = true
            killForProbe(i, kind, worker.probe, now)
        default:
            break
        }
    }

    /// Kills a container that failed its liveness or startup probe, to be restarted per policy (lifecycle §10.3).
    private mutating func killForProbe(_ i: Int, _ kind: ProbeKind, _ probe: Probe, _ now: Instant) {
        let name = records[i].spec.name
        let what = kind == .liveness ? "liveness" : "startup"
        let message: String
        if records[i].isSidecar {
            message = "Init container \(name) failed \(what) probe"
        } else {
            message = "Container \(name) failed \(what) probe" + (pod.spec.restartPolicy == .never ? "" : ", will be restarted")
        }
        records[i].restartAfterKill = true
        records[i].killGate = records[i].lastState?.finishedAt
        stopContainer(i, message: message, grace: probe.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds, now)
    }

    /// `$(VAR)` in an exec probe's command, from the container's literal `env` values only
    /// (`ExpandContainerCommandOnlyStatic`, lifecycle §12.4); hooks run their command as written.
    static func expandStatic(_ command: [String], in container: Container) -> [String] {
        var values: [String: String] = [:]
        for env in container.env where env.fieldPath == nil { values[env.name] = env.value ?? "" }
        return command.map { Expansion.expand($0) { values[$0] } }
    }

    /// A probe's result and message from what was observed (lifecycle §12.4).
    func classify(_ observation: CheckObservation, probe: Probe, container: Container) -> (ProbeState, String, String?) {
        switch observation {
        case .exited(let code, let stdout, let stderr):
            let output = Self.trimmed(stdout + stderr)
            return (code == 0 ? .success : .failure, output, nil)
        case .timedOut:
            if case .exec(let command) = probe.handler {
                let ran = Self.expandStatic(command, in: container)
                return (.failure, "command \"\(ran.joined(separator: " "))\" timed out", nil)
            }
            return (.failure, "timeout", nil)
        case .connected:
            return (.success, "", nil)
        case .response(let status, let body):
            if (200..<400).contains(status) { return (.success, body, nil) }
            return (.failure, "HTTP probe failed with statuscode: \(status)", nil)
        case .redirectNotFollowed(_, let body):
            return (.success, body, "Probe terminated redirects, Response body: \(body)")
        case .bodyReadFailed(_, let message):
            return (.unknown, message, nil)
        case .failed(let message), .httpsGotHTTP(let message):
            return (.failure, message, nil)
        case .grpc(let serving, let message):
            // lifecycle §12.4: SERVING is success; every other answer and every error is a failure, never Unknown.
            return (serving ? .success : .failure, message, nil)
        case .error(let message):
            return (.unknown, message, nil)
        }
    }

    /// Output without its trailing newlines, capped at the kubelet's 10 KiB.
    static func trimmed(_ s: String) -> String {
        let limit = KubeletLimits.probeOutputBytes
        var out = Substring(s.utf8.count > limit ? String(decoding: s.utf8.prefix(limit), as: UTF8.self) : s)
        while out.last == "\n" || out.last == "\r" { out.removeLast() }
        return String(out)
    }

    /// Routes a finished check to its probe or hook.
    mutating func checkFinished(_ id: CheckID, _ observation: CheckObservation, _ now: Instant) {
        let i = index(of: id.container)
        switch id.purpose {
        case .probe(let kind):
            probeCheckFinished(i, kind, id, observation, now)
        case .hook(let kind):
            guard records[i].instance == id.instance else { return }
            hookCheckFinished(i, kind, id, observation, now)
        }
    }
}
