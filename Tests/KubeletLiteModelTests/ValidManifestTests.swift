// kubelet-lite — ValidManifestTests.swift
// Accepted manifests: the typed model, the warnings, and the defaults written into the manifest.

import KubeletLiteModel
import Testing

/// Accepted manifests: typed model, warnings, generated names.
@Suite("Accepted manifests")
struct ValidManifestTests {
    /// The liveness-exec pod of the Kubernetes tutorial, verbatim but for JSON.
    static let livenessExec = #"""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {"labels": {"test": "liveness"}, "name": "liveness-exec"},
          "spec": {
            "containers": [{
              "name": "liveness",
              "image": "registry.k8s.io/busybox:1.27.2",
              "args": ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
              "livenessProbe": {
                "exec": {"command": ["cat", "/tmp/healthy"]},
                "initialDelaySeconds": 5,
                "periodSeconds": 5
              }
            }]
          }
        }
        """#

    @Test("the tutorial's liveness-exec pod loads without warnings")
    func tutorialPod() throws {
        let result = ManifestLoader.load(Self.livenessExec, source: "liveness.json")
        #expect(result.failure == nil)
        #expect(result.warnings.isEmpty)
        let pod = try #require(result.pod)
        #expect(pod.metadata.name == "liveness-exec")
        #expect(pod.metadata.namespace == "default")
        #expect(pod.metadata.labels.map { "\($0.0)=\($0.1)" } == ["test=liveness"])
        #expect(pod.stateKey == "default_liveness-exec")
        #expect(pod.spec.restartPolicy == .always)
        #expect(pod.spec.terminationGracePeriodSeconds == 30)
        let c = try #require(pod.spec.containers.first)
        #expect(c.command == nil)
        #expect(c.argv == ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"])
        #expect(c.image == "registry.k8s.io/busybox:1.27.2")
        #expect(c.livenessProbe == Probe(handler: .exec(command: ["cat", "/tmp/healthy"]), initialDelaySeconds: 5,
                                         timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3))
        #expect(c.terminationMessagePath == "/dev/termination-log")
        #expect(c.terminationMessagePolicy == .file)
    }

    @Test("fields accepted but not applicable give warnings, in document order")
    func warnings() throws {
        let json = #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"w"},"spec":{
              "nodeSelector":{"disk":"ssd"},
              "containers":[{"name":"a","command":["sleep","1"],"imagePullPolicy":"Never",
                "resources":{"limits":{"cpu":"1"}},"volumeMounts":[{"name":"cache","mountPath":"/cache"}],
                "securityContext":{"runAsUser":1000,"privileged":false},"livenessProbe":{"grpc":{"port":9000}}}],
              "volumes":[{"name":"cache","emptyDir":{}}],
              "tolerations":[],
              "hostNetwork":true}}
            """#
        let result = ManifestLoader.load(json, source: "w.json")
        #expect(result.failure == nil)
        #expect(result.warnings == [
            "spec.nodeSelector: accepted but not applicable to kubelet-lite (ignored)",
            "spec.containers[0].image: Required value (a real API server would reject this manifest)",
            "spec.containers[0].imagePullPolicy: accepted but not applicable to kubelet-lite (ignored)",
            "spec.containers[0].volumeMounts: accepted but not applicable to kubelet-lite (ignored)",
            "spec.containers[0].securityContext.privileged: accepted but not applicable to kubelet-lite (ignored)",
            "spec.volumes[0].emptyDir: accepted but not applicable to kubelet-lite (ignored)",
            "spec.tolerations: accepted but not applicable to kubelet-lite (ignored)",
        ])
        let c = try #require(result.pod?.spec.containers.first)
        #expect(c.runAsUser == 1000)
        // lifecycle §21.2: a cpu limit is honoured now (no warning), and it becomes the request too.
        #expect(c.resources.limits.cpu == Quantity(1))
        #expect(c.resources.requests.cpu == Quantity(1))
        #expect(c.image == nil)
        #expect(c.livenessProbe?.handler == .grpc(port: 9000, service: nil))
    }

    @Test("sidecars, hooks, stop signal, ports, env and pod-level runAsUser reach the typed model")
    func typedModel() throws {
        let json = #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"full","namespace":"ns1","uid":"u-1",
              "annotations":{"kubelet-lite.io/note":"x"}},
             "spec":{"restartPolicy":"OnFailure","terminationGracePeriodSeconds":5,"activeDeadlineSeconds":60,
              "hostname":"box","os":{"name":"linux"},"securityContext":{"runAsUser":1,"runAsGroup":2},
              "initContainers":[{"name":"side","image":"b","args":["sleep","9"],"restartPolicy":"Always",
                "readinessProbe":{"tcpSocket":{"port":"web"}}}],
              "containers":[{"name":"main","image":"b","command":["sh"],"args":["-c","x"],"workingDir":"/tmp",
                "ports":[{"name":"web","containerPort":8080}],
                "env":[{"name":"A","value":"1"},{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
                "securityContext":{"runAsUser":7},
                "terminationMessagePolicy":"FallbackToLogsOnError",
                "lifecycle":{"postStart":{"httpGet":{"port":8080,"path":"/start","httpHeaders":[{"name":"X-A","value":"b"}]}},
                  "preStop":{"sleep":{"seconds":5}},"stopSignal":"SIGUSR1"}}]}}
            """#
        let result = ManifestLoader.load(json, source: "full.json")
        #expect(result.failure == nil, "\(result.failure?.message ?? "")")
        let pod = try #require(result.pod)
        #expect(pod.metadata.namespace == "ns1")
        #expect(pod.metadata.uid == "u-1")
        #expect(pod.spec.restartPolicy == .onFailure)
        #expect(pod.spec.terminationGracePeriodSeconds == 5)
        #expect(pod.spec.activeDeadlineSeconds == 60)
        #expect(pod.spec.hostname == "box")
        let side = try #require(pod.spec.initContainers.first)
        #expect(side.isSidecar)
        #expect(side.readinessProbe?.handler == .tcpSocket(port: .string("web"), host: nil))
        #expect(side.runAsUser == 1)
        #expect(side.runAsGroup == 2)
        let main = try #require(pod.spec.containers.first)
        #expect(main.argv == ["sh", "-c", "x"])
        #expect(main.workingDir == "/tmp")
        #expect(main.ports == [ContainerPort(name: "web", containerPort: 8080, protocolName: "TCP")])
        #expect(main.env == [EnvVar(name: "A", value: "1"), EnvVar(name: "N", fieldPath: "metadata.name")])
        #expect(main.runAsUser == 7)
        #expect(main.runAsGroup == 2)
        #expect(main.terminationMessagePolicy == .fallbackToLogsOnError)
        #expect(main.lifecycle == Lifecycle(
            postStart: .httpGet(HTTPGetAction(path: "/start", port: .int(8080), scheme: "HTTP",
                                              httpHeaders: [HTTPHeader(name: "X-A", value: "b")])),
            preStop: .sleep(seconds: 5), stopSignal: "SIGUSR1"))
        #expect(result.warnings.isEmpty)
    }

    @Test("generateName gives a name with a five-character suffix")
    func generateName() throws {
        let json = #"{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-"},"spec":{"containers":[{"name":"a","image":"b","command":["true"]}]}}"#
        let pod = try #require(ManifestLoader.load(json, source: "g.json").pod)
        #expect(pod.metadata.name.hasPrefix("web-"))
        #expect(pod.metadata.name.count == 9)
        #expect(pod.manifest["metadata"]?["name"] == .string(pod.metadata.name))
    }

    @Test("a probe's zero values become the defaults, as on a real API server")
    func zeroProbeValues() throws {
        let json = pod(container: #""readinessProbe":{"exec":{"command":["true"]},"periodSeconds":0,"timeoutSeconds":0,"successThreshold":0,"failureThreshold":0}"#)
        let probe = try #require(ManifestLoader.load(json, source: "z.json").pod?.spec.containers.first?.readinessProbe)
        #expect(probe.periodSeconds == 10)
        #expect(probe.timeoutSeconds == 1)
        #expect(probe.successThreshold == 1)
        #expect(probe.failureThreshold == 3)
    }

    @Test("null reads as absent, as in Go")
    func nulls() throws {
        let json = pod(container: #""args":null,"env":null,"livenessProbe":null"#, spec: #""restartPolicy":null,"nodeSelector":null"#)
        let result = ManifestLoader.load(json, source: "n.json")
        #expect(result.failure == nil)
        #expect(result.warnings.isEmpty)
        #expect(result.pod?.spec.restartPolicy == .always)
        #expect(result.pod?.spec.containers.first?.livenessProbe == nil)
    }
}
