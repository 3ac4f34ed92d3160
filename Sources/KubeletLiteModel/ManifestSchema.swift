// kubelet-lite — ManifestSchema.swift
// The v1 Pod field tree that strict decoding checks: every known field, its Go type, and its struct.

/// The Go type of one v1 field, as strict decoding needs it.
indirect enum FieldType: Sendable {
    case string
    case int32
    case int64
    case bool
    case stringArray
    case stringMap
    /// `intstr.IntOrString`: a JSON string or an int32.
    case intOrString
    /// `v1.ResourceList`: an object of quantities, each a string or a number (lifecycle §21.1).
    case resourceList
    case object(StructSchema)
    case array(StructSchema)
    /// Accepted without a deep check (fields kubelet-lite does not act on, or rejects by name later).
    case opaque

    /// The Go type name in `json: cannot unmarshal X into Go struct field S.f of type T`.
    var goName: String {
        switch self {
        case .string: "string"
        case .int32: "int32"
        case .int64: "int64"
        case .bool: "bool"
        case .stringArray: "[]string"
        case .stringMap: "map[string]string"
        // IntOrString's own UnmarshalJSON decodes non-strings into its int32.
        case .intOrString: "int32"
        case .resourceList: "v1.ResourceList"
        case .object(let s): "v1.\(s.name)"
        case .array(let s): "[]v1.\(s.name)"
        case .opaque: "interface {}"
        }
    }
}

/// A Go struct of the v1 API: its name (for error texts) and its JSON fields.
struct StructSchema: Sendable {
    let name: String
    let fields: FieldTable

    init(_ name: String, _ fields: [(String, FieldType)]) {
        self.name = name
        self.fields = FieldTable(entries: fields)
    }
}

/// A struct's fields in declaration order, looked up by a scan: at most a few dozen names, and the
/// whole schema is built on every apply, where hashing every name into dictionaries cost more than
/// all the lookups one manifest makes.
struct FieldTable: Sendable {
    let entries: [(String, FieldType)]

    /// The first field of that JSON name.
    subscript(name: String) -> FieldType? {
        for (field, type) in entries where field == name { return type }
        return nil
    }
}

/// The v1 Pod schema (Kubernetes 1.35), as far as strict decoding goes.
enum PodSchema {
    static let pod = StructSchema("Pod", [
        ("apiVersion", .string), ("kind", .string),
        ("metadata", .object(objectMeta)), ("spec", .object(podSpec)), ("status", .opaque),
    ])

    static let objectMeta = StructSchema("ObjectMeta", [
        ("name", .string), ("generateName", .string), ("namespace", .string), ("selfLink", .string),
        ("uid", .string), ("resourceVersion", .string), ("generation", .int64),
        ("creationTimestamp", .opaque), ("deletionTimestamp", .opaque), ("deletionGracePeriodSeconds", .int64),
        ("labels", .stringMap), ("annotations", .stringMap),
        ("ownerReferences", .opaque), ("finalizers", .opaque), ("managedFields", .opaque),
    ])

    static let podSpec = StructSchema("PodSpec", [
        ("volumes", .array(volume)), ("initContainers", .array(container)), ("containers", .array(container)),
        ("ephemeralContainers", .opaque), ("restartPolicy", .string),
        ("terminationGracePeriodSeconds", .int64), ("activeDeadlineSeconds", .int64),
        ("dnsPolicy", .string), ("nodeSelector", .stringMap), ("serviceAccountName", .string),
        ("serviceAccount", .string), ("automountServiceAccountToken", .bool), ("nodeName", .string),
        ("hostNetwork", .bool), ("hostPID", .bool), ("hostIPC", .bool), ("shareProcessNamespace", .bool),
        ("securityContext", .object(podSecurityContext)), ("imagePullSecrets", .opaque),
        ("hostname", .string), ("subdomain", .string), ("affinity", .opaque), ("schedulerName", .string),
        ("tolerations", .opaque), ("hostAliases", .opaque), ("priorityClassName", .string),
        ("priority", .int32), ("dnsConfig", .opaque), ("readinessGates", .opaque),
        ("runtimeClassName", .string), ("enableServiceLinks", .bool), ("preemptionPolicy", .string),
        ("overhead", .opaque), ("topologySpreadConstraints", .opaque), ("setHostnameAsFQDN", .bool),
        ("os", .object(podOS)), ("hostUsers", .bool), ("schedulingGates", .opaque),
        ("resourceClaims", .opaque), ("resources", .object(resourceRequirements)), ("hostnameOverride", .string),
    ])

    static let podOS = StructSchema("PodOS", [("name", .string)])

    static let podSecurityContext = StructSchema("PodSecurityContext", [
        ("seLinuxOptions", .opaque), ("windowsOptions", .opaque), ("runAsUser", .int64), ("runAsGroup", .int64),
        ("runAsNonRoot", .bool), ("supplementalGroups", .opaque), ("supplementalGroupsPolicy", .string),
        ("fsGroup", .int64), ("sysctls", .opaque), ("fsGroupChangePolicy", .string),
        ("seccompProfile", .opaque), ("appArmorProfile", .opaque), ("seLinuxChangePolicy", .string),
    ])

