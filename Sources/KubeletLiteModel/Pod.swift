// kubelet-lite — Pod.swift
// The parts of a v1 Pod that kubelet-lite honours, after defaulting and validation.

/// A validated v1 Pod: the typed fields kubelet-lite acts on, plus the defaulted manifest to publish.
public struct Pod: Sendable, Equatable {
    public var metadata: ObjectMeta
    public var spec: PodSpec
    /// The manifest as given, with the API server's defaults filled in (`status` removed).
    /// Fields kubelet-lite accepts without acting on them (tolerations, affinity ...) live only here.
    public var manifest: JSONObject

    public init(metadata: ObjectMeta, spec: PodSpec, manifest: JSONObject) {
        self.metadata = metadata
        self.spec = spec
        self.manifest = manifest
    }

    /// `namespace_name`, the pod's directory name in the state dir (as in /var/log/pods).
    public var stateKey: String { "\(metadata.namespace)_\(metadata.name)" }
}

/// Pod metadata: name, namespace (default `default`), uid (generated when absent), labels, annotations.
public struct ObjectMeta: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var uid: String?
    public var labels: [(String, String)]
    public var annotations: [(String, String)]

    public init(name: String, namespace: String = "default", uid: String? = nil,
                labels: [(String, String)] = [], annotations: [(String, String)] = []) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.labels = labels
        self.annotations = annotations
    }

    public static func == (a: ObjectMeta, b: ObjectMeta) -> Bool {
        a.name == b.name && a.namespace == b.namespace && a.uid == b.uid
            && a.labels.elementsEqual(b.labels, by: ==) && a.annotations.elementsEqual(b.annotations, by: ==)
    }
}

/// The pod-level restart policy.
public enum RestartPolicy: String, Sendable, Equatable, CaseIterable {
    case always = "Always"
    case onFailure = "OnFailure"
    case never = "Never"
}

/// The honoured part of `spec`.
public struct PodSpec: Sendable, Equatable {
    public var initContainers: [Container]
    public var containers: [Container]
    public var restartPolicy: RestartPolicy
    public var terminationGracePeriodSeconds: Int64
    public var activeDeadlineSeconds: Int64?
    public var hostname: String?
    public var nodeName: String?
    public var serviceAccountName: String?
    /// Pod-level `spec.resources` (lifecycle §21.2); nil unless it names cpu or memory.
    public var resources: ResourceRequirements?
    /// The host's PID namespace instead of the pod's (the namespaces sandbox, lifecycle §D3).
    public var hostPID = false
    /// One PID namespace shared by the pod's containers, PID 1 the pause process's.
    public var shareProcessNamespace = false

    public init(initContainers: [Container] = [], containers: [Container], restartPolicy: RestartPolicy = .always,
                terminationGracePeriodSeconds: Int64 = 30, activeDeadlineSeconds: Int64? = nil,
                hostname: String? = nil, nodeName: String? = nil, serviceAccountName: String? = nil,
                resources: ResourceRequirements? = nil) {
        self.initContainers = initContainers
        self.containers = containers
        self.restartPolicy = restartPolicy
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.hostname = hostname
        self.nodeName = nodeName
        self.serviceAccountName = serviceAccountName
        self.resources = resources
    }
}

/// One container: what to run and how to watch it.
public struct Container: Sendable, Equatable {
    public var name: String
    public var image: String?
    public var command: [String]?
    public var args: [String]?
    public var workingDir: String?
    public var env: [EnvVar]
    public var ports: [ContainerPort]
    public var lifecycle: Lifecycle?
    public var livenessProbe: Probe?
    public var readinessProbe: Probe?
    public var startupProbe: Probe?
    /// Container-level restart policy; only `Always` on an init container (a native sidecar).
    public var restartPolicy: RestartPolicy?
    public var terminationMessagePath: String
    public var terminationMessagePolicy: TerminationMessagePolicy
    public var runAsUser: Int64?
    public var runAsGroup: Int64?
    /// cpu and memory limits and requests, defaulted (lifecycle §21.2).
    public var resources: ResourceRequirements

