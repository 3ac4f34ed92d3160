// kubelet-lite — ValidateCommand.swift
// `kubelet-lite validate`: check a manifest and print every error at once.

import KubeletLiteModel
import KubeletLiteRuntime

/// Checks a manifest as the API server would, plus kubelet-lite's own limits.
enum ValidateCommand: Command {
    /// The flags of validate.
    enum Flags: FlagSet {
        case filename

        var flag: Flag {
            switch self {
            case .filename: .filename
            }
        }
    }

    static let name = "validate"
    static let operands = "[-f] FILE"
    static let summary = "check a manifest; print every error; exit 0/2"
    static let description = "Check a Pod manifest and print every problem at once."
    static let details = """
        FILE is a v1 Pod in JSON or YAML, or - for standard input; a file with several
        YAML documents or a v1 List is checked pod by pod. Errors are printed as kubectl
        prints the API server's ("The Pod "x" is invalid: ..."), with the field path of
        each. Fields are in three classes: honoured; accepted but not applicable to a
        single host (a warning, and the pod still runs); rejected (an error). YAML is read
        as kubectl reads it (yes/no/on/off are booleans, 0644 is octal); where that is
        likely not what was meant, a warning names the line.
        """
    static let exitStatuses: [(ExitStatus, String)] = [
        (.success, "valid (warnings allowed)"),
        (.refused, "invalid or unreadable, or a usage error"),
    ]

    static func run(_ args: [String]) throws(UsageError) -> ExitStatus {
        var scanner = ArgumentScanner<Flags>(args, usage: usage)
        var file: String?
        while let found = try scanner.next() {
            switch found.flag {
            case .filename: file = found.value
            }
        }
        let all = (file.map { [$0] } ?? []) + scanner.positionals
        guard all.count == 1 else {
            throw scanner.error(all.isEmpty ? "missing FILE (a Pod manifest, or - for stdin)" : "one FILE at a time, got \(all.count)")
        }
        guard let results = ManifestInput.loadAll(all[0]) else { return .refused }
        for pod in results.compactMap(\.pod) {
            let inits = pod.spec.initContainers.count
            printOut("pod/\(pod.metadata.name) is valid (\(pod.spec.containers.count) container(s)"
                + (inits > 0 ? ", \(inits) init container(s))" : ")"))
        }
        return results.allSatisfy { $0.pod != nil } ? .success : .refused
    }
}
