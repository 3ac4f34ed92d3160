// kubelet-lite — Net/HTTPRequest.swift
// The request bytes, as the kubelet's newProbeRequest + Go's Request.write + a keep-alive-less
// Transport put them on the wire.

/// The request headers after the kubelet's defaulting, ready to be written for each hop.
///
/// Rules (kubelet `newProbeRequest`, Go `Header`/`Request.write`):
/// - names are canonicalised (`x-custom` → `X-Custom`) and repeated names keep all values in order;
/// - `User-Agent` defaults to the probe/hook agent; given with an empty value, none is sent;
/// - `Accept: */*` unless given; given with an empty first value, it is removed;
/// - a `Host` header sets the request host and is not written as an ordinary header;
/// - other headers are written sorted by name, then `Connection: close` (keep-alives are off).
struct HTTPRequestHeaders {
    /// Canonical name → values, in first-seen order (sorted only when written).
    private var fields: [(name: String, values: [String])] = []

    /// The request host from a `Host` header, or nil (then the URL's `host:port` is used).
    var hostOverride: String? {
        guard let h = first("Host"), !h.isEmpty else { return nil }
        return h
    }

    /// Applies the kubelet's defaults to the user's headers; fails with Go's transport error text.
    init(spec: HTTPRequestSpec) throws(HTTPRequestError) {
        for (name, value) in spec.headers { add(HTTPRequestHeaders.canonical(name), value) }
        if index("User-Agent") == nil { set("User-Agent", spec.userAgent) }
        if index("Accept") == nil {
            set("Accept", "*/*")
        } else if first("Accept") == "" {
            remove("Accept")
        }
        // Go's Transport refuses invalid names and values before dialling (RoundTrip).
        for (name, values) in fields.sorted(by: { $0.name < $1.name }) {
            guard HTTPRequestHeaders.isToken(name) else {
                throw HTTPRequestError("net/http: invalid header field name \(GoText.quote(name))")
            }
            for v in values where !HTTPRequestHeaders.isValidValue(v) {
                // Go leaves the value out: it may be a secret.
                throw HTTPRequestError("net/http: invalid header field value for \(GoText.quote(name))")
            }
        }
    }

    /// The request head for one hop. `hostOverride` is the Host to send instead of the URL's
    /// authority; `referer` is set on redirect hops (Go adds it unless the user gave one).
    func head(for url: HTTPURL, hostOverride: String?, referer: String?) -> [UInt8] {
        var lines = "GET \(url.requestURI) HTTP/1.1\r\n"
        lines += "Host: \(hostOverride ?? url.authority)\r\n"
        // Only the first User-Agent value is sent, and none if it is empty (Go's Request.write).
        if let ua = first("User-Agent").map(HTTPRequestHeaders.clean), !ua.isEmpty { lines += "User-Agent: \(ua)\r\n" }
        var written = fields
        if let referer, index("Referer") == nil { written.append((name: "Referer", values: [referer])) }
        let excluded: Set<String> = ["Host", "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer"]
        for (name, values) in written.sorted(by: { $0.name < $1.name }) where !excluded.contains(name) {
            for v in values { lines += "\(name): \(HTTPRequestHeaders.clean(v))\r\n" }
        }
        // A Transport with keep-alives disabled adds this unless the request already asks to close.
        let connection = (first("Connection") ?? "").lowercased()
        if !connection.split(separator: ",").contains(where: { $0.goTrimmed == "close" }) {
            lines += "Connection: close\r\n"
        }
        lines += "\r\n"
        return Array(lines.utf8)
    }

    /// Go's `Header.Get`: the first value of a canonical name.
    func first(_ name: String) -> String? { index(name).flatMap { fields[$0].values.first } }

    private func index(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }

    private mutating func add(_ name: String, _ value: String) {
        if let i = index(name) { fields[i].values.append(value) } else { fields.append((name, [value])) }
    }

    private mutating func set(_ name: String, _ value: String) {
        if let i = index(name) { fields[i].values = [value] } else { fields.append((name, [value])) }
    }

    private mutating func remove(_ name: String) { fields.removeAll { $0.name == name } }

    /// Go's `CanonicalMIMEHeaderKey`: names with non-token bytes are left alone.
    static func canonical(_ name: String) -> String {
        guard isToken(name) else { return name }
        var upper = true
        var out: [UInt8] = []
        for var c in name.utf8 {
            if upper, c >= 0x61, c <= 0x7A { c -= 0x20 } else if !upper, c >= 0x41, c <= 0x5A { c += 0x20 }
            out.append(c)
            upper = c == UInt8(ascii: "-")
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 7230 token: what a header name may contain.
    static func isToken(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }

    /// Go's `ValidHeaderFieldValue`: no control bytes except tab.
    static func isValidValue(_ s: String) -> Bool { s.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) } }

    /// What Go writes for a value: newlines become spaces, surrounding blanks are trimmed.
    static func clean(_ v: String) -> String {
        String(v.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }).goTrimmed
    }
}

/// A request that Go's transport would refuse before dialling; the text is Go's.
struct HTTPRequestError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (Go's `textproto.TrimString`).
    var goTrimmed: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }), let end = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[start...end])
    }
}
