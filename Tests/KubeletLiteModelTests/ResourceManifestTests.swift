// kubelet-lite — ResourceManifestTests.swift
// `resources` through the whole manifest path: strict decoding, defaults, validation with the
// API server's exact texts, warnings, the typed model and the published quantities.

import KubeletLiteModel
import Testing

let quantityRegexError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
let cannotHandle = #"Error from server (BadRequest): error when creating "pod.json": Pod in version "v1" cannot be handled as a Pod: "#

/// Refused manifests whose faults are in `resources`.
enum BadResourceManifests {
    static let decoding: [BadManifest] = [
        BadManifest(
            name: "malformed quantity",
            json: pod(container: #""resources":{"limits":{"cpu":"1 CPU"}}"#),
            expected: cannotHandle + quantityRegexError),
        BadManifest(
            name: "a malformed quantity stops decoding: earlier type errors and unknown fields are not reported",
            json: pod(container: #""tty":"yes","resources":{"requests":{"memory":"1gb"}},"foo":1"#),
            expected: cannotHandle + quantityRegexError),
        BadManifest(
            name: "quantity with a lower-case binary suffix",
            json: pod(container: #""resources":{"limits":{"memory":"1ki"}}"#),
            expected: cannotHandle + "unable to parse quantity's suffix"),
        BadManifest(
            name: "quantity as a JSON boolean",
            json: pod(container: #""resources":{"limits":{"cpu":true}}"#),
            expected: cannotHandle + quantityRegexError),
        BadManifest(
            name: "resource list of the wrong type",
            json: pod(container: #""resources":{"limits":"1"}"#),
            expected: cannotHandle + "json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList"),
        BadManifest(
            name: "unknown field in resources",
            json: pod(container: #""resources":{"limit":{"cpu":"1"}}"#),
            expected: cannotHandle + #"strict decoding error: unknown field "spec.containers[0].resources.limit""#),
        BadManifest(
            name: "pod-level claims of the wrong type",
            json: pod(container: "", spec: #""resources":{"claims":{}}"#),
            expected: cannotHandle + "json: cannot unmarshal object into Go struct field ResourceRequirements.spec.resources.claims of type []v1.ResourceClaim"),
    ]

    static let container: [BadManifest] = [
        BadManifest(
            name: "request above limit",
            json: pod(container: #""resources":{"limits":{"cpu":"100m"},"requests":{"cpu":"0.2"}}"#),
            expected: invalidPod + #"spec.containers[0].resources.requests: Invalid value: "200m": must be less than or equal to cpu limit of 100m"#),
        BadManifest(
            name: "negative limit, copied into the request",
            json: pod(container: #""resources":{"limits":{"memory":"-1Gi"}}"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0"# + "\n"
                + #"* spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0"#),
        BadManifest(
            name: "unknown resource name",
            json: pod(container: #""resources":{"limits":{"foo":"1"}}"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource type or fully qualified"# + "\n"
                + #"* spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource for containers"# + "\n"
                + #"* spec.containers[0].resources.requests[foo]: Invalid value: "foo": must be a standard resource type or fully qualified"# + "\n"
                + #"* spec.containers[0].resources.requests[foo]: Invalid value: "foo": must be a standard resource for containers"#),
        BadManifest(
            name: "fractional extended resource",
            json: pod(container: #""resources":{"limits":{"example.com/gpu":"1.5"}}"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].resources.limits[example.com/gpu]: Invalid value: "1500m": must be an integer"# + "\n"
                + #"* spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "1500m": must be an integer"#),
        BadManifest(
            name: "extended resource requested without a limit",
            json: pod(container: #""resources":{"requests":{"example.com/gpu":"1"}}"#),
            expected: invalidPod + "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"),
        BadManifest(
            name: "extended resource request below its limit",
            json: pod(container: #""resources":{"limits":{"example.com/gpu":"2"},"requests":{"example.com/gpu":"1"}}"#),
            expected: invalidPod + #"spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2"#),
        BadManifest(
            name: "huge pages: not a whole number of pages, and no cpu or memory",
            json: pod(container: #""resources":{"limits":{"hugepages-2Mi":"3Mi"}}"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi"# + "\n"
                + #"* spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi"# + "\n"
                + "* spec.containers[0].resources: Forbidden: HugePages require cpu or memory"),
        BadManifest(
            name: "claims without pod resource claims",
            json: pod(container: #""resources":{"claims":[{"name":"gpu"},{"name":"gpu"},{}]}"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].resources.claims[0]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty"# + "\n"
                + #"* spec.containers[0].resources.claims[1]: Duplicate value: "gpu""# + "\n"
                + #"* spec.containers[0].resources.claims[1]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty"# + "\n"
                + "* spec.containers[0].resources.claims[2]: Required value"),
        BadManifest(
            name: "resource errors come after imagePullPolicy and before securityContext",
            json: pod(container: #""imagePullPolicy":"Sometimes","resources":{"limits":{"cpu":"-1"}},"securityContext":{"runAsUser":-1}"#),
            expected: invalidPod + "\n"
                + #"* spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never""# + "\n"
                + #"* spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0"# + "\n"
                + #"* spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0"# + "\n"
                + "* spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive"),
    ]

    static let podLevel: [BadManifest] = [
        BadManifest(
            name: "pod-level resource that is not cpu, memory or huge pages; requests below the containers'",
            json: pod(container: #""resources":{"requests":{"cpu":"2"}}"#,
                      spec: #""resources":{"requests":{"cpu":"1"},"limits":{"ephemeral-storage":"1Gi"}}"#),
            expected: invalidPod + "\n"
                + #"* spec.resources.limits[ephemeral-storage]: Unsupported value: "ephemeral-storage": supported values: "cpu", "hugepages-", "memory""# + "\n"
                + #"* spec.resources.requests[cpu]: Invalid value: "1": must be greater than or equal to aggregate container requests of 2"#),
        BadManifest(
            name: "container limit above the pod limit",
            json: pod(container: #""resources":{"limits":{"cpu":"2"}}"#, spec: #""resources":{"limits":{"cpu":"1"}}"#),
            expected: invalidPod + "\n"
                + #"* spec.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1"# + "\n"
                + #"* spec.resources.containers[0][cpu].limits: Invalid value: "2": must be less than or equal to pod limits of 1"#),
        BadManifest(
            name: "pod-level claims",
            json: pod(container: "", spec: #""resources":{"claims":[]}"#),
            expected: invalidPod + "spec.resources.claims: Forbidden: claims cannot be set for Resources at pod-level"),
    ]

    static let all = decoding + container + podLevel
}

/// `resources` from manifest to typed model.
@Suite("Resources in manifests")
struct ResourceManifestTests {
    @Test("refused with the API server's exact texts", arguments: BadResourceManifests.all)
    func refused(_ bad: BadManifest) {
        let result = ManifestLoader.load(bad.json, source: bad.source)
        #expect(result.pod == nil)
        #expect(result.failure?.message == bad.expected)
    }

    private func load(_ json: String) throws -> Pod {
        let result = ManifestLoader.load(json, source: "p.json")
        #expect(result.failure == nil, "\(result.failure?.message ?? "")")
        return try #require(result.pod)
    }

    private func published(_ pod: Pod, _ key: String, container: Int = 0) -> JSONValue? {
        pod.manifest["spec"]?["containers"]?.arrayValue?[container]["resources"]?[key]
    }

    @Test("a limit makes the request; quantities are published as the API server prints them")
    func defaults() throws {
        let p = try load(pod(container: #""resources":{"limits":{"cpu":0.5,"memory":"128Mi"},"requests":{"cpu":"+100m"}}"#))
        let expectedLimits = JSONValue.object(JSONObject([("cpu", .string("500m")), ("memory", .string("128Mi"))]))
        #expect(published(p, "limits") == expectedLimits)
        #expect(published(p, "requests") == .object(JSONObject([("cpu", .string("+100m")), ("memory", .string("128Mi"))])))
        let c = try #require(p.spec.containers.first)
        #expect(c.resources.limits == ComputeResources(cpu: Quantity(milli: 500), memory: Quantity(128 << 20)))
        #expect(c.resources.requests.cpu?.milliValue == 100)
        #expect(c.resources.requests.memory?.value == 128 << 20)
    }

    @Test("every quantity is rounded up to 1m; JSON numbers become strings; empty lists disappear")
    func rounding() throws {
        let p = try load(pod(container: #""resources":{"limits":{"cpu":"0.1m","memory":1e9},"requests":{}}"#))
        #expect(published(p, "limits") == .object(JSONObject([("cpu", .string("1m")), ("memory", .string("1e9"))])))
        #expect(published(p, "requests") == .object(JSONObject([("cpu", .string("1m")), ("memory", .string("1e9"))])))
        let q = try load(pod(container: #""resources":{"limits":{},"requests":{"cpu":"1"}}"#))
        #expect(published(q, "limits") == nil)
        #expect(q.spec.containers.first?.resources.limits.isEmpty == true)
    }

    @Test("pod-level requests default from the containers' sum, else from the pod-level limit")
    func podLevelDefaults() throws {
        let p = try load(pod(#""containers":[{"name":"a",\#(ok),"resources":{"requests":{"cpu":"250m"}}},{"name":"b",\#(ok),"resources":{"requests":{"cpu":"250m"}}}],"resources":{"limits":{"cpu":"2","memory":"1Gi"}}"#))
        #expect(p.manifest["spec"]?["resources"]?["requests"] == .object(JSONObject([
            ("cpu", .string("500m")), ("memory", .string("1Gi")),
        ])))
        #expect(p.spec.resources == ResourceRequirements(
            limits: ComputeResources(cpu: Quantity(2), memory: Quantity(1 << 30)),
            requests: ComputeResources(cpu: Quantity(milli: 500), memory: Quantity(1 << 30))))
    }

    @Test("empty pod-level resources leave the typed pod-level resources unset")
    func emptyPodLevel() throws {
        #expect(try load(pod(container: "", spec: #""resources":{}"#)).spec.resources == nil)
        #expect(try load(pod(container: "")).spec.resources == nil)
    }

    @Test("resources other than cpu and memory, and claims, are accepted with a warning each")
    func warnings() throws {
        let json = pod(container: #""resources":{"limits":{"cpu":"1","ephemeral-storage":"1Gi","hugepages-2Mi":"2Mi","example.com/gpu":"1"},"requests":{"memory":"1Gi"},"claims":[]}"#,
                       spec: #""resources":{"limits":{"memory":"2Gi","hugepages-2Mi":"4Mi"}}"#)
        let result = ManifestLoader.load(json, source: "w.json")
        #expect(result.failure == nil, "\(result.failure?.message ?? "")")
        #expect(result.warnings == [
            "spec.containers[0].resources.limits[ephemeral-storage]: accepted but not applicable to kubelet-lite (ignored)",
            "spec.containers[0].resources.limits[hugepages-2Mi]: accepted but not applicable to kubelet-lite (ignored)",
            "spec.containers[0].resources.limits[example.com/gpu]: accepted but not applicable to kubelet-lite (ignored)",
            "spec.containers[0].resources.claims: accepted but not applicable to kubelet-lite (ignored)",
            "spec.resources.limits[hugepages-2Mi]: accepted but not applicable to kubelet-lite (ignored)",
        ])
        let c = try #require(result.pod?.spec.containers.first)
        #expect(c.resources == ResourceRequirements(limits: ComputeResources(cpu: Quantity(1)),
                                                    requests: ComputeResources(cpu: Quantity(1), memory: Quantity(1 << 30))))
    }

    @Test("a manifest without resources has none")
    func none() throws {
        let p = try load(pod(container: ""))
        #expect(p.spec.containers.first?.resources == ResourceRequirements())
        #expect(published(p, "limits") == nil)
    }
}
