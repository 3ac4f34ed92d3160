// kubelet-lite — YAMLOutputTests.swift
// -o yaml as kubectl writes it: go-yaml v2's key order, quoting and block styles.

import KubeletLiteModel
import KubeletLitePresentation
import Testing

/// -o yaml against what kubectl prints.
@Suite struct YAMLOutputTests {
    @Test func aPodReadsAsKubectlPrintsIt() throws {
        let doc = try JSONParser.parse("""
            {"kind": "Pod", "apiVersion": "v1",
             "metadata": {"name": "web", "labels": {"app": "web"}, "creationTimestamp": "2026-12-02T02:42:39Z",
                          "annotations": {"kubectl.kubernetes.io/default-container": "app"}},
             "spec": {"containers": [{"name": "app", "command": ["sh", "-c", "echo a\\necho b\\n"], "args": ["600", "-c", "true", ""],
                                      "ports": [{"containerPort": 80}], "env": [], "resources": {}}],
                      "terminationGracePeriodSeconds": 30},
             "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}
            """)
        #expect(YAMLOutput.document(doc) == """
            apiVersion: v1
            kind: Pod
            metadata:
              annotations:
                kubectl.kubernetes.io/default-container: app
              creationTimestamp: "2026-12-02T02:42:39Z"
              labels:
                app: web
              name: web
            spec:
              containers:
              - args:
                - "600"
                - -c
                - "true"
                - ""
                command:
                - sh
                - -c
                - |
                  echo a
                  echo b
                env: []
                name: app
                ports:
                - containerPort: 80
                resources: {}
              terminationGracePeriodSeconds: 30
            status:
              conditions:
              - status: "True"
                type: Ready
              phase: Running

            """)
    }

    @Test(arguments: [
        ("plain words", "plain words"), ("yes", "\"yes\""), ("on", "\"on\""), ("null", "\"null\""), ("~", "\"~\""),
        ("1.5", "\"1.5\""), ("0x1F", "\"0x1F\""), ("1e3", "\"1e3\""), ("1:20", "\"1:20\""), ("2026-12-02", "\"2026-12-02\""),
        ("a: b", "'a: b'"), ("#x", "'#x'"), ("- x", "'- x'"), ("-x", "-x"), ("it's", "it's"), ("'q", "'''q'"),
        (" lead", "' lead'"), ("tab\there", "\"tab\\there\""), ("a #b", "'a #b'"), ("a#b", "a#b"), ("x:y", "x:y"),
        ("no\nend", "|-\n  no\n  end"), ("two\n\n", "|+\n  two\n"), ("http://h:8080/p", "http://h:8080/p"),
    ])
    func stringsAreQuotedOnlyWhenTheyMustBe(_ value: String, _ written: String) {
        #expect(YAMLOutput.document(.object(JSONObject([("k", .string(value))]))) == "k: \(written)\n")
    }

    @Test func keysSortAsGoYAMLSortsThem() {
        let keys = ["b", "a10", "a2", "A", "_x", "a"]
        let doc = JSONValue.object(JSONObject(keys.map { ($0, JSONValue.number("1")) }))
        #expect(YAMLOutput.document(doc) == "_x: 1\nA: 1\na: 1\na2: 1\na10: 1\nb: 1\n")
    }

    @Test func nestedSequencesAndEmptyCollections() {
        let doc = JSONValue.array([.array([.string("a"), .string("b")]), .object(JSONObject()), .null, .bool(false)])
        #expect(YAMLOutput.document(doc) == "- - a\n  - b\n- {}\n- null\n- false\n")
    }
}
