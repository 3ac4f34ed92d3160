// kubelet-lite — ManifestFailureTests.swift
// Every refused manifest of the table prints exactly what kubectl (or kubelet-lite's own rule) says.

import KubeletLiteModel
import Testing

/// Refused manifests: exact messages, and the structure behind them.
@Suite("Refused manifests")
struct ManifestFailureTests {
    @Test("prints the exact message", arguments: BadManifests.all)
    func refused(_ bad: BadManifest) {
        let result = ManifestLoader.load(bad.json, source: bad.source)
        #expect(result.pod == nil)
        #expect(result.failure?.message == bad.expected)
    }

    @Test("the table covers at least 35 manifests with distinct names")
    func tableSize() {
        #expect(BadManifests.all.count >= 35)
        #expect(Set(BadManifests.all.map(\.name)).count == BadManifests.all.count)
    }

    @Test("scenario 68: a missing image is a warning, printed apart from the errors")
    func scenario68Warning() throws {
        let bad = try #require(BadManifests.spec.first { $0.name.hasPrefix("scenario 68") })
        let result = ManifestLoader.load(bad.json, source: "bad.json")
        #expect(result.warnings == ["spec.containers[0].image: Required value (a real API server would reject this manifest)"])
        guard case .invalid(let name, let errors)? = result.failure else {
            Issue.record("expected validation errors, got \(String(describing: result.failure))")
            return
        }
        #expect(name == "bad")
        #expect(errors.count == 7)
        #expect(errors.contains(FieldError(path: "spec.containers[1].name", kind: .duplicate(.string("A_1")))))
    }

    @Test("a syntax failure carries the parser's line and column")
    func syntaxFailure() {
        let result = ManifestLoader.load("{\n\n   ]", source: "x.json")
        #expect(result.failure == .syntax(source: "x.json", JSONSyntaxError(
            line: 3, column: 4, reason: "unexpected character ']', expected a string key")))
    }

    @Test("decoding failures list each problem")
    func decodingList() {
        let result = ManifestLoader.load(pod(container: #""bogus":1,"livenessProbe":{"exec":{"command":[1]}}"#), source: "p.json")
        #expect(result.failure == .decoding(source: "p.json", [
            "json: cannot unmarshal number into Go struct field ExecAction.spec.containers.livenessProbe.exec.command of type string",
            #"unknown field "spec.containers[0].bogus""#,
        ]))
    }

    @Test("FieldError prints like Go's field.Error")
    func fieldErrorText() {
        #expect(FieldError(path: "spec.containers", kind: .required).description == "spec.containers: Required value")
        #expect(FieldError(path: "a.b", kind: .invalid(.int(-1)), detail: "must be greater than or equal to 0").description
                    == "a.b: Invalid value: -1: must be greater than or equal to 0")
        #expect(FieldError(path: "x", kind: .invalid(.string("a\"b\n")), detail: "d").description
                    == #"x: Invalid value: "a\"b\n": d"#)
        #expect(FieldError(path: "x", kind: .forbidden, detail: "no").description == "x: Forbidden: no")
        #expect(FieldError(path: "x", kind: .notFound(.string("v"))).description == #"x: Not found: "v""#)
        #expect(FieldError(path: "p", kind: .unsupported(.string("X"), supported: ["A", "B"])).description
                    == #"p: Unsupported value: "X": supported values: "A", "B""#)
    }
}
