// kubelet-lite — YAMLManifestTests.swift (end-to-end)
// Every example exists in YAML too, and the binary says exactly the same about both twins.

import Glibc
import KubeletLiteModel
import Testing

/// YAML manifests through the binary: examples' twins, several pods, warnings with lines.
@Suite struct YAMLManifestTests {
    static func jsonExamples() -> [String] {
        guard let dir = opendir(E2E.examples) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".json") { names.append(name) }
        }
        return names.sorted()
    }

    static func twin(_ json: String) -> String { String(json.dropLast(".json".count)) + ".yaml" }

    @Test func everyJSONExampleHasAYAMLTwin() async {
        let names = YAMLManifestTests.jsonExamples()
        #expect(!names.isEmpty)
        for name in names {
            #expect(access(ExamplesTests.path(YAMLManifestTests.twin(name)), R_OK) == 0, "no YAML twin for \(name)")
        }
    }

    @Test func twinsGiveTheSamePodAndTheSameValidateOutput() async {
        let t = Scratch()
        for name in YAMLManifestTests.jsonExamples() {
            let json = ExamplesTests.path(name)
            let yaml = ExamplesTests.path(YAMLManifestTests.twin(name))
            let fromJSON = ManifestLoader.load(Array(E2E.readFile(json).utf8), source: json)
            let fromYAML = ManifestLoader.load(Array(E2E.readFile(yaml).utf8), source: yaml)
            #expect(fromYAML.pod != nil && fromYAML.pod == fromJSON.pod, "\(name): \(fromYAML.failure?.message ?? "")")
            #expect(fromYAML.warnings == fromJSON.warnings, "\(name)")
            let a = await E2E.run(["validate", json], in: t)
            let b = await E2E.run(["validate", yaml], in: t)
            #expect(a.status == 0 && b.status == a.status, "\(name): \(b.stderr)")
            #expect(b.stdout == a.stdout && b.stderr == a.stderr, "\(name)")
        }
    }

    @Test func validateChecksEveryPodOfAMultiDocumentFile() async {
        let t = Scratch()
        let file = t.write("pods.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: first}
            spec:
              containers:
              - {name: a, image: busybox, command: [sleep, "1"]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: second}
            spec:
              initContainers:
              - {name: i, image: busybox, command: ["true"]}
              containers:
              - {name: b, image: busybox, command: [sleep, "1"]}

            """)
        let r = await E2E.run(["validate", file], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "pod/first is valid (1 container(s))\npod/second is valid (1 container(s), 1 init container(s))\n")
    }

    @Test func validateNamesTheLineOfAnUnquotedYesAndRefusesOtherKinds() async {
        let t = Scratch()
        let file = t.write("env.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: env}
            spec:
              containers:
              - name: a
                image: busybox
                command: [sleep, "1"]
                env:
                - {name: DEBUG, value: yes}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}

            """)
        let r = await E2E.run(["validate", file], in: t)
        #expect(r.status == 2)
        #expect(r.stderr.contains("Warning: line 10: spec.containers[0].env[0].value: yes is read as the boolean true"))
        #expect(r.stderr.contains(#"kind "Deployment" (apiVersion "apps/v1") is not supported"#))
        #expect(r.stdout.isEmpty)
    }

    @Test func yamlSyntaxErrorsGiveLineAndColumnAndExit2() async {
        let t = Scratch()
        let file = t.write("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {a: b\n")
        let r = await E2E.run(["validate", file], in: t)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: error parsing \(file): error converting YAML to JSON: yaml: line 5, column 11:"))
    }

    @Test func applyRunsAYAMLManifest() async {
        let t = await Scratch.admitted()
        let r = await E2E.run(["apply", ExamplesTests.path("never-succeeds.yaml")], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[job] result 42"))
        #expect(t.podJSON("job-succeeds")?.phase == "Succeeded")
    }

    @Test func yamlFromStandardInput() async {
        let t = Scratch()
        let r = await E2E.run(["validate", "-"], in: t, stdin: E2E.readFile(ExamplesTests.path("crash-loop.yaml")))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "pod/crash-loop is valid (1 container(s))\n")
    }
}
