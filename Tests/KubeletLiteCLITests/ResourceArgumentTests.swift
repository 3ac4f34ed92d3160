// kubelet-lite — ResourceArgumentTests.swift
// Operands as kubectl reads them (TYPE/NAME, several names), delete's grace rules, help texts.

import KubeletLiteRuntime
import Testing
@testable import kubelet_lite_core

/// Operands, selections, delete's grace and the overview.
@Suite struct ResourceArgumentTests {
    @Test(arguments: [
        ([], []), (["web"], ["web"]), (["pods"], []), (["pod", "a", "b"], ["a", "b"]), (["po", "a"], ["a"]),
        (["pod/a"], ["a"]), (["pods/a", "po/b"], ["a", "b"]), (["a", "b"], ["a", "b"]),
    ])
    func namesAreReadAsKubectlReadsThem(_ operands: [String], _ names: [String]) throws {
        #expect(try ResourceArguments.names(operands, usage: "u") == names)
    }

    @Test(arguments: [
        (["pod", "pod/a"], "there is no need to specify a resource type"),
        (["deploy/a"], "the server doesn't have a resource type \"deploy\""),
        (["pod/"], "must have a single resource and name"),
        (["pod/a/b"], "must have a single resource and name"),
    ])
    func wrongResourceFormsAreUsageErrors(_ operands: [String], _ message: String) {
        let error = #expect(throws: UsageError.self) { try ResourceArguments.names(operands, usage: "u") }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func namesExcludeASelectorAndAllNamespaces() throws {
        var selection = PodSelection()
        try selection.select("app=web", usage: "u")
        #expect(throws: UsageError.self) { try selection.name(["a"], usage: "u") }
        var all = PodSelection()
        all.allNamespaces = true
        let error = #expect(throws: UsageError.self) { try all.name(["a"], usage: "u") }
        #expect(error?.message == "a resource cannot be retrieved by name across all namespaces")
        #expect(all.nothingFound == "No resources found")
        var ns = PodSelection()
        ns.namespace = "nosuchns"
        #expect(ns.nothingFound == "No resources found in nosuchns namespace.")
        #expect(PodSelection().currentNamespace == "default")
    }

    static func request(_ grace: Int64 = -1, now: Bool = false, force: Bool = false) -> DeleteCommand.Request {
        var r = DeleteCommand.Request()
        r.selection.names = ["web"]
        r.grace = grace
        r.now = now
        r.force = force
        return r
    }

    /// kubectl delete's rules (delete.go): 0 without --force is 1, --force alone is 0, -1 is the pod's.
    @Test func deleteGraceFollowsKubectlsRules() throws {
        #expect(try DeleteCommand.gracePeriod(Self.request()) == nil)
        #expect(try DeleteCommand.gracePeriod(Self.request(5)) == 5)
        #expect(try DeleteCommand.gracePeriod(Self.request(0)) == 1)
        #expect(try DeleteCommand.gracePeriod(Self.request(now: true)) == 1)
        #expect(try DeleteCommand.gracePeriod(Self.request(force: true)) == 0)
        #expect(try DeleteCommand.gracePeriod(Self.request(0, force: true)) == 0)
        #expect(throws: UsageError.self) { try DeleteCommand.gracePeriod(Self.request(3, now: true)) }
        #expect(throws: UsageError.self) { try DeleteCommand.gracePeriod(Self.request(3, force: true)) }
        var nothing = DeleteCommand.Request()
        nothing.selection.names = []
        #expect(throws: UsageError.self) { try DeleteCommand.gracePeriod(nothing) }
    }

    /// The overview shows each verb's whole usage, the shared -n and --state-dir included.
    @Test func theOverviewShowsEveryVerbsFlags() {
        let overview = HelpCommand.overview.split(separator: "\n").map { $0.trimmingCharacters() }.joined(separator: " ")
        for verb in ["get", "describe", "logs", "delete"] {
            let part = overview.components(after: "kubelet-lite \(verb) ")
            #expect(part.contains("[-n NAMESPACE]"), "\(verb)")
            #expect(part.contains("[--state-dir DIR]"), "\(verb)")
        }
        let logs = LogsCommand.help.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(logs.contains("may be in another order than written"))
        #expect(!LogsCommand.help.contains("in the order written"))
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " }))
    }
}

extension String {
    /// The text after `marker` up to the next verb's usage.
    func components(after marker: String) -> String {
        guard let r = firstRange(of: marker) else { return "" }
        let rest = self[r.upperBound...]
        guard let next = rest.firstRange(of: "kubelet-lite ") else { return String(rest) }
        return String(rest[..<next.lowerBound])
    }
}
