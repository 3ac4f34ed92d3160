// kubelet-lite — PodMachine+Hooks.swift
// postStart and preStop hooks: exec, httpGet, sleep (lifecycle §8, §9.2, §9.3).

import KubeletLiteModel

extension PodMachine {
    /// Starts a hook for the current instance of container `i`.
    mutating func runHook(_ i: Int, _ kind: HookKind, _ handler: HookHandler, _ now: Instant) {
        let ref = records[i].ref
        let id = CheckID(container: ref, instance: records[i].instance, purpose: .hook(kind))
        switch handler {
        case .sleep(let seconds):
            // The kubelet itself waits: no process, cancelled with the container (lifecycle §8.2).
            timers[.hookSleep(ref, kind)] = now + .seconds(seconds)
        case .exec(let command):
            pending.append(.runCheck(id, .exec(command: command), timeout: nil))
        case .httpGet(let action):
            switch resolvePort(action.port, in: records[i].spec) {
            case .failure(let message):
                hookFinished(i, kind, instance: id.instance, failure: hookFailure(handler, ref, message.message), now)
            case .success(let port):
                pending.append(.runCheck(id, .http(hookCheck(action, port: port)), timeout: nil))
            }
        }
    }

    /// The GET an httpGet hook makes: HTTPS as given (no certificate checks, lifecycle §D8), or the
    /// plain-HTTP retry of an HTTPS hook, which drops `Authorization` as the kubelet does (lifecycle §8.2).
    func hookCheck(_ action: HTTPGetAction, port: Int, fallback: Bool = false) -> HTTPCheck {
        let headers = fallback ? action.httpHeaders.filter { $0.name.lowercased() != "authorization" } : action.httpHeaders
        return HTTPCheck(scheme: fallback ? "http" : action.scheme.lowercased(), host: action.host ?? podIP, port: port,
                         path: action.path, headers: headers, userAgent: KubeVersion.hookUserAgent, followRedirects: true)
    }

    /// A hook check came back: success, or the detailed failure (lifecycle §8.3 wording).
    mutating func hookCheckFinished(_ i: Int, _ kind: HookKind, _ id: CheckID, _ observation: CheckObservation,
                                    _ now: Instant) {
        guard let handler = kind == .postStart ? records[i].spec.lifecycle?.postStart : records[i].spec.lifecycle?.preStop
        else { return }
        var failure: String?
        switch (handler, observation) {
        case (.exec(let command), .exited(let code, let stdout, let stderr)) where code != 0:
            let cmd = command.joined(separator: " ")
            failure = hookFailure(handler, id.container,
                                  "command '\(cmd)' exited with \(code): \(stderr), message: \(GoQuote.quote(stdout + stderr))")
        case (.exec, .error(let message)), (.exec, .failed(let message)):
            failure = hookFailure(handler, id.container, "\(message), message: \"\"")
        case (.httpGet(let action), .httpsGotHTTP(let message)) where !id.httpFallback:
            // lifecycle §8.2: an HTTPS hook answered in plain HTTP is tried again over HTTP.
            guard case .success(let port) = resolvePort(action.port, in: records[i].spec) else {
                failure = hookFailure(handler, id.container, message)
                break
            }
            var retry = id
            retry.httpFallback = true
            pending.append(.runCheck(retry, .http(hookCheck(action, port: port, fallback: true)), timeout: nil))
            return
        case (.httpGet(let action), .failed), (.httpGet(let action), .error), (.httpGet(let action), .httpsGotHTTP):
            failure = hookFailure(handler, id.container, hookError(action, id, observation))
        case (.httpGet(let action), .response), (.httpGet(let action), .redirectNotFollowed),
             (.httpGet(let action), .bodyReadFailed):
            // Hooks ignore the status code (lifecycle §8.2); an HTTPS hook that worked over HTTP says so.
            if id.httpFallback {
                let port = (try? resolvePort(action.port, in: records[i].spec).get()) ?? 0
                emit(.warning, "LifecycleHTTPFallback",
                     "request to HTTPS lifecycle hook \(hostPort(action.host ?? podIP, port)) got HTTP response, retry with HTTP succeeded",
                     id.container, now)
            }
        default:
            break
        }
        hookFinished(i, kind, instance: id.instance, failure: failure, now)
    }

    /// The error an httpGet hook reports. When the plain-HTTP retry fails too, the kubelet keeps the
    /// HTTPS attempt's error (lifecycle §8.2).
    func hookError(_ action: HTTPGetAction, _ id: CheckID, _ observation: CheckObservation) -> String {
        if id.httpFallback, case .success(let port) = resolvePort(action.port, in: records[index(of: id.container)].spec) {
            return "Get \"\(hookCheck(action, port: port).url)\": http: server gave HTTP response to HTTPS client"
        }
        switch observation {
        case .failed(let m), .error(let m), .httpsGotHTTP(let m): return m
        default: return ""
        }
    }

    /// `host:port` as Go joins them (IPv6 in brackets).
    func hostPort(_ host: String, _ port: Int) -> String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `Exec lifecycle hook ([argv]) for Container "c" in Pod "p_ns(uid)" failed - error: ...` and its kin.
    func hookFailure(_ handler: HookHandler, _ ref: ContainerRef, _ error: String) -> String {
        let target = "for Container \"\(ref.name)\" in Pod \"\(podDescriptor)\" failed - error: \(error)"
        switch handler {
        case .exec(let command): return "Exec lifecycle hook ([\(command.joined(separator: " "))]) \(target)"
        case .httpGet(let action): return "HTTP lifecycle hook (\(action.path)) \(target)"
        case .sleep(let seconds): return "Sleep lifecycle hook (\(seconds)) \(target)"
        }
    }

    /// A hook ended; `failure` is its detailed error, nil on success.
    mutating func hookFinished(_ i: Int, _ kind: HookKind, instance: Int, failure: String?, _ now: Instant) {
        guard records[i].instance == instance, records[i].isLive else { return }
        timers[.hookSleep(records[i].ref, kind)] = nil
        let ref = records[i].ref
        switch kind {
        case .postStart:
            guard records[i].postStartRunning, records[i].stop == nil else { return }
            guard let failure else {
                becomeRunning(i, now)
                return
            }
            // lifecycle §8.3: the event keeps details out; the waiting reason carries them; the kill runs preStop.
            emit(.warning, "FailedPostStartHook", "PostStartHook failed", ref, now)
            records[i].hookError = failure
            // Shown while the kill runs (the kubelet's status would still say ContainerCreating then).
            records[i].state = .waiting(reason: "PostStartHookError", message: failure)
            stopContainer(i, message: "FailedPostStartHook", grace: pod.spec.terminationGracePeriodSeconds, now)
        case .preStop:
            guard case .preStop = records[i].stop else { return }
            if failure != nil { emit(.warning, "FailedPreStopHook", "PreStopHook failed", ref, now) }
            preStopOver(i, now)
        }
    }

    /// A port given by number, or by the name of one of the container's ports.
    func resolvePort(_ port: IntOrString, in container: Container) -> Result<Int, PortError> {
        switch port {
        case .int(let n):
            return .success(n)
        case .string(let name):
            if let n = Int(name) { return .success(n) }
            guard let p = container.ports.first(where: { $0.name == name }) else {
                return .failure(PortError(message: "port \(name) not found"))
            }
            return .success(p.containerPort)
        }
    }
}

/// A named port that the container does not declare.
struct PortError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
