// kubelet-lite — ValidateCommand.swift
// `kubelet-lite validate`: check a manifest and print every error at once.

import KubeletLiteModel

/// Checks a manifest as the API server would, plus kubelet-lite's own limits.
enum ValidateCommand: Command {
    static let name = "validate"
    static let usage = "kubelet-lite validate [-f] FILE"
    static let help = """
        Check a Pod manifest and print every problem at once.

        Usage:
          \(usage)

        FILE is a v1 Pod in JSON or YAML, or - for standard input; a file with several
        YAML documents or a v1 List is checked pod by pod. Errors are printed as kubectl
        prints the API server's ("The Pod "x" is invalid: ..."), with the field path of
        each. Fields are in three classes: honoured; accepted but not applicable to a
        single host (a warning, and the pod still runs); rejected (an error). YAML is read
        as kubectl reads it (yes/no/on/off are booleans, 0644 is octal); where that is
        likely not what was meant, a warning names the line.

        Exit status: 0 valid (warnings allowed), 2 invalid or unreadable.
        """

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        var scanner = ArgumentScanner(args, usage: usage)
        var file: String?
        while let flag = scanner.nextFlag() {
            switch flag.name {
            case "-f", "--filename": file = try scanner.value(for: flag)
            default: throw scanner.unknown(flag.name)
            }
        }
        let all = (file.map { [$0] } ?? []) + scanner.positionals
        guard all.count == 1 else {
            throw UsageError(message: all.isEmpty ? "missing FILE (a Pod manifest, or - for stdin)"
                             : "one FILE at a time, got \(all.count)", usage: usage)
        }
        guard let results = ManifestInput.loadAll(all[0]) else { return ExitStatus.refused }
        for pod in results.compactMap(\.pod) {
            let inits = pod.spec.initContainers.count
            printOut("pod/\(pod.metadata.name) is valid (\(pod.spec.containers.count) container(s)"
                + (inits > 0 ? ", \(inits) init container(s))" : ")"))
        }
        return results.allSatisfy { $0.pod != nil } ? ExitStatus.success : ExitStatus.refused
    }
}
