// kubelet-lite — PodBuilder.swift
// Reads the typed model out of a defaulted manifest that passed validation (so nothing can fail here).

/// Builds `Pod` values from a validated, defaulted manifest tree.
enum PodBuilder {
    static func pod(from manifest: JSONObject) -> Pod {
        let meta = manifest.object("metadata") ?? JSONObject()
        let spec = manifest.object("spec") ?? JSONObject()
        let metadata = ObjectMeta(
            name: meta.string("name") ?? "", namespace: meta.string("namespace") ?? "default",
            uid: meta.string("uid").flatMap { $0.isEmpty ? nil : $0 },
            labels: meta.stringPairs("labels"), annotations: meta.stringPairs("annotations"))
        // Pod-level runAsUser/runAsGroup apply to every container that does not set its own.
        let podSecurity = spec.object("securityContext")
        let containers = { (key: String) in spec.objects(key).map { container($0, podSecurity: podSecurity) } }
        var podSpec = PodSpec(
            initContainers: containers("initContainers"), containers: containers("containers"),
            restartPolicy: RestartPolicy(rawValue: spec.string("restartPolicy") ?? "") ?? .always,
            terminationGracePeriodSeconds: spec.int("terminationGracePeriodSeconds") ?? 30,
            activeDeadlineSeconds: spec.int("activeDeadlineSeconds"),
            hostname: nonEmpty(spec.string("hostname")), nodeName: nonEmpty(spec.string("nodeName")),
            // `serviceAccount` is the deprecated alias the API server still copies over.
            serviceAccountName: nonEmpty(spec.string("serviceAccountName")) ?? nonEmpty(spec.string("serviceAccount")),
            resources: podResources(spec.object("resources")))
        podSpec.hostPID = spec.bool("hostPID") ?? false
        podSpec.shareProcessNamespace = spec.bool("shareProcessNamespace") ?? false
        return Pod(metadata: metadata, spec: podSpec, manifest: manifest)
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    static func container(_ c: JSONObject, podSecurity: JSONObject?) -> Container {
        let security = c.object("securityContext")
        var lifecycle: Lifecycle?
        if let l = c.object("lifecycle") {
            lifecycle = Lifecycle(postStart: l.object("postStart").flatMap(hookHandler),
                                  preStop: l.object("preStop").flatMap(hookHandler),
                                  stopSignal: l.string("stopSignal"))
        }
        return Container(
            name: c.string("name") ?? "", image: nonEmpty(c.string("image")),
            command: c.strings("command"), args: c.strings("args"), workingDir: nonEmpty(c.string("workingDir")),
            env: c.objects("env").map { e in
                EnvVar(name: e.string("name") ?? "", value: e.string("value"),
                       fieldPath: e.object("valueFrom")?.object("fieldRef")?.string("fieldPath"))
            },
            ports: c.objects("ports").map { p in
                ContainerPort(name: nonEmpty(p.string("name")), containerPort: Int(p.int("containerPort") ?? 0),
                              protocolName: p.string("protocol") ?? "TCP")
            },
            lifecycle: lifecycle,
            livenessProbe: c.object("livenessProbe").flatMap(probe),
            readinessProbe: c.object("readinessProbe").flatMap(probe),
            startupProbe: c.object("startupProbe").flatMap(probe),
            restartPolicy: c.string("restartPolicy").flatMap { RestartPolicy(rawValue: $0) },
            terminationMessagePath: c.string("terminationMessagePath") ?? Container.defaultTerminationMessagePath,
            terminationMessagePolicy: TerminationMessagePolicy(rawValue: c.string("terminationMessagePolicy") ?? "") ?? .file,
            runAsUser: security?.int("runAsUser") ?? podSecurity?.int("runAsUser"),
            runAsGroup: security?.int("runAsGroup") ?? podSecurity?.int("runAsGroup"),
            resources: ResourceRequirements(json: c.object("resources")))
    }

    /// Pod-level resources count when they name cpu or memory (lifecycle §21.3: empty ones do not).
    private static func podResources(_ r: JSONObject?) -> ResourceRequirements? {
        let requirements = ResourceRequirements(json: r)
        return requirements.isEmpty ? nil : requirements
    }

    private static func port(_ value: JSONValue?) -> IntOrString {
        switch value {
        case .string(let s)?: .string(s)
        case .number(let n)?: .int(Int(StrictDecoding.integerLiteral(n) ?? 0))
        default: .int(0)
        }
    }

    private static func httpGet(_ g: JSONObject) -> HTTPGetAction {
        HTTPGetAction(path: g.string("path") ?? "/", port: port(g["port"]), host: nonEmpty(g.string("host")),
                      scheme: g.string("scheme") ?? "HTTP",
                      httpHeaders: g.objects("httpHeaders").map {
                          HTTPHeader(name: $0.string("name") ?? "", value: $0.string("value") ?? "")
                      })
    }

    static func probe(_ p: JSONObject) -> Probe? {
        let handler: ProbeHandler
        if let exec = p.object("exec") {
            handler = .exec(command: exec.strings("command") ?? [])
        } else if let get = p.object("httpGet") {
            handler = .httpGet(httpGet(get))
        } else if let tcp = p.object("tcpSocket") {
            handler = .tcpSocket(port: port(tcp["port"]), host: nonEmpty(tcp.string("host")))
        } else if let grpc = p.object("grpc") {
            handler = .grpc(port: Int(grpc.int("port") ?? 0), service: grpc.string("service"))
        } else {
            return nil
        }
        return Probe(handler: handler, initialDelaySeconds: p.int("initialDelaySeconds") ?? 0,
                     timeoutSeconds: p.int("timeoutSeconds") ?? 1, periodSeconds: p.int("periodSeconds") ?? 10,
                     successThreshold: p.int("successThreshold") ?? 1, failureThreshold: p.int("failureThreshold") ?? 3,
                     terminationGracePeriodSeconds: p.int("terminationGracePeriodSeconds"))
    }

    static func hookHandler(_ h: JSONObject) -> HookHandler? {
        if let exec = h.object("exec") { return .exec(command: exec.strings("command") ?? []) }
        if let get = h.object("httpGet") { return .httpGet(httpGet(get)) }
        if let sleep = h.object("sleep") { return .sleep(seconds: sleep.int("seconds") ?? 0) }
        return nil
    }
}
