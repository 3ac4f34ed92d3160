// kubelet-lite — KubectlSyntaxTests.swift (end-to-end)
// get, describe and logs read as kubectl reads: its flag spellings, TYPE/NAME, namespaces,
// selectors, the Pod for one NAME, the default container, terminating and lost pods.

import Glibc
import KubeletLiteModel
import Testing

/// The reading verbs against running pods, in kubectl's syntax.
@Suite struct KubectlSyntaxTests {
    static func pod(_ name: String, namespace: String = "default", labels: String = "{}", grace: Int = 30,
                    initContainer: Bool = false) -> String {
        let inits = initContainer
            ? #""initContainers": [{"name": "i", "image": "busybox", "command": ["sh", "-c", "echo from-init"]}],"#
            : ""
        return """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)", "namespace": "\(namespace)", "labels": \(labels)},
             "spec": {"terminationGracePeriodSeconds": \(grace), \(inits) "containers": [{"name": "app", "image": "busybox",
               "command": ["sh", "-c", "trap 'exit 0' TERM; echo from-\(name); touch {T}/up-\(name); while true; do sleep 0.05; done"]}]}}
            """
    }

    /// Starts the pods and waits until each one's container runs.
    static func running(_ pods: [(name: String, manifest: String)], in t: Scratch) async -> [Supervisor] {
        let started = pods.map { E2E.start(["apply", t.write("\($0.name).json", $0.manifest)], in: t) }
        for pod in pods { await waitUntil("\(pod.name)'s container up") { t.read("up-\(pod.name)") != nil } }
        return started
    }

