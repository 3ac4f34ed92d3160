// kubelet-lite — BadManifestTable.swift
// Refused manifests and the exact text kubelet-lite must print for each.

/// One refused manifest: inline JSON and the whole expected `ManifestFailure.message`.
struct BadManifest: Sendable, CustomStringConvertible {
    let name: String
    let json: String
    let expected: String
    var source = "pod.json"

    var description: String { name }
}

/// A valid container body (image and argv), to splice into container objects.
let ok = #""image":"busybox","command":["sleep","1"]"#

/// A Pod named "p" around the given spec body.
func pod(_ spec: String, meta: String = #""name":"p""#) -> String {
    #"{"apiVersion":"v1","kind":"Pod","metadata":{\#(meta)},"spec":{\#(spec)}}"#
}

/// A pod "p" with one container "a" (valid image and argv) plus the extra container fields.
func pod(container extra: String, spec: String = "") -> String {
    pod(#""containers":[{"name":"a",\#(ok)\#(extra.isEmpty ? "" : ",")\#(extra)}]\#(spec.isEmpty ? "" : ",")\#(spec)"#)
}

let dns1123Label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
    + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
let noEntrypoint = "Required value: there is no image entrypoint, so command or args must name the executable"
let invalidPod = "The Pod \"p\" is invalid: "

/// The table, grouped by the stage or part of the manifest each entry exercises.
enum BadManifests {
    static let decoding: [BadManifest] = [
        BadManifest(
            name: "malformed JSON: line and column",
            json: "{\"apiVersion\": \"v1\",\n  \"kind\": \"Pod\" \"x\"}",
            expected: #"error: error parsing pod.json: invalid JSON at line 2, column 17: unexpected character '"', expected ',' or '}'"#),
        BadManifest(
            name: "truncated JSON on standard input",
            json: #"{"kind":"Pod""#,
            expected: "error: error parsing STDIN: invalid JSON at line 1, column 14: unexpected end of input, expected ',' or '}'",
            source: "-"),
        BadManifest(
            name: "unknown fields, in document order, with indices",
            json: pod(#""containers":[{"name":"a",\#(ok),"livenessProbe":{"exec":{"command":["true"]},"periodSecond":5}}],"foo":1"#),
            expected: #"Error from server (BadRequest): error when creating "pod.json": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].livenessProbe.periodSecond", unknown field "spec.foo""#),
        BadManifest(
            name: "wrong JSON type: string for int32",
            json: pod(container: #""livenessProbe":{"exec":{"command":["true"]},"periodSeconds":"10"}"#),
            expected: #"Error from server (BadRequest): error when creating "pod.json": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Probe.spec.containers.livenessProbe.periodSeconds of type int32"#),
        BadManifest(
            name: "wrong types and unknown fields together",
            json: pod(#""containers":[{"name":"a","image":"busybox","command":"sleep 1","tty":"yes"}],"terminationGracePeriodSeconds":1.5,"Containers":[]"#),
            expected: #"Error from server (BadRequest): error when creating "pod.json": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string, json: cannot unmarshal string into Go struct field Container.spec.containers.tty of type bool, json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64, strict decoding error: unknown field "spec.Containers""#),
        BadManifest(
            name: "label value of the wrong type, int32 out of range",
            json: pod(#""containers":[{"name":"a",\#(ok),"ports":[{"containerPort":4294967296}]}]"#, meta: #""name":"p","labels":{"tier":1}"#),
            expected: #"Error from server (BadRequest): error when creating "pod.json": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string, json: cannot unmarshal number 4294967296 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"#),
        BadManifest(
            name: "kind missing",
            json: #"{"apiVersion":"v1","metadata":{"name":"p"}}"#,
            expected: #"error: error validating "pod.json": error validating data: kind not set"#),
        BadManifest(
            name: "not a Pod",
            json: #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"}}"#,
            expected: #"error: error validating "pod.json": error validating data: kind "Deployment" (apiVersion "apps/v1") is not supported: kubelet-lite runs only kind "Pod", apiVersion "v1""#),
        BadManifest(
            name: "a Pod of another version, kind missing too",
            json: #"{"apiVersion":"v2"}"#,
            expected: #"error: error validating "pod.json": error validating data: [kind not set, apiVersion "v2" is not supported: kubelet-lite runs only kind "Pod", apiVersion "v1"]"#),
        BadManifest(
            name: "not an object",
            json: "[]",
            expected: #"Error from server (BadRequest): error when creating "pod.json": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go value of type v1.Pod"#),
    ]

    static let metadata: [BadManifest] = [
        BadManifest(
            name: "name and containers missing",
            json: #"{"apiVersion":"v1","kind":"Pod","metadata":{},"spec":{}}"#,
            expected: """
                The Pod "" is invalid: \n\
                * metadata.name: Required value: name or generateName is required
                * spec.containers: Required value
                """),
        BadManifest(
            name: "name not a DNS subdomain",
            json: pod(#""containers":[{"name":"a",\#(ok)}]"#, meta: #""name":"My_Pod""#),
            expected: #"The Pod "My_Pod" is invalid: metadata.name: Invalid value: "My_Pod": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#),
        BadManifest(
            name: "namespace with dots",
            json: pod(#""containers":[{"name":"a",\#(ok)}]"#, meta: #""name":"p","namespace":"a.b""#),
            expected: invalidPod + #"metadata.namespace: Invalid value: "a.b": must not contain dots"#),
        BadManifest(
            name: "label key and value",
            json: pod(#""containers":[{"name":"a",\#(ok)}]"#, meta: #""name":"p","labels":{"-x":"ok","app":"bad value!"}"#),
            expected: invalidPod + "\n"
                + #"* metadata.labels: Invalid value: "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"# + "\n"
                + #"* metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#),
        BadManifest(
            name: "annotation key with two slashes",
            json: pod(#""containers":[{"name":"a",\#(ok)}]"#, meta: #""name":"p","annotations":{"a/b/c":"x"}"#),
            expected: invalidPod + #"metadata.annotations: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"#),
    ]

    static let spec: [BadManifest] = [
        BadManifest(
            name: "scenario 68: aggregated validation errors",
            json: #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad"},"spec":{"restartPolicy":"Sometimes","containers":[{"name":"A_1"},{"name":"A_1","image":"x","livenessProbe":{"exec":{"command":["true"]},"successThreshold":2}}]}}"#,
            expected: """
                The Pod "bad" is invalid: \n\
                * spec.containers[0].name: Invalid value: "A_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
                * spec.containers[0].command: Required value: there is no image entrypoint, so command or args must name the executable
                * spec.containers[1].name: Invalid value: "A_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
                * spec.containers[1].command: Required value: there is no image entrypoint, so command or args must name the executable
                * spec.containers[1].name: Duplicate value: "A_1"
                * spec.containers[1].livenessProbe.successThreshold: Invalid value: 2: must be 1
                * spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"
                """),
        BadManifest(
            name: "container name missing",
            json: pod(#""containers":[{\#(ok)}]"#),
            expected: invalidPod + "spec.containers[0].name: Required value"),
        BadManifest(
            name: "neither command nor args",
            json: pod(#""containers":[{"name":"a","image":"busybox","command":[],"args":[]}]"#),
            expected: invalidPod + "spec.containers[0].command: " + noEntrypoint),
        BadManifest(
            name: "grace period and deadline out of range",
            json: pod(container: "", spec: #""terminationGracePeriodSeconds":-1,"activeDeadlineSeconds":0"#),
            expected: invalidPod + "\n"
                + "* spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0\n"
                + "* spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"),
        BadManifest(
            name: "hostname not a DNS label",
            json: pod(container: "", spec: #""hostname":"My_Host""#),
            expected: invalidPod + #"spec.hostname: Invalid value: "My_Host": "# + dns1123Label),
        BadManifest(
            name: "init container name clashes with a container",
            json: pod(#""containers":[{"name":"main",\#(ok)}],"initContainers":[{"name":"main",\#(ok)}]"#),
            expected: invalidPod + #"spec.initContainers[0].name: Duplicate value: "main""#),
        BadManifest(
            name: "ephemeral containers on create",
            json: pod(container: "", spec: #""ephemeralContainers":[{"name":"debug","image":"busybox"}]"#),
            expected: invalidPod + "spec.ephemeralContainers: Forbidden: cannot be set on create"),
        BadManifest(
            name: "volumes other than emptyDir and hostPath, mount of an unknown volume",
            json: pod(container: #""volumeMounts":[{"name":"missing","mountPath":"/m"}]"#,
                      spec: #""volumes":[{"name":"cm","configMap":{"name":"x"}},{"name":"empty"},{"name":"data","emptyDir":{}}]"#),
            expected: invalidPod + "\n"
                + "* spec.volumes[0].configMap: Forbidden: not supported by kubelet-lite (only emptyDir and hostPath volumes are)\n"
                + "* spec.volumes[1]: Required value: must specify a volume type\n"
                + #"* spec.containers[0].volumeMounts[0].name: Not found: "missing""#),
        BadManifest(
            name: "hostNetwork with a hostPort other than the containerPort",
            json: pod(container: #""ports":[{"containerPort":80,"hostPort":81}]"#, spec: #""hostNetwork":true"#),
            expected: invalidPod + "spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true"),
        BadManifest(
            name: "Windows pod",
            json: pod(container: "", spec: #""os":{"name":"windows"}"#),
            expected: invalidPod + "spec.os.name: Forbidden: kubelet-lite runs Linux pods only"),
        BadManifest(
            name: "dynamic resource claims and hostname override",
            json: pod(container: "", spec: #""resourceClaims":[{"name":"gpu"}],"hostnameOverride":"h""#),
            expected: invalidPod + "\n"
                + "* spec.resourceClaims: Forbidden: not supported by kubelet-lite (dynamic resource allocation needs a cluster)\n"
                + "* spec.hostnameOverride: Forbidden: HostnameOverride is an alpha feature kubelet-lite does not support"),
    ]

    static let containers: [BadManifest] = [
        BadManifest(
            name: "ports: range, name, duplicate, protocol",
            json: pod(container: #""ports":[{"name":"1234567890123456","containerPort":70000},{"name":"web","containerPort":80,"protocol":"HTTP"},{"name":"web","containerPort":81,"hostPort":-1}]"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].ports[0].name: Invalid value: "1234567890123456": must be no more than 15 characters"# + "\n"
                + #"* spec.containers[0].ports[0].name: Invalid value: "1234567890123456": must contain at least one letter (a-z)"# + "\n"
                + "* spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive\n"
                + #"* spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP""# + "\n"
                + #"* spec.containers[0].ports[2].name: Duplicate value: "web""# + "\n"
                + "* spec.containers[0].ports[2].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive"),
        BadManifest(
            name: "port without a number",
            json: pod(container: #""ports":[{"name":"web"}]"#),
            expected: invalidPod + "spec.containers[0].ports[0].containerPort: Required value"),
        BadManifest(
            name: "env names",
            json: pod(container: #""env":[{"name":"A=B","value":"x"},{"name":"","value":"y"},{"name":"OK"}]"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='"# + "\n"
                + "* spec.containers[0].env[1].name: Required value"),
        BadManifest(
            name: "env from ConfigMaps, Secrets and resources",
            json: pod(container: #""env":[{"name":"C","valueFrom":{"configMapKeyRef":{"name":"cm","key":"k"}}},{"name":"S","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}},{"name":"R","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu"}}}]"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].env[0].valueFrom.configMapKeyRef: Forbidden: not supported by kubelet-lite (ConfigMaps and Secrets need an API server)\n"
                + "* spec.containers[0].env[1].valueFrom.secretKeyRef: Forbidden: not supported by kubelet-lite (ConfigMaps and Secrets need an API server)\n"
                + "* spec.containers[0].env[2].valueFrom.resourceFieldRef: Forbidden: not supported by kubelet-lite (only fieldRef is)"),
        BadManifest(
            name: "env fieldRef paths",
            json: pod(container: #""env":[{"name":"P","valueFrom":{"fieldRef":{"fieldPath":"status.phase"}}},{"name":"F","valueFrom":{"fieldRef":{"fieldPath":"metadata.foo"}}},{"name":"L","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['bad key']"}}}]"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs""# + "\n"
                + #"* spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.foo": error converting fieldPath: field label not supported: metadata.foo"# + "\n"
                + #"* spec.containers[0].env[2].valueFrom.fieldRef: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#),
        BadManifest(
            name: "env value and valueFrom together, valueFrom empty",
            json: pod(container: #""env":[{"name":"V","value":"x","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},{"name":"E","valueFrom":{}}]"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty\n"
                + "* spec.containers[0].env[1].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
        BadManifest(
            name: "envFrom",
            json: pod(container: #""envFrom":[{"configMapRef":{"name":"cm"}}]"#),
            expected: invalidPod + "spec.containers[0].envFrom: Forbidden: not supported by kubelet-lite (ConfigMaps and Secrets need an API server)"),
        BadManifest(
            name: "termination message policy",
            json: pod(container: #""terminationMessagePolicy":"Sometimes""#),
            expected: invalidPod + #"spec.containers[0].terminationMessagePolicy: Unsupported value: "Sometimes": supported values: "File", "FallbackToLogsOnError""#),
        BadManifest(
            name: "image pull policy",
            json: pod(container: #""imagePullPolicy":"Sometimes""#),
            expected: invalidPod + #"spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never""#),
        BadManifest(
            name: "image with surrounding whitespace, negative runAsUser",
            json: pod(#""containers":[{"name":"a","image":" busybox","command":["true"],"securityContext":{"runAsUser":-1}}]"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive\n"
                + #"* spec.containers[0].image: Invalid value: " busybox": must not have leading or trailing whitespace"#),
        BadManifest(
            name: "container restartPolicy on a regular container, restart rules",
            json: pod(container: #""restartPolicy":"Never","restartPolicyRules":[{"action":"Restart","exitCodes":{"operator":"In","values":[42]}}]"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers\n"
                + "* spec.containers[0].restartPolicyRules: Forbidden: ContainerRestartRules is an alpha feature kubelet-lite does not support"),
        BadManifest(
            name: "init container restartPolicy other than Always",
            json: pod(#""containers":[{"name":"a",\#(ok)}],"initContainers":[{"name":"i",\#(ok),"restartPolicy":"Never"}]"#),
            expected: invalidPod + #"spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always""#),
        BadManifest(
            name: "regular init container with hooks and probes",
            json: pod(#""containers":[{"name":"a",\#(ok)}],"initContainers":[{"name":"i",\#(ok),"lifecycle":{"preStop":{"exec":{"command":["true"]}}},"livenessProbe":{"exec":{"command":["true"]}}}]"#),
            expected: invalidPod + "\n"
                + "* spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always\n"
                + "* spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"),
    ]

    static let probesAndHooks: [BadManifest] = [
        BadManifest(
            name: "probe without a handler",
            json: pod(container: #""livenessProbe":{"periodSeconds":5}"#),
            expected: invalidPod + "spec.containers[0].livenessProbe: Required value: must specify a handler type"),
        BadManifest(
            name: "probe with two handlers, exec without a command",
            json: pod(container: #""readinessProbe":{"exec":{"command":["true"]},"httpGet":{"port":80}},"livenessProbe":{"exec":{}}"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].livenessProbe.exec.command: Required value\n"
                + "* spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type"),
        BadManifest(
            name: "probe numbers below zero",
            json: pod(container: #""livenessProbe":{"exec":{"command":["true"]},"initialDelaySeconds":-5,"timeoutSeconds":-2,"periodSeconds":-1,"failureThreshold":-3}"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0\n"
                + "* spec.containers[0].livenessProbe.timeoutSeconds: Invalid value: -2: must be greater than or equal to 0\n"
                + "* spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0\n"
                + "* spec.containers[0].livenessProbe.failureThreshold: Invalid value: -3: must be greater than or equal to 0"),
        BadManifest(
            name: "success thresholds of liveness and startup probes",
            json: pod(container: #""livenessProbe":{"exec":{"command":["true"]},"successThreshold":2},"startupProbe":{"tcpSocket":{"port":80},"successThreshold":-1},"readinessProbe":{"exec":{"command":["true"]},"successThreshold":3}"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1\n"
                + "* spec.containers[0].startupProbe.successThreshold: Invalid value: -1: must be greater than or equal to 0\n"
                + "* spec.containers[0].startupProbe.successThreshold: Invalid value: -1: must be 1"),
        BadManifest(
            name: "probe termination grace periods",
            json: pod(container: #""livenessProbe":{"exec":{"command":["true"]},"terminationGracePeriodSeconds":0},"readinessProbe":{"exec":{"command":["true"]},"terminationGracePeriodSeconds":5}"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0\n"
                + "* spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes"),
        BadManifest(
            name: "httpGet and tcpSocket ports, scheme, header",
            json: pod(container: #""livenessProbe":{"httpGet":{"scheme":"FTP","httpHeaders":[{"name":"bad header","value":"v"}]}},"readinessProbe":{"httpGet":{"port":"HTTP"}},"startupProbe":{"tcpSocket":{"port":70000}}"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive\n"
                + #"* spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS""# + "\n"
                + #"* spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: "bad header": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"# + "\n"
                + #"* spec.containers[0].readinessProbe.httpGet.port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"# + "\n"
                + #"* spec.containers[0].readinessProbe.httpGet.port: Invalid value: "HTTP": must contain at least one letter (a-z)"# + "\n"
                + "* spec.containers[0].startupProbe.tcpSocket.port: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        BadManifest(
            name: "gRPC probe port",
            json: pod(container: #""livenessProbe":{"grpc":{"port":0}}"#),
            expected: invalidPod + "spec.containers[0].livenessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive"),
        BadManifest(
            name: "hooks: none, two",
            json: pod(container: #""lifecycle":{"postStart":{},"preStop":{"exec":{"command":["true"]},"sleep":{"seconds":1}}}"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].lifecycle.postStart: Required value: must specify a handler type\n"
                + "* spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type"),
        BadManifest(
            name: "tcpSocket hook",
            json: pod(container: #""lifecycle":{"postStart":{"tcpSocket":{"port":8080}}}"#),
            expected: invalidPod + "spec.containers[0].lifecycle.postStart.tcpSocket: Forbidden: not supported as a lifecycle handler (the kubelet cannot run it)"),
        BadManifest(
            name: "sleep hooks outside the default grace period",
            json: pod(container: #""lifecycle":{"postStart":{"sleep":{"seconds":40}},"preStop":{"sleep":{"seconds":-1}}}"#),
            expected: invalidPod + "\n"
                + "* spec.containers[0].lifecycle.postStart.sleep: Invalid value: 40: must be non-negative and less than terminationGracePeriodSeconds (30)\n"
                + "* spec.containers[0].lifecycle.preStop.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (30)"),
        BadManifest(
            name: "sleep hook longer than an explicit grace period",
            json: pod(container: #""lifecycle":{"preStop":{"sleep":{"seconds":10}}}"#, spec: #""terminationGracePeriodSeconds":5"#),
            expected: invalidPod + "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 10: must be non-negative and less than terminationGracePeriodSeconds (5)"),
        BadManifest(
            name: "stop signal without spec.os",
            json: pod(container: #""lifecycle":{"stopSignal":"SIGUSR1"}"#),
            expected: invalidPod + "spec.containers[0].lifecycle.stopSignal: Forbidden: may not be set for containers with empty `spec.os.name`"),
        BadManifest(
            name: "unknown stop signal",
            json: pod(container: #""lifecycle":{"stopSignal":"SIGFOO"}"#, spec: #""os":{"name":"linux"}"#),
            expected: invalidPod + #"spec.containers[0].lifecycle.stopSignal: Unsupported value: "SIGFOO": supported values: "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGRTMAX", "SIGRTMAX-1", "SIGRTMAX-10", "SIGRTMAX-11", "SIGRTMAX-12", "SIGRTMAX-13", "SIGRTMAX-14", "SIGRTMAX-2", "SIGRTMAX-3", "SIGRTMAX-4", "SIGRTMAX-5", "SIGRTMAX-6", "SIGRTMAX-7", "SIGRTMAX-8", "SIGRTMAX-9", "SIGRTMIN", "SIGRTMIN+1", "SIGRTMIN+10", "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13", "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMIN+2", "SIGRTMIN+3", "SIGRTMIN+4", "SIGRTMIN+5", "SIGRTMIN+6", "SIGRTMIN+7", "SIGRTMIN+8", "SIGRTMIN+9", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ""#),
        BadManifest(
            name: "sidecar probes are validated like a container's",
            json: pod(#""containers":[{"name":"a",\#(ok)}],"initContainers":[{"name":"side",\#(ok),"restartPolicy":"Always","livenessProbe":{"exec":{"command":["true"]},"successThreshold":2}}]"#),
            expected: invalidPod + "spec.initContainers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"),
    ]

    static let all = decoding + metadata + spec + containers + probesAndHooks
}
