// kubelet-lite — DNS/ResolverConfig.swift
// /etc/resolv.conf as Go's resolver reads it (net/dnsconfig_unix.go), and the list of names a
// lookup tries (search domains and ndots, net/dnsclient_unix.go `nameList`).

/// The stub resolver settings.
public struct ResolverConfig: Sendable, Equatable {
    public static let defaultPath = "/etc/resolv.conf"
    /// Go's fallback when no nameserver is listed.
    static let defaultServers = ["127.0.0.1:53", "[::1]:53"]

    /// `host:port` of up to three name servers, in file order.
    public var servers: [String] = ResolverConfig.defaultServers
    public var search: [String] = []
    /// Names with at least this many dots are tried as they are before the search domains.
    public var ndots = 1
    /// Per exchange with one server (`options timeout:`), at least 1 s.
    public var timeout: Duration = .seconds(5)
    /// Rounds over all servers (`options attempts:`).
    public var attempts = 2
    public var rotate = false
    /// `single-request`: A and AAAA one after the other instead of in parallel.
    public var singleRequest = false
    /// `use-vc`: TCP only.
    public var useTCP = false

    public init() {}

    /// Parses the file's text. `hostname` supplies the default search domain (the part after
    /// its first dot) when the file names none.
    public init(text: String, hostname: String? = nil) {
        servers = []
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard let first = rawLine.first, first != "#", first != ";" else { continue }
            let f = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = f.first else { continue }
            switch keyword {
            case "nameserver":
                // Go keeps three, and only IP literals (a name would need DNS to find DNS).
                if f.count > 1, servers.count < 3, IPAddress(f[1]) != nil { servers.append(GoFormat.joinHostPort(f[1], 53)) }
            case "domain":
                if f.count > 1 { search = [Self.rooted(f[1])] }
            case "search":
                search = f.dropFirst().map(Self.rooted)
            case "options":
                for option in f.dropFirst() { apply(option) }
            default:
                continue
            }
        }
        if servers.isEmpty { servers = Self.defaultServers }
        if search.isEmpty, let hostname, let dot = hostname.firstIndex(of: "."), hostname.index(after: dot) < hostname.endIndex {
            search = [Self.rooted(String(hostname[hostname.index(after: dot)...]))]
        }
    }

    /// Reads the system's file; a missing one gives Go's defaults.
    public static func load(path: String = defaultPath, hostname: String? = nil) -> ResolverConfig {
        ResolverConfig(text: SmallFile.read(path) ?? "", hostname: hostname)
    }

    private mutating func apply(_ option: String) {
        func number(_ prefix: String) -> Int? {
            guard option.hasPrefix(prefix) else { return nil }
            // Go's dtoi: leading digits, 0 when none; then clamped by each option's rule.
            return Int(String(option.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }).prefix(9)) ?? 0
        }
        if let n = number("ndots:") { ndots = min(max(n, 0), 15) }
        else if let n = number("timeout:") { timeout = .seconds(max(n, 1)) }
        else if let n = number("attempts:") { attempts = max(n, 1) }
        else if option == "rotate" { rotate = true }
        else if option == "single-request" || option == "single-request-reopen" { singleRequest = true }
        else if option == "use-vc" || option == "usevc" || option == "tcp" { useTCP = true }
    }

    private static func rooted(_ s: String) -> String { s.hasSuffix(".") ? s : s + "." }

    /// The fully qualified names to try for `name`, in order (Go's `nameList`): a rooted name
    /// alone; otherwise the name itself first when it has at least `ndots` dots, then each
    /// search domain, then the name itself if not tried yet. Names over 254 octets are dropped;
    /// `.onion` names are never looked up (RFC 7686).
    public func nameList(_ name: String) -> [String] {
        let octets = name.utf8.count
        let rooted = name.hasSuffix(".")
        guard octets <= 254, !(octets == 254 && !rooted) else { return [] }
        func allowed(_ n: String) -> Bool { !n.lowercased().dropLast(n.hasSuffix(".") ? 1 : 0).hasSuffix(".onion") && !n.isEmpty }
        if rooted { return allowed(name) ? [name] : [] }
        let enoughDots = name.utf8.filter { $0 == UInt8(ascii: ".") }.count >= ndots
        let fqdn = name + "."
        var names: [String] = []
        if enoughDots, allowed(fqdn) { names.append(fqdn) }
        for suffix in search {
            let candidate = fqdn + suffix
            if allowed(candidate), candidate.utf8.count <= 254 { names.append(candidate) }
        }
        if !enoughDots, allowed(fqdn) { names.append(fqdn) }
        return names
    }
}
