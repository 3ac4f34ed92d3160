// kubelet-lite — PodListView.swift
// `kubectl get pods` columns from a published Pod (spec §16, printers.go).

import KubeletLiteModel

/// The READY, STATUS, RESTARTS and AGE columns of `kubectl get pods`.
public enum PodListView {
    /// `alive`: the pod's supervisor is running. A pod left non-terminal by a supervisor that died
    /// without a clean stop is `Unknown` (design.md §1).
    public static func row(_ pod: JSONValue, alive: Bool, now: Instant, wide: Bool) -> [String] {
        let status = pod["status"]
        let inits = status?["initContainerStatuses"]?.arrayValue ?? []
        let mains = status?["containerStatuses"]?.arrayValue ?? []
        let initSpecs = pod["spec"]?["initContainers"]?.arrayValue ?? []
        let sidecars = Set(initSpecs.filter { $0["restartPolicy"]?.stringValue == "Always" }.compactMap { $0["name"]?.stringValue })
        let counted = mains + inits.filter { sidecars.contains($0["name"]?.stringValue ?? "") }
        let ready = counted.filter { $0["ready"] == .bool(true) }.count
        var restarts = 0
        var lastRestart: Instant?
        for s in inits + mains {
            restarts += Int(s["restartCount"]?.int64Value ?? 0)
            if let f = s["lastState"]?["terminated"]?["finishedAt"]?.stringValue.flatMap(DescribeView.parse),
               lastRestart.map({ f > $0 }) ?? true {
                lastRestart = f
            }
        }
        let restartText = restarts > 0 && lastRestart != nil
            ? "\(restarts) (\(DescribeView.humanDuration(now - lastRestart!)) ago)" : String(restarts)
        let created = pod["metadata"]?["creationTimestamp"]?.stringValue.flatMap(DescribeView.parse)
        let age = created.map { DescribeView.humanDuration(now - $0) } ?? "<unknown>"
        var row = [pod["metadata"]?["name"]?.stringValue ?? "", "\(ready)/\(counted.count)",
                   statusColumn(pod, alive: alive, sidecars: sidecars), restartText, age]
        if wide {
            row += [status?["podIP"]?.stringValue ?? "<none>", pod["spec"]?["nodeName"]?.stringValue ?? "<none>"]
        }
        return row
    }

    public static func header(wide: Bool) -> [String] {
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] + (wide ? ["IP", "NODE"] : [])
    }

    /// The phase, `Unknown` for a pod whose supervisor died (design.md §1), as `get` and `describe` show it.
    public static func phase(_ pod: JSONValue, alive: Bool) -> String {
        let phase = pod["status"]?["phase"]?.stringValue ?? "Unknown"
        return !alive && phase != "Succeeded" && phase != "Failed" ? "Unknown" : phase
    }

    /// The pod as `get -o json` and `describe` show it: with the phase of `phase(_:alive:)`.
    public static func shown(_ pod: JSONValue, alive: Bool) -> JSONValue {
        guard case .object(var o) = pod, case .object(var status)? = o["status"] else { return pod }
        status["phase"] = .string(phase(pod, alive: alive))
        o["status"] = .object(status)
        return .object(o)
    }

    /// STATUS: phase or reason, `Init:…` while initialising, the last container's reason, `Terminating`.
    static func statusColumn(_ pod: JSONValue, alive: Bool, sidecars: Set<String>) -> String {
        let status = pod["status"]
        let phase = Self.phase(pod, alive: alive)
        if phase == "Unknown" { return "Unknown" }
        var reason = status?["reason"]?.stringValue ?? phase
        let inits = status?["initContainerStatuses"]?.arrayValue ?? []
        var initializing = false
        for (i, s) in inits.enumerated() {
            let name = s["name"]?.stringValue ?? ""
            if let t = s["state"]?["terminated"], t["exitCode"]?.int64Value == 0 { continue }
            if sidecars.contains(name), s["started"] == .bool(true) { continue }
            if let t = s["state"]?["terminated"] {
                let r = t["reason"]?.stringValue ?? ""
                reason = !r.isEmpty ? "Init:" + r : (t["signal"]?.int64Value ?? 0) != 0
                    ? "Init:Signal:\(t["signal"]!.int64Value!)" : "Init:ExitCode:\(t["exitCode"]?.int64Value ?? 0)"
            } else if let r = s["state"]?["waiting"]?["reason"]?.stringValue, !r.isEmpty, r != "PodInitializing" {
                reason = "Init:" + r
            } else {
                reason = "Init:\(i)/\(inits.count)"
            }
            initializing = true
            break
        }
        if !initializing {
            var hasRunning = false
            for s in (status?["containerStatuses"]?.arrayValue ?? []).reversed() {
                if let r = s["state"]?["waiting"]?["reason"]?.stringValue, !r.isEmpty {
                    reason = r
                } else if let t = s["state"]?["terminated"] {
                    let r = t["reason"]?.stringValue ?? ""
                    reason = !r.isEmpty ? r : "ExitCode:\(t["exitCode"]?.int64Value ?? 0)"
                } else if s["state"]?["running"] != nil && s["ready"] == .bool(true) {
                    hasRunning = true
                }
            }
            if reason == "Completed" && hasRunning {
                let ready = status?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
                reason = ready?["status"]?.stringValue == "True" ? "Running" : "NotReady"
            }
        }
        if pod["metadata"]?["deletionTimestamp"] != nil && phase != "Succeeded" && phase != "Failed" {
            return "Terminating"
        }
        return reason
    }

    /// Aligns rows as kubectl's tabwriter does (three spaces between columns).
    public static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = (0..<first.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padded(to: widths[i] + 3) }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
