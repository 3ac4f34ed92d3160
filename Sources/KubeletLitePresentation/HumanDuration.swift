// kubelet-lite — HumanDuration.swift
// Ages as kubectl prints them in `get` and in describe's events table (lifecycle §15.3).

import KubeletLiteLifecycle

/// kubectl's HumanDuration (apimachinery `duration.go`): `59s`, `2m30s`, `3h1m`, `2d2h`, `2y70d`.
public enum HumanDuration {
    public static func format(_ d: Micros) -> String {
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
}
