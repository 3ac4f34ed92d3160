// kubelet-lite — YAMLManifestTests.swift
// Manifests in YAML: the same Pod as the JSON twin, warnings for YAML 1.1 readings, several
// documents and v1 Lists, and other kinds refused by name.

import KubeletLiteModel
import Testing

/// YAML input through the whole loader.
@Suite("YAML manifests")
struct YAMLManifestTests {
    /// The liveness-exec pod of kubernetes.io's "Configure Liveness, Readiness and Startup Probes"
    /// page, byte for byte, as it was published in block-style YAML.
    static let tutorialYAML = """
        apiVersion: v1
        kind: Pod
        metadata:
          labels:
            test: liveness
          name: liveness-exec
        spec:
          containers:
          - name: liveness
            image: registry.k8s.io/busybox:1.27.2
            args:
            - /bin/sh
            - -c
            - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
            livenessProbe:
              exec:
                command:
                - cat
                - /tmp/healthy
              initialDelaySeconds: 5
              periodSeconds: 5

        """

    /// The same example as kubernetes.io now publishes it, in KYAML (flow style), byte for byte.
    static let tutorialKYAML = """
        ---
        {
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            labels: {
              test: "liveness",
            },
            name: "liveness-exec",
          },
          spec: {
            containers: [{
              name: "liveness",
              image: "registry.k8s.io/busybox:1.27.2",
              args: [
                "/bin/sh",
                "-c",
                "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
              ],
              livenessProbe: {
                exec: {
                  command: [
                    "cat",
                    "/tmp/healthy",
                  ],
                },
                initialDelaySeconds: 5,
                periodSeconds: 5,
              },
            }],
          },
        }

        """

    @Test("the tutorial's YAML, block or KYAML, gives the same Pod as its JSON twin, without warnings",
          arguments: [tutorialYAML, tutorialKYAML])
    func tutorialTwin(_ yaml: String) throws {
        let fromJSON = ManifestLoader.load(ValidManifestTests.livenessExec, source: "liveness.json")
        let fromYAML = ManifestLoader.load(yaml, source: "exec-liveness.yaml")
        #expect(fromYAML.failure == nil, "\(fromYAML.failure?.message ?? "")")
        #expect(fromYAML.warnings.isEmpty)
        let pod = try #require(fromYAML.pod)
        #expect(pod == fromJSON.pod)
        #expect(pod.spec.containers.first?.argv == ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"])
    }

    static let base = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          terminationGracePeriodSeconds: 010
          containers:
          - name: a
            image: busybox
            command: [sleep, "1"]
            stdin: yes

