// kubelet-lite — Net/HTTPURL.swift
// The little of URL handling a probe needs: the kubelet's request URL, Location resolution (RFC 3986
// §5.2, as Go's url.ResolveReference), Go's String() for messages, and the request-target.

/// An absolute http(s) URL, split the way Go's `url.URL` splits it.
struct HTTPURL: Equatable {
    /// Lower-case scheme.
    var scheme: String
    /// Host name or IP without brackets or port (Go's `URL.Hostname()`).
    var host: String
    /// The explicit port, if the URL has one.
    var port: Int?
    /// The escaped path as sent; empty or starting with "/".
    var path: String
    /// The raw query without "?", or nil when there is none.
    var query: String?

    var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// Go's `URL.Host`: `host[:port]`, brackets around IPv6.
    var authority: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(h):\($0)" } ?? h
    }

    /// The request-target of the request line (Go's `RequestURI`): never empty.
    var requestURI: String { (path.isEmpty ? "/" : path) + (query.map { "?" + $0 } ?? "") }

    /// Go's `URL.String()`, the form quoted in `Get "…"` messages.
    var string: String { "\(scheme)://\(authority)\(path)" + (query.map { "?" + $0 } ?? "") }

    /// The kubelet's `formatURL(scheme, host, port, path)`: the path is parsed as a URI reference
    /// and only its path and query are kept; the host and port always come from the spec.
    init(spec: HTTPRequestSpec) {
        scheme = spec.scheme.lowercased()
        var h = spec.host
        if h.hasPrefix("["), h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        host = h
        port = spec.port
        let ref = URIReference(spec.path)
        var p = ref.path
        // Go's String() puts a "/" before a rootless path once there is a host, and the request
        // is built from that string, so "healthz" is requested as "/healthz".
        if !p.isEmpty, !p.hasPrefix("/") { p = "/" + p }
        path = URLEscaping.path(p)
        query = ref.query.map(URLEscaping.query)
    }

    init(scheme: String, host: String, port: Int?, path: String, query: String?) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
    }

    /// Resolves a `Location` value against this URL (Go's `req.URL.Parse(loc)`); nil if the value
    /// cannot be parsed (bad port, bad brackets).
    func resolve(_ location: String) -> HTTPURL? {
        let ref = URIReference(location)
        if ref.scheme != nil || ref.authority != nil {
            var h = ""
            var p: Int?
            if let auth = ref.authority {
                guard let split = URIReference.splitAuthority(auth) else { return nil }
                (h, p) = split
            }
            // An absolute URL without a host ("mailto:x") keeps an empty host; the caller rejects it.
            return HTTPURL(scheme: ref.scheme?.lowercased() ?? scheme, host: h, port: p,
                           path: URLEscaping.path(removeDotSegments(ref.path)), query: ref.query.map(URLEscaping.query))
        }
        var out = self
        if ref.path.isEmpty {
            if let q = ref.query { out.query = URLEscaping.query(q) }
            return out
        }
        let merged: String
        if ref.path.hasPrefix("/") {
            merged = ref.path
        } else {
            let base = path.isEmpty ? "/" : path
            let dir = base[...(base.lastIndex(of: "/") ?? base.startIndex)]
            merged = String(dir) + ref.path
        }
        out.path = URLEscaping.path(removeDotSegments(merged))
        out.query = ref.query.map(URLEscaping.query)
        return out
    }

    /// RFC 3986 §5.2.4: "." and ".." segments out of a path.
    private func removeDotSegments(_ p: String) -> String {
        guard p.contains(".") else { return p }
        var output: [Substring] = []
        let segments = p.split(separator: "/", omittingEmptySubsequences: false)
        for (i, seg) in segments.enumerated() {
            let last = i == segments.count - 1
            if seg == "." {
                if last { output.append("") }
            } else if seg == ".." {
                if output.count > 1 { output.removeLast() }
                if last { output.append("") }
            } else {
                output.append(seg)
            }
        }
        let joined = output.joined(separator: "/")
        return p.hasPrefix("/") && !joined.hasPrefix("/") ? "/" + joined : joined
    }
}

/// A URI reference cut into its RFC 3986 parts; the fragment is dropped (never sent).
struct URIReference {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?

    init(_ text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        // A scheme is letters/digits/+-. up to the first ":", starting with a letter, before any "/".
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isASCII, first.isLetter,
           rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        path = String(rest)
    }

    /// `[userinfo@]host[:port]` → (host, port); nil when the port is not a number or brackets are unbalanced.
    static func splitAuthority(_ auth: String) -> (String, Int?)? {
        var hostPort = Substring(auth)
        if let at = hostPort.lastIndex(of: "@") { hostPort = hostPort[hostPort.index(after: at)...] }
        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return nil }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return nil }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard let text = portText, !text.isEmpty else { return (String(host), nil) }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text), port <= 65535 else { return nil }
        return (String(host), port)
    }
}

/// Percent-encoding of what goes on the request line.
enum URLEscaping {
    /// Go keeps a path whose bytes are all valid in an escaped path (RawPath); otherwise it
    /// decodes it and re-escapes everything outside unreserved and `$&+,/:;=@`.
    static func path(_ p: String) -> String {
        let bytes = Array(p.utf8)
        if validEncodedPath(bytes) { return p }
        let decoded = percentDecode(bytes) ?? bytes   // invalid %XX: Go escapes the "%" itself
        var out = ""
        for b in decoded {
            if isUnreserved(b) || "$&+,/:;=@".utf8.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += percent(b)
            }
        }
        return out
    }

    /// Go sends RawQuery as given; kubelet-lite still escapes bytes that would break the request
    /// line (space, controls, non-ASCII) so no path can smuggle a second line onto the wire.
    static func query(_ q: String) -> String {
        var out = ""
        for b in q.utf8 {
            if b <= 0x20 || b >= 0x7F || "\"<>\\^`{|}".utf8.contains(b) { out += percent(b) } else {
                out.unicodeScalars.append(Unicode.Scalar(b))
            }
        }
        return out
    }

    private static func validEncodedPath(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return false }
                i += 3
                continue
            }
            guard isUnreserved(b) || "!$&'()*+,;=:@[]/".utf8.contains(b) else { return false }
            i += 1
        }
        return true
    }

    private static func percentDecode(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~".utf8.contains(b)
    }

    private static func isHex(_ b: UInt8) -> Bool { hexValue(b) != nil }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    private static func percent(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "%" + String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }
}