    public init(name: String, image: String? = "busybox", command: [String]? = nil, args: [String]? = nil,
                workingDir: String? = nil, env: [EnvVar] = [], ports: [ContainerPort] = [],
                lifecycle: Lifecycle? = nil, livenessProbe: Probe? = nil, readinessProbe: Probe? = nil,
                startupProbe: Probe? = nil, restartPolicy: RestartPolicy? = nil,
                terminationMessagePath: String = Container.defaultTerminationMessagePath,
                terminationMessagePolicy: TerminationMessagePolicy = .file,
                runAsUser: Int64? = nil, runAsGroup: Int64? = nil,
                resources: ResourceRequirements = ResourceRequirements()) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.workingDir = workingDir
        self.env = env
        self.ports = ports
        self.lifecycle = lifecycle
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.restartPolicy = restartPolicy
        self.terminationMessagePath = terminationMessagePath
        self.terminationMessagePolicy = terminationMessagePolicy
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.resources = resources
    }

    /// lifecycle §D2: `command` + `args` are the argv; with `args` alone, `args[0]` is the executable.
    public var argv: [String] { (command ?? []) + (args ?? []) }

    /// The API server's default `terminationMessagePath`: a path inside a container (lifecycle §3.4).
    public static let defaultTerminationMessagePath = "/dev/termination-log"

    /// An init container with `restartPolicy: Always` is a native sidecar (lifecycle §6).
    public var isSidecar: Bool { restartPolicy == .always }
}

/// `terminationMessagePolicy`.
public enum TerminationMessagePolicy: String, Sendable, Equatable {
    case file = "File"
    case fallbackToLogsOnError = "FallbackToLogsOnError"
}

/// One `env` entry: a literal value (with `$(VAR)` references) or a `fieldRef`.
public struct EnvVar: Sendable, Equatable {
    public var name: String
    public var value: String?
    /// `valueFrom.fieldRef.fieldPath`, e.g. `metadata.name`.
    public var fieldPath: String?

    public init(name: String, value: String? = nil, fieldPath: String? = nil) {
        self.name = name
        self.value = value
        self.fieldPath = fieldPath
    }
}

/// A declared container port; its name lets probes and hooks refer to it.
public struct ContainerPort: Sendable, Equatable {
    public var name: String?
    public var containerPort: Int
    public var protocolName: String

    public init(name: String? = nil, containerPort: Int, protocolName: String = "TCP") {
        self.name = name
        self.containerPort = containerPort
        self.protocolName = protocolName
    }
}

/// A port given as a number or as the name of a container port.
public enum IntOrString: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public var description: String {
        switch self {
        case .int(let i): String(i)
        case .string(let s): s
        }
    }
}

/// `httpGet` of a probe or hook.
public struct HTTPGetAction: Sendable, Equatable {
    public var path: String
    public var port: IntOrString
    public var host: String?
    /// `HTTP` or `HTTPS`.
    public var scheme: String
    public var httpHeaders: [HTTPHeader]

    public init(path: String = "/", port: IntOrString, host: String? = nil, scheme: String = "HTTP",
                httpHeaders: [HTTPHeader] = []) {
        self.path = path
        self.port = port
        self.host = host
        self.scheme = scheme
        self.httpHeaders = httpHeaders
    }
}

/// One extra HTTP header of an `httpGet`.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What a probe runs.
public enum ProbeHandler: Sendable, Equatable {
    case exec(command: [String])
    case httpGet(HTTPGetAction)
    case tcpSocket(port: IntOrString, host: String?)
    case grpc(port: Int, service: String?)
}

/// A liveness, readiness or startup probe with its (defaulted) timing fields.
public struct Probe: Sendable, Equatable {
    public var handler: ProbeHandler
    public var initialDelaySeconds: Int64
    public var timeoutSeconds: Int64
    public var periodSeconds: Int64
    public var successThreshold: Int64
    public var failureThreshold: Int64
    public var terminationGracePeriodSeconds: Int64?

    public init(handler: ProbeHandler, initialDelaySeconds: Int64 = 0, timeoutSeconds: Int64 = 1,
                periodSeconds: Int64 = 10, successThreshold: Int64 = 1, failureThreshold: Int64 = 3,
                terminationGracePeriodSeconds: Int64? = nil) {
        self.handler = handler
        self.initialDelaySeconds = initialDelaySeconds
        self.timeoutSeconds = timeoutSeconds
        self.periodSeconds = periodSeconds
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }
}

/// What a lifecycle hook runs.
public enum HookHandler: Sendable, Equatable {
    case exec(command: [String])
    case httpGet(HTTPGetAction)
    case sleep(seconds: Int64)
}

/// `lifecycle`: the hooks and the stop signal.
public struct Lifecycle: Sendable, Equatable {
    public var postStart: HookHandler?
    public var preStop: HookHandler?
    /// `lifecycle.stopSignal` as a signal name such as `SIGTERM`.
    public var stopSignal: String?

    public init(postStart: HookHandler? = nil, preStop: HookHandler? = nil, stopSignal: String? = nil) {
        self.postStart = postStart
        self.preStop = preStop
        self.stopSignal = stopSignal
    }
}
