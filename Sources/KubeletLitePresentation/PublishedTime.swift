// kubelet-lite — PublishedTime.swift
// Timestamps read back from the published files, and printed the way kubectl prints them.

import KubeletLiteLifecycle

/// Reads the RFC 3339 times kubelet-lite publishes and prints times as `kubectl describe` does.
public enum PublishedTime {
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
        // Days from civil (Howard Hinnant), the inverse of `Timestamp`'s days to civil.
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Instant(micros: ((days * 86_400) + h * 3600 + mi * 60 + se) * 1_000_000 + micros)
    }

    /// `Sun, 29 Nov 2026 01:21:18 +0000`, as kubectl prints times (lifecycle §16.1).
    public static func rfc1123(_ t: Instant) -> String {
        let s = Timestamp.rfc3339Seconds(t)  // 2026-11-29T01:21:18Z
        let days = (t.micros / 1_000_000 - (t.micros % 1_000_000 < 0 ? 1 : 0)) / 86_400
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = Array(s.utf8)
        let year = String(decoding: parts[0..<4], as: UTF8.self)
        let monthNumber = Int(String(decoding: parts[5..<7], as: UTF8.self)) ?? 1
        let month = months[min(max(monthNumber, 1), 12) - 1]
        let day = String(decoding: parts[8..<10], as: UTF8.self)
        let clock = String(decoding: parts[11..<19], as: UTF8.self)
        return "\(weekday), \(day) \(month) \(year) \(clock) +0000"
    }
}
