// kubelet-lite — CommandHelp.swift
// A verb's usage line and --help text, written from its flag table so the two cannot drift apart.

import KubeletLiteRuntime
/// Writes usage lines and help texts from the commands' tables.
enum CommandHelp {
    /// Help lines are wrapped to this width.
    static let width = 92

    /// `kubelet-lite get [pods] [NAME] [-n NAMESPACE] [-o wide|json] [--state-dir DIR]`.
    static func usage<C: Command>(of command: C.Type) -> String {
        usageParts(of: command).joined(separator: " ")
    }

    /// The words of the usage line, a flag with its value being one: where it may be wrapped.
    static func usageParts<C: Command>(of command: C.Type) -> [String] {
        let flags = C.flagTable.filter(\.inUsageLine).map(\.usage)
        return ["kubelet-lite", C.name] + (C.operands.isEmpty ? [] : [C.operands]) + flags
    }

    /// Greedy wrap of whole parts (`[-n NAMESPACE]` is never cut).
    static func wrap(parts: [String], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for part in parts {
            if !line.isEmpty && line.count + 1 + part.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + part
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Description, usage, details, flags (with defaults), exit statuses, epilogue.
    static func help<C: Command>(of command: C.Type) -> String {
        var sections = [C.description, "Usage:\n  " + usage(of: command)]
        if !C.details.isEmpty { sections.append(C.details) }
        let flags = C.flagTable
        if !flags.isEmpty { sections.append("Flags:\n" + flagLines(flags)) }
        if !C.exitStatuses.isEmpty {
            let lines = C.exitStatuses.map { status, meaning in "  \(status.rawValue)  " + meaning }
            sections.append("Exit status:\n" + lines.joined(separator: "\n"))
        }
        if !C.epilogue.isEmpty { sections.append(C.epilogue) }
        return sections.joined(separator: "\n\n")
    }

    /// `  -o, --output text|json    events as ... (default text)`, wrapped under the help column.
    static func flagLines(_ flags: [Flag]) -> String {
        let column = (flags.map { $0.term.count }.max() ?? 0) + 5
        return flags.map { flag in
            let text = flag.help + (flag.defaultValue.map { " (default \($0))" } ?? "")
            let lines = wrap(text, width: width - column)
            let first = ("  " + flag.term).padded(to: column) + (lines.first ?? "")
            let rest = lines.dropFirst().map { String(repeating: " ", count: column) + $0 }
            return ([first] + rest).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Greedy word wrap; a word longer than the width gets a line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        wrap(parts: text.split(separator: " ").map(String.init), width: width)
    }
}

extension String {
    /// The string padded with spaces to `width`, or with one space when it is as wide already.
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
