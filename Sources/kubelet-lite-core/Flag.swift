// kubelet-lite — Flag.swift
// The table of a verb's flags: the scanner parses by it, and help and usage are written from it.

/// One flag of a verb: its spellings, its value, and what it does.
struct Flag: Sendable {
    /// The long spelling, `--output`.
    let name: String
    /// The short spelling, `-o`.
    let short: String?
    /// The name of its value in help (`text|json`, `DIR`); nil for a switch, which takes none.
    let value: String?
    let help: String
    /// The default, shown in help as `(default X)`.
    let defaultValue: String?
    /// False for a flag the verb's operands already show (`[-f] FILE`).
    let inUsageLine: Bool
    /// Not for users (a pod host's word to its supervisors): parsed, never shown in help, usage or man.
    let hidden: Bool

    init(_ name: String, short: String? = nil, value: String? = nil, help: String, default defaultValue: String? = nil,
         inUsageLine: Bool = true, hidden: Bool = false) {
        self.hidden = hidden
        self.name = name
        self.short = short
        self.value = value
        self.help = help
        self.defaultValue = defaultValue
        self.inUsageLine = inUsageLine
    }

    /// Every spelling the scanner accepts.
    var spellings: [String] { [name] + (short.map { [$0] } ?? []) }

    /// `[-o text|json]`, `[--quiet]`: a switch by its long name, which says what it does; a flag
    /// with a value by its short name when it has one, as kubectl users type it.
    var usage: String {
        guard let value else { return "[\(name)]" }
        return "[\(short ?? name) \(value)]"
    }

    /// `-o, --output text|json`, the left column of help.
    var term: String { (short.map { "\($0), " } ?? "") + name + (value.map { " \($0)" } ?? "") }

    /// `--state-dir DIR`: shared by every verb that reads or writes the state directory.
    static let stateDir = Flag(
        "--state-dir", value: "DIR", help: "where status, events, logs and the control socket live",
        default: "$KUBELET_LITE_STATE_DIR, else /run/kubelet-lite as root, else $XDG_RUNTIME_DIR/kubelet-lite, "
            + "else /tmp/kubelet-lite-$UID")

    /// `-n NAMESPACE`: shared by the verbs that name a pod.
    static let namespace = Flag(
        "--namespace", short: "-n", value: "NAMESPACE",
        help: "the namespace, as kubectl's current namespace", default: "default")

    /// `-A`: shared by the verbs that list pods.
    static let allNamespaces = Flag(
        "--all-namespaces", short: "-A", help: "the pods of every namespace, whatever -n says")

    /// `-l SELECTOR`: shared by the verbs that list pods.
    static let selector = Flag(
        "--selector", short: "-l", value: "SELECTOR",
        help: "only the pods whose labels match, as kubectl's label selectors: key=value, key!=value, "
            + "key in (a,b), key notin (a,b), key, !key, joined by commas")

    /// `-f FILE`: the manifest of apply and validate.
    static let filename = Flag(
        "--filename", short: "-f", value: "FILE", help: "the manifest (the same as giving FILE alone)",
        inUsageLine: false)
}

/// The flags of one verb, as the cases of an enum: a `switch` over them handles every one.
protocol FlagSet: CaseIterable, Sendable {
    var flag: Flag { get }
}

extension FlagSet {
    /// The flag spelled `spelling`, if the verb has one.
    static func named(_ spelling: String) -> Self? {
        allCases.first { $0.flag.spellings.contains(spelling) }
    }
}

/// A verb without flags.
enum NoFlags: FlagSet {
    var flag: Flag { switch self {} }
}
