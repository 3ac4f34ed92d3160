// kubelet-lite — HandlerValidation.swift
// Probe and lifecycle validation (validateProbe, validateHandler, validateLifecycle, stop signals).

/// Validates probes, lifecycle hooks and the stop signal of one container.
enum HandlerValidation {
    /// Signal names Kubernetes accepts for `lifecycle.stopSignal` on Linux, sorted as Go's sets.List does.
    static let linuxStopSignals: [String] = {
        var names = [
            "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT",
            "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV",
            "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
            "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ", "SIGRTMIN", "SIGRTMAX",
        ]
        names += (1...15).map { "SIGRTMIN+\($0)" } + (1...14).map { "SIGRTMAX-\($0)" }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }()

    static func validateProbes(_ c: JSONObject, path: String, context: PodValidation.Context) -> [FieldError] {
        var errors: [FieldError] = []
        for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let probe = c.object(key) else { continue }
            let p = "\(path).\(key)"
            errors += validateProbe(probe, path: p, context: context)
            if key == "readinessProbe" {
                if let grace = probe.int("terminationGracePeriodSeconds") {
                    errors.append(.invalid("\(p).terminationGracePeriodSeconds", grace, "must not be set for readinessProbes"))
                }
            } else if let success = probe.int("successThreshold"), success != 1 {
                errors.append(.invalid("\(p).successThreshold", success, "must be 1"))
            }
        }
        return errors
    }

    private static func validateProbe(_ probe: JSONObject, path: String, context: PodValidation.Context) -> [FieldError] {
        var errors = validateHandler(probe, kinds: ["exec", "httpGet", "tcpSocket", "grpc"], path: path,
                                     context: context)
        for key in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
            if let value = probe.int(key), value < 0 {
                errors.append(.invalid("\(path).\(key)", value, "must be greater than or equal to 0"))
            }
        }
        if let grace = probe.int("terminationGracePeriodSeconds"), grace <= 0 {
            errors.append(.invalid("\(path).terminationGracePeriodSeconds", grace, "must be greater than 0"))
        }
        return errors
    }

    static func validateLifecycle(_ lifecycle: JSONObject, path: String, context: PodValidation.Context) -> [FieldError] {
        var errors: [FieldError] = []
        for key in ["postStart", "preStop"] {
            if let handler = lifecycle.object(key) {
                errors += validateHandler(handler, kinds: ["exec", "httpGet", "tcpSocket", "sleep"],
                                          path: "\(path).\(key)", context: context)
            }
        }
        if let signal = lifecycle.string("stopSignal") {
            let p = "\(path).stopSignal"
            if context.osName == nil {
                errors.append(.forbidden(p, "may not be set for containers with empty `spec.os.name`"))
            } else if context.osName == "linux" && !linuxStopSignals.contains(signal) {
                errors.append(.notSupported(p, signal, linuxStopSignals))
            }
        }
        return errors
    }

    /// Exactly one handler; the first one found is validated, every further one is forbidden.
    private static func validateHandler(_ handler: JSONObject, kinds: [String], path: String,
                                        context: PodValidation.Context) -> [FieldError] {
        var errors: [FieldError] = []
        var count = 0
        for kind in kinds {
            guard let action = handler.object(kind) else { continue }
            let p = "\(path).\(kind)"
            if count > 0 {
                errors.append(.forbidden(p, "may not specify more than 1 handler type"))
                continue
            }
            count += 1
            switch kind {
            case "exec":
                if (action.strings("command") ?? []).isEmpty { errors.append(.required("\(p).command")) }
            case "httpGet":
                errors += validateHTTPGet(action, path: p)
            case "tcpSocket":
                errors += validatePort(action["port"], path: "\(p).port")
                // A lifecycle tcpSocket handler passes API validation, but no kubelet can run it.
                if kinds.contains("sleep") {
                    errors.append(.forbidden(p, "not supported as a lifecycle handler (the kubelet cannot run it)"))
                }
            case "grpc":
                errors += validatePort(action["port"], path: "\(p).port")
            case "sleep":
                // PodLifecycleSleepActionAllowZero is on by default since 1.33: zero is allowed.
                let seconds = action.int("seconds") ?? 0
                if let grace = context.grace, seconds < 0 || seconds > grace {
                    errors.append(.invalid(p, seconds,
                                           "must be non-negative and less than terminationGracePeriodSeconds (\(grace))"))
                }
            default:
                break
            }
        }
        if count == 0 { errors.append(.required(path, "must specify a handler type")) }
        return errors
    }

    private static func validateHTTPGet(_ get: JSONObject, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        if (get.string("path") ?? "").isEmpty { errors.append(.required("\(path).path")) }
        errors += validatePort(get["port"], path: "\(path).port")
        let scheme = get.string("scheme") ?? ""
        if scheme != "HTTP" && scheme != "HTTPS" {
            errors.append(.notSupported("\(path).scheme", scheme, ["HTTP", "HTTPS"]))
        }
        for header in get.objects("httpHeaders") {
            let name = header.string("name") ?? ""
            errors += NameRules.httpHeaderName(name).map { .invalid("\(path).httpHeaders", name, $0) }
        }
        return errors
    }

    /// ValidatePortNumOrName: a number 1...65535 or a valid port name; absent is the number 0.
    private static func validatePort(_ value: JSONValue?, path: String) -> [FieldError] {
        if case .string(let name)? = value {
            return NameRules.portName(name).map { .invalid(path, name, $0) }
        }
        var number: Int64 = 0
        if case .number(let text)? = value { number = StrictDecoding.integerLiteral(text) ?? 0 }
        return NameRules.portNumber(number).map { .invalid(path, number, $0) }
    }
}
