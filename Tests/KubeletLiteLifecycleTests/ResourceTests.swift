// kubelet-lite — ResourceTests.swift
// The QoS class, the kubelet's cgroup conversions, the container and pod cgroup values, and the
// "not enforced" warning (lifecycle §21.3–§21.5).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

/// A pod read through the manifest path, so that defaults (request from limit, pod level) apply.
func resourcePod(_ containers: String, initContainers: String = "", spec: String = "") throws -> Pod {
    var body = #""containers":[\#(containers)]"#
    if !initContainers.isEmpty { body += #","initContainers":[\#(initContainers)]"# }
    if !spec.isEmpty { body += "," + spec }
    let json = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{\#(body)}}"#
    let result = ManifestLoader.load(json, source: "p.json")
    if let failure = result.failure { Issue.record(Comment(rawValue: failure.message)) }
    return try #require(result.pod)
}

/// A container named `name` with the given `resources` body.
func resourceContainer(_ name: String, _ resources: String = "", sidecar: Bool = false) -> String {
    let policy = sidecar ? #","restartPolicy":"Always""# : ""
    let r = resources.isEmpty ? "" : #","resources":{\#(resources)}"#
    return #"{"name":"\#(name)","image":"busybox","command":["sleep","9"]\#(policy)\#(r)}"#
}

let guaranteedBody = #""limits":{"cpu":"500m","memory":"256Mi"}"#

/// One QoS case: containers, init containers, pod-level resources and the class.
struct QOSCase: Sendable, CustomStringConvertible {
    let name: String
    let containers: [String]
    var initContainers: [String] = []
    var spec = ""
    let expected: QOSClass

    var description: String { name }
}

/// QoS, cgroup values and the not-enforced warning.
@Suite("Resources and QoS")
struct ResourceTests {
    static let qosCases: [QOSCase] = [
        QOSCase(name: "no resources", containers: [resourceContainer("a")], expected: .bestEffort),
        QOSCase(name: "cpu and memory limits everywhere", containers: [resourceContainer("a", guaranteedBody),
                resourceContainer("b", #""limits":{"cpu":"1","memory":"1Gi"}"#)], expected: .guaranteed),
        QOSCase(name: "a cpu limit only", containers: [resourceContainer("a", #""limits":{"cpu":"1"}"#)], expected: .burstable),
        QOSCase(name: "requests only", containers: [resourceContainer("a", #""requests":{"cpu":"1","memory":"1Gi"}"#)],
                expected: .burstable),
        QOSCase(name: "a request below its limit",
                containers: [resourceContainer("a", guaranteedBody + #","requests":{"cpu":"100m"}"#)], expected: .burstable),
        QOSCase(name: "one container without resources",
                containers: [resourceContainer("a", guaranteedBody), resourceContainer("b")], expected: .burstable),
        QOSCase(name: "an init container without resources counts", containers: [resourceContainer("a", guaranteedBody)],
                initContainers: [resourceContainer("i")], expected: .burstable),
        QOSCase(name: "zero quantities count as absent",
                containers: [resourceContainer("a", #""limits":{"cpu":"0","memory":"0"}"#)], expected: .bestEffort),
        QOSCase(name: "extended resources do not count",
                containers: [resourceContainer("a", #""limits":{"cpu":"1","memory":"1Gi","example.com/gpu":"1"}"#)],
                expected: .guaranteed),
        QOSCase(name: "pod-level limits decide alone", containers: [resourceContainer("a")],
                spec: #""resources":{"limits":{"cpu":"1","memory":"1Gi"}}"#, expected: .guaranteed),
        QOSCase(name: "pod-level requests only", containers: [resourceContainer("a", guaranteedBody)],
                spec: #""resources":{"requests":{"cpu":"1"}}"#, expected: .burstable),
        QOSCase(name: "pod-level limits without memory", containers: [resourceContainer("a")],
                spec: #""resources":{"limits":{"cpu":"1"}}"#, expected: .burstable),
        QOSCase(name: "empty pod-level resources do not decide", containers: [resourceContainer("a", guaranteedBody)],
                spec: #""resources":{}"#, expected: .guaranteed),
    ]

    @Test("QoS class as ComputePodQOS computes it", arguments: qosCases)
    func qos(_ c: QOSCase) throws {
        let pod = try resourcePod(c.containers.joined(separator: ","), initContainers: c.initContainers.joined(separator: ","),
                                  spec: c.spec)
        #expect(QOSClass(pod: pod) == c.expected)
    }

    @Test("the published pod carries the computed QoS class")
    func published() throws {
        let pod = try resourcePod(resourceContainer("a", guaranteedBody))
        var h = Harness(pod)
        h.start()
        let placement = PodPlacement(nodeName: "n", podIP: "127.0.0.1", hostIP: "127.0.0.1", createdAt: .seconds(0))
        let doc = PodDocument.pod(pod, uid: "u", placement: placement, status: h.machine.status)
        #expect(doc["status"]?["qosClass"] == .string("Guaranteed"))
        #expect(doc["spec"]?["containers"]?.arrayValue?.first?["resources"]?["requests"]?["cpu"] == .string("500m"))
    }

    @Test("MilliCPUToShares, MilliCPUToQuota and the cgroup v2 weight")
    func conversions() {
        let shares: [(Int64, Int64)] = [(0, 2), (1, 2), (2, 2), (100, 102), (500, 512), (1000, 1024),
                                        (256_000, 262_144), (300_000, 262_144), (.max, 262_144)]
        for (milli, expected) in shares { #expect(CgroupConversion.milliCPUToShares(milli) == expected, "\(milli)") }
        let quotas: [(Int64, Int64)] = [(0, 0), (5, 1000), (10, 1000), (100, 10_000), (1000, 100_000), (1500, 150_000),
                                        (.max, .max / 1000)]
        for (milli, expected) in quotas { #expect(CgroupConversion.milliCPUToQuota(milli) == expected, "\(milli)") }
        let weights: [(Int64, Int64)] = [(2, 1), (102, 4), (512, 20), (1024, 39), (262_144, 10_000), (.max, 10_000), (0, 1)]
        for (s, expected) in weights { #expect(CgroupConversion.cpuWeight(shares: s) == expected, "\(s)") }
    }

    @Test("a container's cgroup values")
    func containerLimits() throws {
        let pod = try resourcePod([
            resourceContainer("a", guaranteedBody), resourceContainer("b", #""requests":{"cpu":"250m"}"#),
            resourceContainer("c"),
        ].joined(separator: ","))
        let a = CgroupLimits.container(pod.spec.containers[0])
        #expect(a == CgroupLimits(memoryMax: 268_435_456, cpuQuota: CPUQuota(quota: 50_000), cpuShares: 512, oomGroupKill: true))
        #expect(a.cpuWeight == 20)
        #expect(a.unifiedFiles.map(\.description) == ["cpu.weight=20", "cpu.max=50000 100000", "memory.max=268435456",
                                                    "memory.swap.max=0", "memory.oom.group=1"])
        #expect(a.legacyFiles.map(\.description) == [
            "cpu.shares=512", "cpu.cfs_period_us=100000", "cpu.cfs_quota_us=50000", "memory.limit_in_bytes=268435456",
            "memory.memsw.limit_in_bytes=268435456",
        ])
        #expect(CgroupLimits.container(pod.spec.containers[1]) == CgroupLimits(cpuShares: 256, oomGroupKill: true))
        #expect(CgroupLimits.container(pod.spec.containers[2]) == CgroupLimits(cpuShares: 2, oomGroupKill: true))
        // Without the API server's defaulting, a limit alone still sets the shares.
        let bare = Container(name: "x", resources: ResourceRequirements(limits: ComputeResources(cpu: Quantity(2))))
        #expect(CgroupLimits.container(bare) == CgroupLimits(cpuQuota: CPUQuota(quota: 200_000), cpuShares: 2048, oomGroupKill: true))
        // A huge memory limit saturates instead of trapping.
        let huge = Container(name: "h", resources: ResourceRequirements(limits: ComputeResources(memory: try Quantity(parsing: "100E"))))
        #expect(CgroupLimits.container(huge).memoryMax == .max)
    }

    @Test("the pod cgroup follows ResourceConfigForPod")
    func podLimits() throws {
        let guaranteed = try resourcePod([resourceContainer("a", guaranteedBody), resourceContainer("b", guaranteedBody)]
            .joined(separator: ","))
        #expect(CgroupLimits.pod(guaranteed) == CgroupLimits(memoryMax: 512 << 20, cpuQuota: CPUQuota(quota: 100_000),
                                                              cpuShares: 1024))
        let noCPULimit = try resourcePod([resourceContainer("a", #""limits":{"cpu":"1","memory":"1Gi"}"#),
                                          resourceContainer("b", #""requests":{"cpu":"100m"}"#)].joined(separator: ","))
        #expect(CgroupLimits.pod(noCPULimit) == CgroupLimits(cpuShares: 1126))
        let cpuLimited = try resourcePod([resourceContainer("a", #""limits":{"cpu":"1"}"#),
                                          resourceContainer("b", #""limits":{"cpu":"500m"},"requests":{"memory":"64Mi"}"#)]
            .joined(separator: ","))
        #expect(CgroupLimits.pod(cpuLimited) == CgroupLimits(cpuQuota: CPUQuota(quota: 150_000), cpuShares: 1536))
        let bestEffort = try resourcePod(resourceContainer("a"))
        #expect(CgroupLimits.pod(bestEffort) == CgroupLimits(cpuShares: 2))
        #expect(CgroupLimits.pod(bestEffort, podPidsLimit: 100) == CgroupLimits(cpuShares: 2, pidsMax: 100))
        #expect(CgroupLimits.pod(bestEffort, podPidsLimit: -1) == CgroupLimits(cpuShares: 2))
        #expect(CgroupLimits.pod(bestEffort, podPidsLimit: 0).pidsMax == nil)
    }

    @Test("init containers and sidecars in the pod cgroup")
    func podLimitsWithInitContainers() throws {
        let withInit = try resourcePod(resourceContainer("a", #""limits":{"cpu":"1","memory":"512Mi"}"#),
                                       initContainers: resourceContainer("i", #""limits":{"cpu":"2","memory":"1Gi"}"#))
        #expect(CgroupLimits.pod(withInit) == CgroupLimits(memoryMax: 1 << 30, cpuQuota: CPUQuota(quota: 200_000),
                                                            cpuShares: 2048))
        let withSidecar = try resourcePod(resourceContainer("a", #""limits":{"cpu":"1","memory":"512Mi"}"#),
                                          initContainers: resourceContainer("s", #""limits":{"cpu":"500m","memory":"128Mi"}"#,
                                                                            sidecar: true))
        #expect(CgroupLimits.pod(withSidecar) == CgroupLimits(memoryMax: 640 << 20, cpuQuota: CPUQuota(quota: 150_000),
                                                               cpuShares: 1536))
    }

    @Test("pod-level resources replace the containers' sums")
    func podLevelLimits() throws {
        let pod = try resourcePod(resourceContainer("a", #""requests":{"cpu":"100m"}"#),
                                  spec: #""resources":{"limits":{"cpu":"2","memory":"1Gi"}}"#)
        #expect(QOSClass(pod: pod) == .burstable)
        #expect(CgroupLimits.pod(pod, podPidsLimit: 64) == CgroupLimits(
            memoryMax: 1 << 30, cpuQuota: CPUQuota(quota: 200_000), cpuShares: 102, pidsMax: 64))
    }

    @Test("one warning names what cgroups do not enforce, and why")
    func warning() throws {
        let cause = "cgroups are not available: not root and no delegated cgroup"
        let pod = try resourcePod(resourceContainer("app", #""limits":{"cpu":"1","memory":"512Mi"}"#))
        let w = try #require(ResourceEnforcementWarning(pod: pod, cause: cause))
        #expect(w.type == .warning)
        #expect(w.reason == "FailedCreatePodContainer")
        #expect(w.message == "resource limits not enforced: limits.memory of app, limits.cpu of app, requests.cpu of app (\(cause))")
        let memoryOnly = ResourceEnforcementWarning(pod: pod, podPidsLimit: 10, missing: [.memory, .pids], cause: "x")
        #expect(memoryOnly?.message == "resource limits not enforced: limits.memory of app, pids limit of the pod (x)")
        let bestEffort = try resourcePod(resourceContainer("a"))
        #expect(ResourceEnforcementWarning(pod: bestEffort, cause: cause) == nil)
        #expect(ResourceEnforcementWarning(pod: bestEffort, podPidsLimit: 100, cause: "c")?.message
                    == "resource limits not enforced: pids limit of the pod (c)")
        let podLevel = try resourcePod(resourceContainer("a"), initContainers: resourceContainer("i", #""requests":{"cpu":"1"}"#),
                                       spec: #""resources":{"limits":{"memory":"1Gi"}}"#)
        #expect(ResourceEnforcementWarning.unenforced(pod: podLevel, podPidsLimit: nil, missing: [.cpu, .memory])
                    == ["requests.cpu of i", "limits.memory of the pod", "requests.cpu of the pod"])
    }
}
