// kubelet-lite — TerminationMessageRule.swift
// Which file a termination message comes from, and how much of a log stands in for it (lifecycle §3.4, §D5).

import KubeletLiteModel

/// The kubelet's termination-message rules; the runtime only reads the bytes these rules ask for.
public enum TerminationMessageRule {
    /// Whether the runtime may truncate and read `path` on the host. The API default is a path inside a
    /// container, which in the process sandbox would be the host's own `/dev/termination-log`: never
    /// touched (lifecycle §D5). A relative path means nothing on the host either.
    public static func usesHostFile(_ path: String) -> Bool {
        path != Container.defaultTerminationMessagePath && path.hasPrefix("/")
    }

    /// Whether an exit's log tail can become its message (lifecycle §3.4): only a failure under
    /// `FallbackToLogsOnError`. Any other exit, a crash storm's thousands included, reads no log.
    public static func needsLogTail(_ spec: Container, exitCode: Int32) -> Bool {
        spec.terminationMessagePolicy == .fallbackToLogsOnError && exitCode != 0
    }

    /// How much of the message file counts: its last 4096 bytes.
    public static let fileBytes = KubeletLimits.terminationMessageFileBytes

    /// How much of a log the runtime should read to find the last lines (more than the 80 lines can
    /// span once each is capped; the rule below trims it).
    public static let logReadBytes = 256 * 1024

    /// `FallbackToLogsOnError`'s text: the last 80 lines of the instance's output, at most 2048 bytes
    /// (the kubelet's `MaxContainerTerminationMessageLogLines` and `…LogLength`).
    public static func logTail(_ lines: [String]) -> String {
        let joined = lines.suffix(KubeletLimits.terminationMessageLogLines).joined(separator: "\n")
        let utf8 = Array(joined.utf8)
        guard utf8.count > KubeletLimits.terminationMessageLogBytes else { return joined }
        return String(decoding: utf8.suffix(KubeletLimits.terminationMessageLogBytes), as: UTF8.self)
    }
}
