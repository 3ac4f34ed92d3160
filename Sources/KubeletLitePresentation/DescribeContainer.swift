// kubelet-lite — DescribeContainer.swift
// One container's block of `kubectl describe pod` (lifecycle §16.1, describe.go).

import KubeletLiteLifecycle
import KubeletLiteModel

/// The lines under `  NAME:`: ID, image, ports, argv, state, last state, readiness, restarts,
/// probes and environment.
enum DescribeContainer {
    static func lines(_ c: Container, _ s: PublishedContainerStatus?, into out: inout [String]) {
        func field(_ key: String, _ value: String) { out.append("    " + (key + ":").padded(to: 16) + value) }
        field("Container ID", s?.containerID ?? "")
        field("Image", c.image ?? "")
        let ports = c.ports.map { "\($0.containerPort)/\($0.protocolName)" }
        field("Port", ports.isEmpty ? "<none>" : ports.joined(separator: ", "))
        for (title, items) in [("Command:", c.command), ("Args:", c.args)] {
            guard let items, !items.isEmpty else { continue }
            out.append("    " + title)
            // describe.go writes each line of a multi-line argument at the same depth.
            for item in items {
                for line in item.split(separator: "\n", omittingEmptySubsequences: false) { out.append("      " + line) }
            }
        }
        if let state = s?.state { self.state("State", state, into: &out) }
        if let last = s?.lastState { self.state("Last State", last, into: &out) }
        field("Ready", s?.ready == true ? "True" : "False")
        field("Restart Count", String(s?.restartCount ?? 0))
        // As describe.go prints them: only the lists that have entries (lifecycle §21).
        for (title, list) in [("Limits:", c.resources.limits), ("Requests:", c.resources.requests)] {
            let entries = [("cpu", list.cpu), ("memory", list.memory)].compactMap { name, q in q.map { (name, $0) } }
            guard !entries.isEmpty else { continue }
            out.append("    " + title)
            for (name, q) in entries { out.append("      \(name):  \(q)") }
        }
        for (title, probe) in [("Liveness", c.livenessProbe), ("Readiness", c.readinessProbe), ("Startup", c.startupProbe)] {
            if let probe { field(title, describe(probe)) }
        }
        if c.env.isEmpty {
            field("Environment", "<none>")
        } else {
            out.append("    Environment:")
            for e in c.env {
                // A fieldRef shows where the value comes from, as kubectl shows `(v1:metadata.name)`;
                // the lines of a multi-line value stay under its first (describe.go).
                let value = e.value ?? e.fieldPath.map { "(v1:\($0))" } ?? ""
                let prefix = "      \(e.name):  "
                out.append(prefix + DescribeView.indented(value, by: prefix.count))
            }
        }
    }

    /// `State:          Running` and the lines under it, for a state or a last state.
    static func state(_ title: String, _ state: ContainerState, into out: inout [String]) {
        func line(_ key: String, _ value: String, indent: Int) {
            // A message of several lines (a log tail) keeps its later lines under the first.
            out.append(String(repeating: " ", count: indent) + (key + ":").padded(to: 20 - indent)
                + DescribeView.indented(value, by: 20))
        }
        switch state {
        case .waiting(let reason, let message):
            line(title, "Waiting", indent: 4)
            line("Reason", reason, indent: 6)
            if let message { line("Message", message, indent: 6) }
        case .running(let startedAt):
            line(title, "Running", indent: 4)
            line("Started", PublishedTime.rfc1123(startedAt), indent: 6)
        case .terminated(let t):
            line(title, "Terminated", indent: 4)
            line("Reason", t.reason, indent: 6)
            if let message = t.message { line("Message", message, indent: 6) }
            line("Exit Code", String(t.exitCode), indent: 6)
            if let started = t.startedAt { line("Started", PublishedTime.rfc1123(started), indent: 6) }
            line("Finished", PublishedTime.rfc1123(t.finishedAt), indent: 6)
        }
    }

    /// `exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3`.
    static func describe(_ p: Probe) -> String {
        let what: String
        switch p.handler {
        case .exec(let command):
            what = "exec [" + command.joined(separator: " ") + "]"
        case .httpGet(let h):
            what = "http-get \(h.scheme.lowercased())://\(h.host ?? ""):\(h.port)\(h.path)"
        case .tcpSocket(let port, let host):
            what = "tcp-socket \(host ?? ""):\(port)"
        case .grpc(let port, let service):
            what = "grpc <pod>:\(port) \(service ?? "")"
        }
        return "\(what) delay=\(p.initialDelaySeconds)s timeout=\(p.timeoutSeconds)s period=\(p.periodSeconds)s "
            + "#success=\(p.successThreshold) #failure=\(p.failureThreshold)"
    }
}
