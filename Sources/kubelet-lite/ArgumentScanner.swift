// kubelet-lite — ArgumentScanner.swift
// Walks a verb's arguments by its flag table: `--flag value`, `--flag=value`, `-o value`, switches, operands.

/// One flag found on the command line.
struct ScannedFlag<Flags: FlagSet> {
    let flag: Flags
    /// How it was typed (`-o` or `--output`), for error messages.
    let spelled: String
    /// Its value; for a switch, whatever followed `=` (ignored), else "".
    let value: String
}

/// Walks the arguments of one command, flag by flag, recognising only the flags of its table.
struct ArgumentScanner<Flags: FlagSet> {
    private let args: [String]
    private var index = 0
    let usage: String
    /// The arguments that are not flags, in order; everything after `--` is one.
    private(set) var positionals: [String] = []

    init(_ args: [String], usage: String) {
        self.args = args
        self.usage = usage
    }

    /// The next flag with its value, or nil when done; a flag not in the table, or one missing
    /// its value, is a usage error. Operands are collected on the way.
    mutating func next() throws(UsageError) -> ScannedFlag<Flags>? {
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "--" {
                positionals.append(contentsOf: args[index...])
                index = args.count
                return nil
            }
            guard arg.hasPrefix("-") && arg != "-" else {
                positionals.append(arg)
                continue
            }
            var spelled = arg
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                spelled = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            guard let flag = Flags.named(spelled) else { throw error("unknown flag \(spelled)") }
            if flag.flag.value == nil { return ScannedFlag(flag: flag, spelled: spelled, value: inline ?? "") }
            if let inline { return ScannedFlag(flag: flag, spelled: spelled, value: inline) }
            guard index < args.count else { throw error("flag \(spelled) needs a value") }
            index += 1
            return ScannedFlag(flag: flag, spelled: spelled, value: args[index - 1])
        }
        return nil
    }

    /// A usage error with this command's usage line.
    func error(_ message: String) -> UsageError {
        UsageError(message: message, usage: usage)
    }

    /// A non-negative number of seconds, possibly fractional (`0.5`).
    func seconds(_ text: String, flag: String) throws(UsageError) -> Double {
        guard let v = Double(text), v.isFinite, v >= 0 else {
            throw error("\(flag) takes a number of seconds, not \"\(text)\"")
        }
        return v
    }
}
