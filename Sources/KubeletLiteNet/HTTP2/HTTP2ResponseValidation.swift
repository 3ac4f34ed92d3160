// kubelet-lite — HTTP2/HTTP2ResponseValidation.swift
// The rules that make a response's header section malformed (RFC 9113 §8.2, RFC 9113 §8.3.2).

/// Checks response header lists and trailers; a violation is a stream error of type
/// PROTOCOL_ERROR (RFC 9113 §8.1.1).
enum HTTP2ResponseValidation {
    /// RFC 9113 §8.2.2: fields that only make sense on HTTP/1.x connections.
    static let connectionSpecific: Set<String> = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]

    /// The `:status` code and the regular fields of a response header list.
    static func responseHeaders(_ fields: [HeaderField]) throws(HTTP2Error) -> (Int, [HeaderField]) {
        var status: Int?
        var regular: [HeaderField] = []
        for field in fields {
            try checkName(field.name)
            if field.name.hasPrefix(":") {
                // RFC 9113 §8.3: pseudo-header fields come first, and a response has only `:status`, once.
                guard regular.isEmpty else { throw malformed("pseudo-header field \(field.name) after a regular field") }
                guard field.name == ":status" else { throw malformed("pseudo-header field \(field.name) in a response") }
                guard status == nil else { throw malformed("duplicate :status") }
                let digits = field.value.utf8
                guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }), let code = Int(field.value) else {
                    throw malformed("invalid :status \(GoFormat.quote(field.value))")
                }
                status = code
            } else {
                regular.append(field)
            }
        }
        guard let status else { throw malformed("response without :status") }
        return (status, regular)
    }

    /// Trailer fields: no pseudo-header fields at all (RFC 9113 §8.1).
    static func trailers(_ fields: [HeaderField]) throws(HTTP2Error) -> [HeaderField] {
        for field in fields {
            try checkName(field.name)
            guard !field.name.hasPrefix(":") else { throw malformed("pseudo-header field \(field.name) in trailers") }
        }
        return fields
    }

    /// A `content-length` field, if present; more than one differing value is malformed.
    static func contentLength(_ fields: [HeaderField]) throws(HTTP2Error) -> Int? {
        let values = Set(fields.filter { $0.name == "content-length" }.map(\.value))
        guard let value = values.first else { return nil }
        guard values.count == 1, let n = Int(value), n >= 0 else { throw malformed("invalid content-length") }
        return n
    }

    /// RFC 9113 §8.2.1: names are non-empty, lower case, and free of separators; RFC 9113 §8.2.2 connection fields.
    private static func checkName(_ name: String) throws(HTTP2Error) {
        guard !name.isEmpty else { throw malformed("empty header field name") }
        for (i, c) in name.utf8.enumerated() where !(i == 0 && c == UInt8(ascii: ":")) {
            guard c > 0x20, c < 0x7F, !(0x41...0x5A).contains(c), c != UInt8(ascii: ":") else {
                throw malformed("invalid header field name \(GoFormat.quote(name))")
            }
        }
        guard !connectionSpecific.contains(name) else { throw malformed("connection-specific header field \(name)") }
    }

    private static func malformed(_ why: String) -> HTTP2Error { .streamError(.protocolError, why) }
}
