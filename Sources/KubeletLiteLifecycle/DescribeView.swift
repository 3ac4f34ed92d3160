// kubelet-lite — DescribeView.swift
// `kubectl describe pod` as text, from the published Pod and Events (spec §15.3, §16.1).

import KubeletLiteModel

/// Renders the `kubectl describe pod` view from the JSON kubelet-lite publishes, so the same view
/// serves a live supervisor (SIGUSR1) and the files of its state directory.
public enum DescribeView {
    public static func render(pod: JSONValue, events: [JSONValue], now: Instant) -> String {
        var out: [String] = []
        let meta = pod["metadata"]
        let spec = pod["spec"]
        let status = pod["status"]
        func field(_ key: String, _ value: String, indent: Int = 0, width: Int = 18) {
            let pad = String(repeating: " ", count: indent)
            out.append(pad + (key + ":").padded(to: width) + value)
        }
        field("Name", meta?["name"]?.stringValue ?? "")
        field("Namespace", meta?["namespace"]?.stringValue ?? "default")
        field("Node", (spec?["nodeName"]?.stringValue ?? "<none>") + "/" + (status?["hostIP"]?.stringValue ?? ""))
        field("Start Time", status?["startTime"]?.stringValue.flatMap(Self.parse).map(Self.rfc1123) ?? "<unset>")
        field("Labels", Self.keyValues(meta?["labels"]))
        field("Annotations", Self.keyValues(meta?["annotations"]))
        field("Status", status?["phase"]?.stringValue ?? "Unknown")
        if let reason = status?["reason"]?.stringValue { field("Reason", reason) }
        if let message = status?["message"]?.stringValue { field("Message", message) }
        field("IP", status?["podIP"]?.stringValue ?? "")
        let statuses = (status?["initContainerStatuses"]?.arrayValue ?? []) + (status?["containerStatuses"]?.arrayValue ?? [])
        for (title, key) in [("Init Containers", "initContainers"), ("Containers", "containers")] {
            guard let list = spec?[key]?.arrayValue, !list.isEmpty else { continue }
            out.append(title + ":")
            for c in list {
                let name = c["name"]?.stringValue ?? ""
                let s = statuses.first { $0["name"]?.stringValue == name }
                out.append("  \(name):")
                container(c, s, into: &out)
            }
        }
        out.append("Conditions:")
        let conditions = status?["conditions"]?.arrayValue ?? []
        let typeWidth = max(4, conditions.compactMap { $0["type"]?.stringValue?.count }.max() ?? 0) + 2
        out.append("  " + "Type".padded(to: typeWidth) + "Status")
        for c in conditions {
            out.append("  " + (c["type"]?.stringValue ?? "").padded(to: typeWidth) + (c["status"]?.stringValue ?? "") + " ")
        }
        out.append("QoS Class:".padded(to: 18) + (status?["qosClass"]?.stringValue ?? "BestEffort"))
        out.append(eventsTable(events, now: now))
        return out.joined(separator: "\n") + "\n"
    }

    private static func container(_ c: JSONValue, _ s: JSONValue?, into out: inout [String]) {
        func field(_ key: String, _ value: String, indent: Int = 4) {
            out.append(String(repeating: " ", count: indent) + (key + ":").padded(to: 16) + value)
        }
        field("Container ID", s?["containerID"]?.stringValue ?? "")
        field("Image", c["image"]?.stringValue ?? "")
        let ports = (c["ports"]?.arrayValue ?? []).map {
            "\($0["containerPort"]?.int64Value ?? 0)/\($0["protocol"]?.stringValue ?? "TCP")"
        }
        field("Port", ports.isEmpty ? "<none>" : ports.joined(separator: ", "))
        for key in ["command", "args"] {
            guard let items = c[key]?.arrayValue, !items.isEmpty else { continue }
            out.append("    " + (key == "command" ? "Command:" : "Args:"))
            for item in items { out.append("      " + (item.stringValue ?? "")) }
        }
        state("State", s?["state"], into: &out)
        if let last = s?["lastState"], last.objectValue?.isEmpty == false { state("Last State", last, into: &out) }
        field("Ready", s?["ready"] == .bool(true) ? "True" : "False")
        field("Restart Count", String(s?["restartCount"]?.int64Value ?? 0))
        for (title, key) in [("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"), ("Startup", "startupProbe")] {
            if let probe = c[key] { field(title, Self.probe(probe)) }
        }
        let env = (c["env"]?.arrayValue ?? []).map { e -> String in
            let value = e["value"]?.stringValue ?? e["valueFrom"]?["fieldRef"]?["fieldPath"]?.stringValue.map { " (v1:\($0))" } ?? ""
            return "      \(e["name"]?.stringValue ?? ""):" + (value.hasPrefix(" (") ? "  " + value.dropFirst() : "  " + value)
        }
        if env.isEmpty { field("Environment", "<none>") } else {
            out.append("    Environment:")
            out.append(contentsOf: env)
        }
    }

