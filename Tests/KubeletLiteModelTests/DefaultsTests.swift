// kubelet-lite — DefaultsTests.swift
// The API server's defaults (spec §1.1), in the typed model and in the published manifest.

import KubeletLiteModel
import Testing

/// Defaults, as the API server applies them before validation.
@Suite("Defaults")
struct DefaultsTests {
    @Test("defaults are written into the manifest, status is dropped")
    func manifest() throws {
        let json = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"d"},"spec":{"containers":[{"name":"a","image":"busybox:1.36","command":["sh"],"ports":[{"containerPort":80}],"livenessProbe":{"httpGet":{"port":80},"periodSeconds":0}}]},"status":{"phase":"Running"}}"#
        let pod = try #require(ManifestLoader.load(json, source: "d.json").pod)
        #expect(JSONValue.object(pod.manifest).serialized() == #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"d","namespace":"default"},"spec":{"containers":[{"name":"a","image":"busybox:1.36","command":["sh"],"ports":[{"containerPort":80,"protocol":"TCP"}],"livenessProbe":{"httpGet":{"port":80,"path":"/","scheme":"HTTP"},"periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler","enableServiceLinks":true}}"#)
        let probe = try #require(pod.spec.containers.first?.livenessProbe)
        #expect(probe == Probe(handler: .httpGet(HTTPGetAction(path: "/", port: .int(80), scheme: "HTTP"))))
    }

    @Test("values the user gave are kept", arguments: [
        (#""restartPolicy":"Never","terminationGracePeriodSeconds":0"#, RestartPolicy.never, Int64(0)),
        (#""restartPolicy":"OnFailure","terminationGracePeriodSeconds":7"#, .onFailure, 7),
        ("", .always, 30),
    ])
    func podLevel(spec: String, policy: RestartPolicy, grace: Int64) throws {
        let p = try #require(ManifestLoader.load(pod(container: "", spec: spec), source: "d.json").pod)
        #expect(p.spec.restartPolicy == policy)
        #expect(p.spec.terminationGracePeriodSeconds == grace)
    }

    @Test("imagePullPolicy follows the tag", arguments: [
        ("busybox", "Always"), ("busybox:latest", "Always"), ("busybox:1.36", "IfNotPresent"),
        ("localhost:5000/busybox", "Always"), ("localhost:5000/busybox:1", "IfNotPresent"),
        ("busybox@sha256:0123", "IfNotPresent"), ("busybox:latest@sha256:0123", "Always"),
    ])
    func pullPolicy(image: String, expected: String) throws {
        let json = pod(#""containers":[{"name":"a","image":"\#(image)","command":["true"]}]"#)
        let p = try #require(ManifestLoader.load(json, source: "d.json").pod)
        let container = p.manifest["spec"]?["containers"]?.arrayValue?.first
        #expect(container?["imagePullPolicy"] == .string(expected))
    }

    @Test("lifecycle httpGet, env fieldRef apiVersion, hostNetwork hostPort")
    func nestedDefaults() throws {
        let json = pod(container: #""lifecycle":{"preStop":{"httpGet":{"port":80}}},"ports":[{"containerPort":8080}],"env":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]"#,
                       spec: #""hostNetwork":true"#)
        let p = try #require(ManifestLoader.load(json, source: "d.json").pod)
        let c = try #require(p.manifest["spec"]?["containers"]?.arrayValue?.first)
        #expect(c["lifecycle"]?["preStop"]?["httpGet"] == .object(JSONObject([
            ("port", .int(80)), ("path", .string("/")), ("scheme", .string("HTTP")),
        ])))
        #expect(c["ports"]?.arrayValue?.first == .object(JSONObject([
            ("containerPort", .int(8080)), ("protocol", .string("TCP")), ("hostPort", .int(8080)),
        ])))
        #expect(c["env"]?.arrayValue?.first?["valueFrom"]?["fieldRef"]?["apiVersion"] == .string("v1"))
    }

    @Test("an explicit namespace is kept; an empty one becomes default")
    func namespace() throws {
        let a = try #require(ManifestLoader.load(pod(#""containers":[{"name":"a",\#(ok)}]"#, meta: #""name":"p","namespace":"team""#), source: "n").pod)
        #expect(a.metadata.namespace == "team")
        let b = try #require(ManifestLoader.load(pod(#""containers":[{"name":"a",\#(ok)}]"#, meta: #""name":"p","namespace":"""#), source: "n").pod)
        #expect(b.metadata.namespace == "default")
        #expect(b.stateKey == "default_p")
    }
}
