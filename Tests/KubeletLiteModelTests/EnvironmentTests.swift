// kubelet-lite — EnvironmentTests.swift
// The container environment of decision I.12 and the downward API values of spec §13.1.

import KubeletLiteModel
import Testing

/// Environment building (decision I.12) and argv expansion (§13.2).
@Suite("Container environment")
struct EnvironmentTests {
    static let facts = PodFacts(podIP: "127.0.0.1", hostIP: "10.0.0.5", hostname: "envpod", nodeName: "node-1",
                                uid: "uid-123")

    /// A pod "envpod" in namespace "ns" with one container carrying `env`.
    static func makePod(env: [EnvVar]) -> (Pod, Container) {
        let container = Container(name: "c", command: ["true"], env: env)
        let pod = Pod(metadata: ObjectMeta(name: "envpod", namespace: "ns", labels: [("app", "web"), ("odd", "$(A)")],
                                           annotations: [("note", "hi")]),
                      spec: PodSpec(containers: [container]), manifest: JSONObject())
        return (pod, container)
    }

    static func build(_ env: [EnvVar], home: String = "/root") -> [String] {
        let (pod, container) = makePod(env: env)
        return ContainerEnvironment.build(for: container, in: pod, facts: facts, home: home).map { "\($0.name)=\($0.value)" }
    }

    @Test("PATH, HOSTNAME and HOME come first; nothing else is inherited")
    func base() {
        #expect(Self.build([], home: "/") == [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=envpod", "HOME=/",
        ])
    }

    @Test("spec env follows in order and may override the base variables in place")
    func override() {
        #expect(Self.build([EnvVar(name: "B", value: "1"), EnvVar(name: "PATH", value: "/opt/bin"), EnvVar(name: "A", value: "2")])
                    == ["PATH=/opt/bin", "HOSTNAME=envpod", "HOME=/root", "B=1", "A=2"])
    }

    @Test("a later definition wins and keeps the first position")
    func duplicates() {
        #expect(Self.build([EnvVar(name: "X", value: "1"), EnvVar(name: "Y", value: "y"), EnvVar(name: "X", value: "$(X)2")]).suffix(2)
                    == ["X=12", "Y=y"])
    }

    @Test("references see earlier spec entries only")
    func references() {
        let env = Self.build([EnvVar(name: "A", value: "$(B)"), EnvVar(name: "B", value: "b"), EnvVar(name: "C", value: "$(B)$(A)"),
                              EnvVar(name: "P", value: "$(PATH):$(HOME)"), EnvVar(name: "E", value: "")])
        #expect(env.suffix(5) == ["A=$(B)", "B=b", "C=b$(B)", "P=$(PATH):$(HOME)", "E="])
    }

    @Test("fieldRef values, not expanded")
    func fieldRefs() {
        let paths = ["metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels['app']",
                     "metadata.labels['odd']", "metadata.labels['none']", "metadata.annotations['note']",
                     "spec.nodeName", "spec.serviceAccountName", "status.podIP", "status.podIPs", "status.hostIP",
                     "status.hostIPs"]
        let env = Self.build([EnvVar(name: "A", value: "a")] + paths.enumerated().map { EnvVar(name: "F\($0.offset)", fieldPath: $0.element) })
        #expect(Array(env.dropFirst(4)) == [
            "F0=envpod", "F1=ns", "F2=uid-123", "F3=web", "F4=$(A)", "F5=", "F6=hi", "F7=node-1", "F8=default",
            "F9=127.0.0.1", "F10=127.0.0.1", "F11=10.0.0.5", "F12=10.0.0.5",
        ])
    }

    @Test("argv expansion uses spec env names only, as the kubelet's map holds no image env")
    func argv() {
        var (pod, container) = Self.makePod(env: [EnvVar(name: "GREETING", value: "hi")])
        container.command = nil
        container.args = ["echo", "$(GREETING)", "$(HOME)", "$$(GREETING)", "$(MISSING)"]
        let env = ContainerEnvironment.build(for: container, in: pod, facts: Self.facts, home: "/root")
        #expect(ContainerEnvironment.expandedArgv(for: container, environment: env)
                    == ["echo", "hi", "$(HOME)", "$(GREETING)", "$(MISSING)"])
        container.env.append(EnvVar(name: "HOME", value: "/home/x"))
        let env2 = ContainerEnvironment.build(for: container, in: pod, facts: Self.facts, home: "/root")
        #expect(ContainerEnvironment.expandedArgv(for: container, environment: env2)[2] == "/home/x")
    }

    @Test("the environment of a loaded manifest")
    func fromManifest() throws {
        let json = pod(container: #""env":[{"name":"POD","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},{"name":"MSG","value":"in $(POD)"}],"args":["$(MSG)"]"#)
        let p = try #require(ManifestLoader.load(json, source: "e.json").pod)
        let c = try #require(p.spec.containers.first)
        let env = ContainerEnvironment.build(for: c, in: p, facts: Self.facts, home: "/")
        #expect(env.map(\.name) == ["PATH", "HOSTNAME", "HOME", "POD", "MSG"])
        #expect(env.last?.value == "in p")
        #expect(ContainerEnvironment.expandedArgv(for: c, environment: env) == ["sleep", "1", "in p"])
    }
}