    private static func state(_ title: String, _ state: JSONValue?, into out: inout [String]) {
        func line(_ key: String, _ value: String, indent: Int) {
            out.append(String(repeating: " ", count: indent) + (key + ":").padded(to: 20 - indent) + value)
        }
        if let w = state?["waiting"] {
            line(title, "Waiting", indent: 4)
            line("Reason", w["reason"]?.stringValue ?? "", indent: 6)
            if let m = w["message"]?.stringValue { line("Message", m, indent: 6) }
        } else if let r = state?["running"] {
            line(title, "Running", indent: 4)
            line("Started", r["startedAt"]?.stringValue.flatMap(parse).map(rfc1123) ?? "", indent: 6)
        } else if let t = state?["terminated"] {
            line(title, "Terminated", indent: 4)
            line("Reason", t["reason"]?.stringValue ?? "", indent: 6)
            if let m = t["message"]?.stringValue { line("Message", m, indent: 6) }
            line("Exit Code", String(t["exitCode"]?.int64Value ?? 0), indent: 6)
            if let s = t["startedAt"]?.stringValue.flatMap(parse) { line("Started", rfc1123(s), indent: 6) }
            if let f = t["finishedAt"]?.stringValue.flatMap(parse) { line("Finished", rfc1123(f), indent: 6) }
        }
    }

    /// `exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3`.
    static func probe(_ p: JSONValue) -> String {
        var what = ""
        if let cmd = p["exec"]?["command"]?.arrayValue {
            what = "exec [" + cmd.compactMap(\.stringValue).joined(separator: " ") + "]"
        } else if let h = p["httpGet"] {
            let port = h["port"]?.stringValue ?? h["port"]?.int64Value.map(String.init) ?? ""
            what = "http-get \((h["scheme"]?.stringValue ?? "HTTP").lowercased())://\(h["host"]?.stringValue ?? ""):\(port)\(h["path"]?.stringValue ?? "/")"
        } else if let t = p["tcpSocket"] {
            what = "tcp-socket \(t["host"]?.stringValue ?? ""):\(t["port"]?.stringValue ?? t["port"]?.int64Value.map(String.init) ?? "")"
        } else if let g = p["grpc"] {
            what = "grpc <pod>:\(g["port"]?.int64Value ?? 0) \(g["service"]?.stringValue ?? "")"
        }
        func n(_ k: String, _ d: Int64) -> Int64 { p[k]?.int64Value ?? d }
        return "\(what) delay=\(n("initialDelaySeconds", 0))s timeout=\(n("timeoutSeconds", 1))s "
            + "period=\(n("periodSeconds", 10))s #success=\(n("successThreshold", 1)) #failure=\(n("failureThreshold", 3))"
    }

