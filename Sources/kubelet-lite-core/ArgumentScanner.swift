// kubelet-lite — ArgumentScanner.swift
// Walks a verb's arguments by its flag table, in kubectl's (pflag's) syntax: `--flag value`,
// `--flag=value`, `-o value`, `-ovalue`, `-o=value`, switches alone or grouped (`-fp`), `--switch=false`.

/// One flag found on the command line.
struct ScannedFlag<Flags: FlagSet> {
    let flag: Flags
    /// How it was typed (`-o` or `--output`), for error messages.
    let spelled: String
    /// Its value; for a switch, whatever followed `=` (`--wait=false`), else "".
    let value: String
    /// The command's usage line, built only for an error (building it was most of a good parse).
    let usage: () -> String

    /// A switch's setting: on when given alone, else the boolean after `=`, as Go's
    /// strconv.ParseBool reads it (`--wait=false`, `-f=true`, `--force=1`).
    func isOn() throws(UsageError) -> Bool {
        switch value {
        case "", "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: throw UsageError(message: "\(spelled) takes true or false, not \"\(value)\"", usage: usage())
        }
    }
}

/// Walks the arguments of one command, flag by flag, recognising only the flags of its table.
struct ArgumentScanner<Flags: FlagSet> {
    private var args: [String]
    private var index = 0
    let usage: () -> String
    /// The arguments that are not flags, in order; everything after `--` is one.
    private(set) var positionals: [String] = []

    init(_ args: [String], usage: @autoclosure @escaping () -> String) {
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
            return arg.hasPrefix("--") ? try long(arg) : try short(arg)
        }
        return nil
    }

    /// `--name`, `--name=value`, `--name value`.
    private mutating func long(_ arg: String) throws(UsageError) -> ScannedFlag<Flags> {
        var spelled = arg
        var inline: String?
        if let eq = arg.firstIndex(of: "=") {
            spelled = String(arg[..<eq])
            inline = String(arg[arg.index(after: eq)...])
        }
        guard let flag = Flags.named(spelled) else { throw error("unknown flag \(spelled)") }
        return try found(flag, spelled: spelled, inline: inline)
    }

    /// `-o value`, `-ovalue`, `-o=value`; a switch's letter may be followed by more switches
    /// (`-fp` is `-f -p`), or by `=` and its setting (`-f=false`).
    private mutating func short(_ arg: String) throws(UsageError) -> ScannedFlag<Flags> {
        let letter = String(arg.prefix(2))
        var rest = String(arg.dropFirst(2))
        guard let flag = Flags.named(letter) else { throw error("unknown flag \(letter)") }
        if rest.hasPrefix("=") {
            rest.removeFirst()
            return try found(flag, spelled: letter, inline: rest)
        }
        if flag.flag.value == nil, !rest.isEmpty {
            // The other letters of a group of switches come next.
            args.insert("-" + rest, at: index)
            return ScannedFlag(flag: flag, spelled: letter, value: "", usage: usage)
        }
        return try found(flag, spelled: letter, inline: rest.isEmpty ? nil : rest)
    }

    private mutating func found(_ flag: Flags, spelled: String, inline: String?) throws(UsageError) -> ScannedFlag<Flags> {
        if flag.flag.value == nil || inline != nil {
            return ScannedFlag(flag: flag, spelled: spelled, value: inline ?? "", usage: usage)
        }
        guard index < args.count else { throw error("flag \(spelled) needs a value") }
        index += 1
        return ScannedFlag(flag: flag, spelled: spelled, value: args[index - 1], usage: usage)
    }

    /// A usage error with this command's usage line.
    func error(_ message: String) -> UsageError {
        UsageError(message: message, usage: usage())
    }

    /// A non-negative number of seconds, possibly fractional (`0.5`).
    func seconds(_ text: String, flag: String) throws(UsageError) -> Double {
        guard let v = Double(text), v.isFinite, v >= 0 else {
            throw error("\(flag) takes a number of seconds, not \"\(text)\"")
        }
        return v
    }
}