    static func rows(_ out: String) -> [[String]] {
        out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    @Test func getSpeaksKubectl() async throws {
        let t = await Scratch.admitted()
        let pods = await Self.running([("web", Self.pod("web", labels: #"{"app": "web"}"#)),
                                 ("cache", Self.pod("cache", labels: #"{"app": "cache"}"#)),
                                 ("db", Self.pod("db", namespace: "team-a", labels: #"{"app": "db"}"#))], in: t)
        defer { for p in pods { p.signal(SIGTERM) } }

        let one = try JSONParser.parse(await E2E.run(["get", "web", "-o", "json"], in: t).stdout)
        #expect(one["kind"] == .string("Pod"), "get NAME -o json is the Pod")
        #expect(one["metadata"]?["name"] == .string("web"))
        let list = try JSONParser.parse(await E2E.run(["get", "-o=json"], in: t).stdout)
        #expect(list["kind"] == .string("List"))
        #expect(list["items"]?.arrayValue?.count == 2, "the current namespace only")
        #expect(await E2E.run(["get", "pod/web", "-oyaml"], in: t).stdout.hasPrefix("apiVersion: v1\nkind: Pod\nmetadata:\n"))

        let all = Self.rows(await E2E.run(["get", "-A"], in: t).stdout)
        #expect(all.first == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(all.dropFirst().map { Array($0.prefix(2)) } == [["default", "cache"], ["default", "web"], ["team-a", "db"]])

        let none = await E2E.run(["get", "-n", "nosuchns"], in: t)
        #expect(none.status == 0)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr == "No resources found in nosuchns namespace.\n")

        #expect(Self.rows(await E2E.run(["get", "-n=team-a"], in: t).stdout).dropFirst().map(\.first) == ["db"])
        #expect(Self.rows(await E2E.run(["get", "--namespace=team-a", "pods/db"], in: t).stdout).dropFirst().map(\.first) == ["db"])
        #expect(Self.rows(await E2E.run(["get", "pods", "web", "cache"], in: t).stdout).dropFirst().map(\.first) == ["web", "cache"])
        #expect(Self.rows(await E2E.run(["get", "-l", "app=web"], in: t).stdout).dropFirst().map(\.first) == ["web"])
        #expect(Self.rows(await E2E.run(["get", "-l", "app in (web,db)", "-A"], in: t).stdout).dropFirst().map { $0[1] } == ["web", "db"])
        #expect(Self.rows(await E2E.run(["get", "-lapp!=web"], in: t).stdout).dropFirst().map(\.first) == ["cache"])
        let wide = Self.rows(await E2E.run(["get", "-owide", "web"], in: t).stdout)
        #expect(wide.first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "SANDBOX"])
        #expect(await E2E.run(["get", "-o", "name"], in: t).stdout == "pod/cache\npod/web\n")

        let mixed = await E2E.run(["get", "web", "nope"], in: t)
        #expect(mixed.status == 1)
        #expect(Self.rows(mixed.stdout).dropFirst().map(\.first) == ["web"])
        #expect(mixed.stderr == "Error from server (NotFound): pods \"nope\" not found\n")
        #expect(await E2E.run(["get", "web", "-A"], in: t).status == 2, "a name across all namespaces is refused")
        #expect(await E2E.run(["get", "deploy/web"], in: t).status == 2)
    }

    @Test func deleteTakesSeveralNamesASelectorOrAll() async {
        let t = await Scratch.admitted()
        let pods = await Self.running([("a", Self.pod("a", labels: #"{"tier": "web"}"#)), ("b", Self.pod("b", labels: #"{"tier": "web"}"#)),
                                 ("c", Self.pod("c", labels: #"{"tier": "db"}"#)), ("d", Self.pod("d")),
                                 ("e", Self.pod("e", namespace: "other"))], in: t)
        let names = await E2E.run(["delete", "pod/a", "pods/d", "--grace-period=-1"], in: t)
        #expect(names.status == 0, "\(names.stderr)")
        #expect(names.stdout == "pod \"a\" deleted\npod \"d\" deleted\n")
        #expect([pods[0], pods[3]].allSatisfy { $0.exitBlocking(within: 5) == 0 },
                "both stopped, each exiting 0, within moments of delete returning (it waits for them)")
        let selected = await E2E.run(["delete", "-l", "tier in (web, db)", "--wait=false"], in: t)
        #expect(selected.stdout == "pod \"b\" deleted\npod \"c\" deleted\n")
        #expect(await [pods[1].exit(), pods[2].exit()] == [0, 0])
        let all = await E2E.run(["delete", "--all", "-A"], in: t)
        #expect(all.stdout == "pod \"e\" deleted\n")
        #expect(await pods[4].exit() == 0)
        let none = await E2E.run(["get", "-A"], in: t)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr == "No resources found\n")
        #expect(await E2E.run(["delete", "--all"], in: t).stdout == "No resources found\n")
    }

    /// One container and an init container: kubectl's default container, and its notice.
    @Test func logsPicksTheDefaultContainerWithKubectlsNotice() async {
        let t = await Scratch.admitted()
        let pods = await Self.running([("both", Self.pod("both", initContainer: true))], in: t)
        defer { for p in pods { p.signal(SIGTERM) } }
        let logs = await E2E.run(["logs", "both"], in: t)
        #expect(logs.status == 0)
        #expect(logs.stdout == "from-both\n")
        #expect(logs.stderr == "Defaulted container \"app\" out of: app, i (init)\n")
        #expect(await E2E.run(["logs", "pod/both", "i"], in: t).stdout == "from-init\n", "logs POD CONTAINER")
        let twice = await E2E.run(["logs", "both", "i", "-c", "app"], in: t)
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("only one of -c or an inline [CONTAINER] arg is allowed"))
    }

    @Test func describeShowsATerminatingPodAndALostOne() async {
        let t = await Scratch.admitted()
        let file = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stubborn"},
             "spec": {"terminationGracePeriodSeconds": 20, "containers": [{"name": "c", "image": "busybox",
               "command": ["sh", "-c", "trap '' TERM; touch {T}/up; while true; do sleep 0.05; done"]}]}}
            """)
        let kl = E2E.start(["apply", file], in: t)
        await waitUntil("t.read('up') != nil") { t.read("up") != nil }
        let asked = E2E.now()
        #expect(await E2E.run(["delete", "stubborn", "--wait=false"], in: t).status == 0)
        await waitUntil("t.podJSON('stubborn')?['metadata']?['deletionTimestamp'] != nil") { t.podJSON("stubborn")?["metadata"]?["deletionTimestamp"] != nil }
        let terminating = await E2E.run(["describe", "pod/stubborn"], in: t).stdout
        let took = E2E.now() - asked
        let status = terminating.split(separator: "\n").first { $0.hasPrefix("Status:") }.map(String.init) ?? ""
        #expect(status.hasPrefix("Status:                    Terminating (lasts "), "\(terminating)")
        // What is left of the 20 s grace when describe ran: 20 s less the time since the delete.
        let lasts = status.split(separator: " ").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? -1
        #expect(lasts <= 20 && Double(lasts) >= 20 - took.rounded(.up) - 1, "\(status), \(took) s after the delete")
        #expect(terminating.contains("\nTermination Grace Period:  20s\n"))
        kl.signal(SIGKILL)

        // A pod whose supervisor died (not deleted): Unknown, and none of its containers runs.
        let lostPod = await Self.running([("lost", Self.pod("lost"))], in: t)
        // The container can run before the supervisor has published it: wait for pod.json to say so.
        await waitUntil("lost's container running in pod.json") {
            t.podJSON("lost")?.containerStatus("app")?["state"]?["running"] != nil
        }
        lostPod[0].signal(SIGKILL)
        await lostPod[0].exit()
        let lost = await E2E.run(["describe", "lost"], in: t).stdout
        #expect(lost.contains("\nStatus:           Unknown\n"), "\(lost)")
        #expect(!lost.contains("State:          Running"), "no container of a lost pod runs: \(lost)")
        #expect(lost.contains("      Reason:       ContainerStatusUnknown\n"))
        #expect(lost.contains("    Ready:          False\n"))
        #expect(Self.rows(await E2E.run(["get", "lost"], in: t).stdout).last?.prefix(3) == ["lost", "0/1", "Unknown"])
    }
}