    /// The events table, sorted by last observation; `Age` as `8s (x2 over 18s)` (spec §15.3).
    static func eventsTable(_ events: [JSONValue], now: Instant) -> String {
        // events.jsonl holds every repetition: keep the latest state of each event.
        var latest: [String: JSONValue] = [:]
        var order: [String] = []
        for e in events {
            let name = e["metadata"]?["name"]?.stringValue ?? ""
            if latest[name] == nil { order.append(name) }
            latest[name] = e
        }
        guard !order.isEmpty else { return "Events:           <none>" }
        let rows: [[String]] = order.compactMap { latest[$0] }
            .sorted { ($0["lastTimestamp"]?.stringValue ?? "") < ($1["lastTimestamp"]?.stringValue ?? "") }
            .map { e in
                let last = e["lastTimestamp"]?.stringValue.flatMap(parse).map { humanDuration(now - $0) } ?? "<unknown>"
                let first = e["firstTimestamp"]?.stringValue.flatMap(parse).map { humanDuration(now - $0) } ?? "<unknown>"
                let count = e["count"]?.int64Value ?? 1
                let age = count > 1 ? "\(last) (x\(count) over \(first))" : first
                let path = e["involvedObject"]?["fieldPath"]?.stringValue
                let message = (e["message"]?.stringValue ?? "").trimmingWhitespace
                return [e["type"]?.stringValue ?? "", e["reason"]?.stringValue ?? "", age,
                        e["source"]?["component"]?.stringValue ?? "", path.map { "\($0): \(message)" } ?? message]
            }
        let header = [["Type", "Reason", "Age", "From", "Message"], ["----", "------", "----", "----", "-------"]]
        let all = header + rows
        let widths = (0..<4).map { col in all.map { $0[col].count }.max() ?? 0 }
        let lines = all.map { row in
            "  " + (0..<4).map { row[$0].padded(to: widths[$0] + 2) }.joined() + row[4]
        }
        return (["Events:"] + lines).joined(separator: "\n")
    }

    /// kubectl's HumanDuration (apimachinery duration.go).
    public static func humanDuration(_ d: Micros) -> String {
        let seconds = d.value / 1_000_000
        if d.value < -1_000_000 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(days)d" : "\(days)d\(hours % 24)h" }
        if days < 365 * 2 { return "\(days)d" }
        let years = days / 365
        if years < 8 { return days % 365 == 0 ? "\(years)y" : "\(years)y\(days % 365)d" }
        return "\(years)y"
    }

    private static func keyValues(_ v: JSONValue?) -> String {
        guard let o = v?.objectValue, !o.isEmpty else { return "<none>" }
        return o.map { "\($0.key)=\($0.value.stringValue ?? "")" }.sorted().joined(separator: "\n" + String(repeating: " ", count: 18))
    }

    /// Parses the RFC 3339 UTC timestamps kubelet-lite writes (`2026-11-29T01:02:03[.ffffff]Z`).
    public static func parse(_ s: String) -> Instant? {
        let u = Array(s.utf8)
        guard u.count >= 20, u.last == UInt8(ascii: "Z") else { return nil }
        func num(_ a: Int, _ b: Int) -> Int64? { Int64(String(decoding: u[a..<b], as: UTF8.self)) }
        guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13), let mi = num(14, 16),
              let se = num(17, 19) else { return nil }
        var micros: Int64 = 0
        if u.count > 21, u[19] == UInt8(ascii: ".") {
            var digits = String(decoding: u[20..<(u.count - 1)], as: UTF8.self)
            digits = String((digits + "000000").prefix(6))
            micros = Int64(digits) ?? 0
        }
        // Days from civil (Howard Hinnant).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Instant(micros: ((days * 86_400) + h * 3600 + mi * 60 + se) * 1_000_000 + micros)
    }

    /// `Sun, 29 Nov 2026 01:21:18 +0000`, as kubectl prints times.
    public static func rfc1123(_ t: Instant) -> String {
        let s = Timestamp.rfc3339Seconds(t)  // 2026-11-29T01:21:18Z
        let days = (t.micros / 1_000_000 - (t.micros % 1_000_000 < 0 ? 1 : 0)) / 86_400
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = Array(s.utf8)
        let year = String(decoding: parts[0..<4], as: UTF8.self)
        let month = months[(Int(String(decoding: parts[5..<7], as: UTF8.self)) ?? 1) - 1]
        let day = String(decoding: parts[8..<10], as: UTF8.self)
        let clock = String(decoding: parts[11..<19], as: UTF8.self)
        return "\(weekday), \(day) \(month) \(year) \(clock) +0000"
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
