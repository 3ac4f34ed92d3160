// kubelet-lite — ResourceArguments.swift
// The operands of get, describe, delete and logs as kubectl reads them: `[pods] NAME...` or `pod/NAME...`.

/// Names from the operands, after kubectl's resource forms.
enum ResourceArguments {
    /// The spellings of the pod resource kubectl accepts.
    static let podTypes: Set<String> = ["pods", "pod", "po"]

    /// `pods a b`, `pod/a pods/b`, or plain names (kubelet-lite has one resource, so the type may
    /// be left out). A type other than pods is refused, as kubectl refuses an unknown one.
    static func names(_ operands: [String], usage: String) throws(UsageError) -> [String] {
        guard let first = operands.first else { return [] }
        if operands.contains(where: { $0.contains("/") }) {
            if podTypes.contains(first) {
                throw UsageError(message: "there is no need to specify a resource type as a separate argument when "
                    + "passing arguments in resource/name form (e.g. 'kubelet-lite get pod/NAME' instead of "
                    + "'kubelet-lite get pod pod/NAME')", usage: usage)
            }
            return try operands.map { (operand) throws(UsageError) -> String in try slashed(operand, usage: usage) }
        }
        return podTypes.contains(first) ? Array(operands.dropFirst()) : operands
    }

    /// `pod/NAME` to NAME.
    private static func slashed(_ operand: String, usage: String) throws(UsageError) -> String {
        let parts = operand.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty, !parts[1].contains("/") else {
            throw UsageError(message: "arguments in resource/name form must have a single resource and name",
                             usage: usage)
        }
        guard podTypes.contains(parts[0]) else {
            throw UsageError(message: "the server doesn't have a resource type \"\(parts[0])\" (kubelet-lite has pods only)",
                             usage: usage)
        }
        return parts[1]
    }
}