        """

    @Test("a leading-zero number is read in octal, and the warning names the line and suggests quotes")
    func octalWarning() throws {
        let result = ManifestLoader.load(Self.base, source: "y.yaml")
        let pod = try #require(result.pod, "\(result.failure?.message ?? "")")
        #expect(pod.spec.terminationGracePeriodSeconds == 8)
        #expect(result.warnings.first == "line 6: spec.terminationGracePeriodSeconds: 010 is read as the octal number 8, "
                + "as kubectl reads YAML; write 8, or quote it (\"010\") if you mean the text")
        // `stdin: yes` is a bool field: reading yes as true is what was meant, so no YAML warning.
        #expect(!result.warnings.contains { $0.contains("stdin: yes") })
    }

    @Test("yes in a string field: a warning with the line, and the Go type error says where too")
    func booleanInStringField() throws {
        let yaml = Self.base + "    env:\n    - name: DEBUG\n      value: yes\n"
        let result = ManifestLoader.load(yaml, source: "y.yaml")
        #expect(result.pod == nil)
        #expect(result.warnings.contains("line 14: spec.containers[0].env[0].value: yes is read as the boolean true, "
                                         + "as kubectl reads YAML; quote it (\"yes\") if you mean the text"))
        guard case .decoding(_, let problems)? = result.failure else {
            Issue.record("expected a decoding failure, got \(String(describing: result.failure))")
            return
        }
        #expect(problems == ["json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type "
            + "string (YAML line 14: yes is read as the boolean true; quote it (\"yes\") if you mean the text)"])
    }

    @Test("an unquoted on in a command list is named by its index")
    func booleanInStringArray() throws {
        let yaml = Self.base.replacingOccurrences(of: "[sleep, \"1\"]", with: "[echo, on]")
        let result = ManifestLoader.load(yaml, source: "y.yaml")
        #expect(result.warnings.contains { $0.hasPrefix("line 10: spec.containers[0].command[1]: on is read as the boolean true") })
        #expect(result.failure?.message.contains("(YAML line 10: on is read as the boolean true") == true)
    }

    @Test("several documents: empty ones skipped, each object loaded, other kinds refused by name")
    func documents() throws {
        let yaml = """
            # pods
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a}
            spec: {containers: [{name: c, image: busybox, command: [sleep, "1"]}]}
            ---
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b}
            spec: {containers: [{name: c, image: busybox, command: [sleep, "1"]}]}
            """
        let results = ManifestLoader.loadAll(yaml, source: "many.yaml")
        #expect(results.map { $0.pod?.metadata.name } == ["a", nil, "b"])
        #expect(results.map(\.origin) == [ManifestOrigin(document: 1, line: 3), ManifestOrigin(document: 3, line: 9),
                                          ManifestOrigin(document: 4, line: 13)])
        #expect(results[1].failure?.message == #"error: error validating "many.yaml": error validating data: "#
                + #"kind "Deployment" (apiVersion "apps/v1") is not supported: kubelet-lite runs only kind "Pod", apiVersion "v1""#)
        #expect(ManifestLoader.load(yaml, source: "many.yaml").failure == .multipleObjects(source: "many.yaml", count: 3))
    }

    @Test("a v1 List, in JSON or YAML, gives its items; warnings inside items use the item's own paths")
    func lists() throws {
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME"},"spec":{"containers":[{"name":"c","image":"i","command":["true"]}]}}"#
        let json = #"{"apiVersion":"v1","kind":"List","items":["# + pod.replacingOccurrences(of: "NAME", with: "p1")
            + "," + pod.replacingOccurrences(of: "NAME", with: "p2") + "]}"
        #expect(ManifestLoader.loadAll(json, source: "l.json").map { $0.pod?.metadata.name } == ["p1", "p2"])
        let yaml = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: p1}
              spec:
                terminationGracePeriodSeconds: 07
                containers: [{name: c, image: i, command: ["true"]}]
            - apiVersion: v1
              kind: Service
              metadata: {name: s}
            """
        let results = ManifestLoader.loadAll(yaml, source: "l.yaml")
        #expect(results.count == 2)
        #expect(results[0].pod?.metadata.name == "p1")
        #expect(results[0].origin == ManifestOrigin(document: 1, item: 0, line: 4))
        #expect(results[1].failure?.message.contains(#"kind "Service" (apiVersion "v1") is not supported"#) == true)
        #expect(ManifestLoader.loadAll(#"{"apiVersion":"v1","kind":"List","items":[]}"#, source: "e.json").first?.failure
                == .noObjects(source: "e.json"))
    }

    @Test("YAML syntax errors name the line and column, in kubectl's words")
    func syntaxError() {
        let result = ManifestLoader.load("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n - bad\n", source: "bad.yaml")
        #expect(result.failure?.message == "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 5, "
                + "column 2: wrong indentation: expected a mapping key at column 1 (or less indentation), "
                + "found a sequence entry ('- ') at column 2")
    }

    @Test("an empty or comment-only manifest holds no objects")
    func empty() {
        #expect(ManifestLoader.load("# nothing\n", source: "e.yaml").failure == .noObjects(source: "e.yaml"))
        #expect(ManifestLoader.loadAll("", source: "-").first?.failure?.message == "error: no objects in STDIN (the manifest is empty)")
    }

    @Test("JSON is still chosen by its first character; flow YAML starting with '{' is read too")
    func contentSniffing() throws {
        let broken = ManifestLoader.load("{\"apiVersion\": \"v1\",\n  \"kind\": \"Pod\" \"x\"}", source: "b.json")
        #expect(broken.failure?.message.hasPrefix("error: error parsing b.json: invalid JSON at line 2, column 17") == true)
        let flow = Self.tutorialKYAML.replacingOccurrences(of: "---\n", with: "")
        #expect(ManifestLoader.load(flow, source: "k.yaml").pod?.metadata.name == "liveness-exec")
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
