// kubelet-lite — DNS/HostsFile.swift
// /etc/hosts as Go's resolver reads it (net/hosts.go): consulted before DNS ("files dns").

/// The name → addresses table of a hosts file.
public struct HostsFile: Sendable, Equatable {
    public static let defaultPath = "/etc/hosts"
    /// Lower-case names with a final dot → addresses, in file order across all lines.
    private var byName: [String: [IPAddress]] = [:]

    /// Parses the file's text: `#` starts a comment, the first field is an IP literal (a line
    /// whose first field is not is skipped), every further field a name for it.
    public init(text: String) {
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let address = IPAddress(String(fields[0])) else { continue }
            for name in fields.dropFirst() { byName[Self.key(String(name)), default: []].append(address) }
        }
    }

    /// Reads `path` (a small file, read once per lookup as Go re-reads it when it changes);
    /// an unreadable file is an empty table.
    public static func load(path: String = defaultPath) -> HostsFile {
        HostsFile(text: SmallFile.read(path) ?? "")
    }

    /// Every address listed for `name` (case-insensitive, with or without a final dot).
    public func addresses(for name: String) -> [IPAddress] { byName[Self.key(name)] ?? [] }

    private static func key(_ name: String) -> String {
        let lower = String(decoding: name.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        return lower.hasSuffix(".") ? lower : lower + "."
    }
}