    /// Every volume source of v1.VolumeSource; only emptyDir and hostPath pass validation.
    static let volumeSources = [
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
        "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
        "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
        "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral",
        "image",
    ]

    static let volume = StructSchema("Volume", [("name", .string)] + volumeSources.map { ($0, FieldType.opaque) })

    static let container = StructSchema("Container", [
        ("name", .string), ("image", .string), ("command", .stringArray), ("args", .stringArray),
        ("workingDir", .string), ("ports", .array(containerPort)), ("envFrom", .opaque),
        ("env", .array(envVar)), ("resources", .object(resourceRequirements)), ("resizePolicy", .opaque),
        ("restartPolicy", .string), ("restartPolicyRules", .opaque), ("volumeMounts", .array(volumeMount)),
        ("volumeDevices", .opaque), ("livenessProbe", .object(probe)), ("readinessProbe", .object(probe)),
        ("startupProbe", .object(probe)), ("lifecycle", .object(lifecycle)),
        ("terminationMessagePath", .string), ("terminationMessagePolicy", .string),
        ("imagePullPolicy", .string), ("securityContext", .object(securityContext)),
        ("stdin", .bool), ("stdinOnce", .bool), ("tty", .bool),
    ])

    static let resourceRequirements = StructSchema("ResourceRequirements", [
        ("limits", .resourceList), ("requests", .resourceList), ("claims", .array(resourceClaim)),
    ])

    static let resourceClaim = StructSchema("ResourceClaim", [("name", .string), ("request", .string)])

    static let containerPort = StructSchema("ContainerPort", [
        ("name", .string), ("hostPort", .int32), ("containerPort", .int32), ("protocol", .string),
        ("hostIP", .string),
    ])

    static let envVar = StructSchema("EnvVar", [
        ("name", .string), ("value", .string), ("valueFrom", .object(envVarSource)),
    ])

    static let envVarSource = StructSchema("EnvVarSource", [
        ("fieldRef", .object(objectFieldSelector)), ("resourceFieldRef", .opaque),
        ("configMapKeyRef", .opaque), ("secretKeyRef", .opaque), ("fileKeyRef", .opaque),
    ])

    static let objectFieldSelector = StructSchema("ObjectFieldSelector", [
        ("apiVersion", .string), ("fieldPath", .string),
    ])

    static let volumeMount = StructSchema("VolumeMount", [
        ("name", .string), ("readOnly", .bool), ("recursiveReadOnly", .string), ("mountPath", .string),
        ("subPath", .string), ("mountPropagation", .string), ("subPathExpr", .string),
    ])

    static let securityContext = StructSchema("SecurityContext", [
        ("capabilities", .opaque), ("privileged", .bool), ("seLinuxOptions", .opaque),
        ("windowsOptions", .opaque), ("runAsUser", .int64), ("runAsGroup", .int64), ("runAsNonRoot", .bool),
        ("readOnlyRootFilesystem", .bool), ("allowPrivilegeEscalation", .bool), ("procMount", .string),
        ("seccompProfile", .opaque), ("appArmorProfile", .opaque),
    ])

    static let probe = StructSchema("Probe", [
        ("exec", .object(execAction)), ("httpGet", .object(httpGetAction)),
        ("tcpSocket", .object(tcpSocketAction)), ("grpc", .object(grpcAction)),
        ("initialDelaySeconds", .int32), ("timeoutSeconds", .int32), ("periodSeconds", .int32),
        ("successThreshold", .int32), ("failureThreshold", .int32), ("terminationGracePeriodSeconds", .int64),
    ])

    static let execAction = StructSchema("ExecAction", [("command", .stringArray)])

    static let httpGetAction = StructSchema("HTTPGetAction", [
        ("path", .string), ("port", .intOrString), ("host", .string), ("scheme", .string),
        ("httpHeaders", .array(httpHeader)),
    ])

    static let httpHeader = StructSchema("HTTPHeader", [("name", .string), ("value", .string)])

    static let tcpSocketAction = StructSchema("TCPSocketAction", [("port", .intOrString), ("host", .string)])

    static let grpcAction = StructSchema("GRPCAction", [("port", .int32), ("service", .string)])

    static let lifecycle = StructSchema("Lifecycle", [
        ("postStart", .object(lifecycleHandler)), ("preStop", .object(lifecycleHandler)),
        ("stopSignal", .string),
    ])

    static let lifecycleHandler = StructSchema("LifecycleHandler", [
        ("exec", .object(execAction)), ("httpGet", .object(httpGetAction)),
        ("tcpSocket", .object(tcpSocketAction)), ("sleep", .object(sleepAction)),
    ])

    static let sleepAction = StructSchema("SleepAction", [("seconds", .int64)])
}
