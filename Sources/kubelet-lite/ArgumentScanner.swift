// kubelet-lite — ArgumentScanner.swift
// A small flag scanner: `--flag value`, `--flag=value`, `-o value`, booleans and positionals.

/// Walks the arguments of one command, flag by flag.
struct ArgumentScanner {
    private var args: [String]
    private var index = 0
    let usage: String
    private(set) var positionals: [String] = []

    init(_ args: [String], usage: String) {
        self.args = args
        self.usage = usage
    }

    /// The next flag name (with its inline `=value` split off), or nil when done; positionals are collected.
    mutating func nextFlag() -> (name: String, inlineValue: String?)? {
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "--" {
                positionals.append(contentsOf: args[index...])
                index = args.count
                return nil
            }
            if arg.hasPrefix("-") && arg != "-" {
                if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                    return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
                }
                return (arg, nil)
            }
            positionals.append(arg)
        }
        return nil
    }

    /// The value of the current flag: inline, or the next argument.
    mutating func value(for flag: (name: String, inlineValue: String?)) throws(UsageError) -> String {
        if let v = flag.inlineValue { return v }
        guard index < args.count else { throw UsageError(message: "flag \(flag.name) needs a value", usage: usage) }
        index += 1
        return args[index - 1]
    }

    func unknown(_ flag: String) -> UsageError {
        UsageError(message: "unknown flag \(flag)", usage: usage)
    }

    /// A non-negative number of seconds, possibly fractional (`0.5`).
    func seconds(_ text: String, flag: String) throws(UsageError) -> Double {
        guard let v = Double(text), v.isFinite, v >= 0 else {
            throw UsageError(message: "\(flag) takes a number of seconds, not \"\(text)\"", usage: usage)
        }
        return v
    }
}
