// kubelet-lite — SchemaTests.swift (end-to-end)
// pod.json must be a Pod that strict schema validation of current Kubernetes accepts.

import Glibc
import KubeletLiteModel
import Testing

@Suite struct SchemaTests {
    /// The `kubernetes-validate` command (PyPI), on PATH or where `pip install --user` puts it.
    static let validator = Tool.kubernetesValidate.path

    static func validate(_ file: String, in t: Scratch) async -> (Bool, String) {
        guard let tool = validator else { return (false, "kubernetes-validate is not installed") }
        let out = t.path + "/validate-out"
        let rc = await offPool { system("'\(tool)' --strict '\(file)' > '\(out)' 2>&1") }
        return (rc == 0, t.read(out) ?? "")
    }

    @Test(.needs(.kubernetesValidate))
    func runningAndFinishedPodsPassStrictValidation() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "schema", "labels": {"app": "x"}},
             "spec": {"restartPolicy": "OnFailure", "terminationGracePeriodSeconds": 2,
              "initContainers": [{"name": "init", "image": "busybox", "command": ["true"]}],
              "containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "trap 'exit 3' TERM; touch {T}/up; while true; do sleep 0.05; done"],
                "ports": [{"name": "http", "containerPort": 8080}],
                "env": [{"name": "A", "value": "b"}]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("schema Running") { t.read("up") != nil && t.podJSON("schema")?.phase == "Running" }
        let running = t.podDir("schema") + "/pod.json"
        let copy = t.write("running.json", t.read(running) ?? "")
        let (ok1, out1) = await SchemaTests.validate(copy, in: t)
        #expect(ok1, "running pod.json: \(out1)")
        kl.signal(SIGTERM)
        #expect(await kl.exit() == 0)
        #expect(t.podJSON("schema")?.phase == "Failed")
        let (ok2, out2) = await SchemaTests.validate(running, in: t)
        #expect(ok2, "finished pod.json: \(out2)")
        for line in (t.read(t.podDir("schema") + "/events.jsonl") ?? "").split(separator: "\n").prefix(3) {
            let file = t.write("event.json", String(line))
            let (ok, out) = await SchemaTests.validate(file, in: t)
            #expect(ok, "event: \(out)")
        }
    }

    @Test(.needs(.kubernetesValidate))
    func aPodWithProbesAndHooksPassesStrictValidation() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probed"},
             "spec": {"restartPolicy": "Never", "terminationGracePeriodSeconds": 3,
              "containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "sleep 1"],
                "ports": [{"name": "http", "containerPort": 1}],
                "livenessProbe": {"exec": {"command": ["true"]}, "periodSeconds": 1},
                "readinessProbe": {"tcpSocket": {"port": "http"}, "periodSeconds": 1},
                "startupProbe": {"httpGet": {"path": "/", "port": 1, "httpHeaders": [{"name": "X-A", "value": "b"}]}},
                "lifecycle": {"postStart": {"exec": {"command": ["true"]}}, "preStop": {"sleep": {"seconds": 1}}}}]}}
            """)
        let r = await E2E.run(["apply", file], in: t)
        #expect(r.status == 0, "\(r.stderr)")
        let (ok, out) = await SchemaTests.validate(t.podDir("probed") + "/pod.json", in: t)
        #expect(ok, "pod.json: \(out)")
    }
}
