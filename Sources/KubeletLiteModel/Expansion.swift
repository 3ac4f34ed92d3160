// kubelet-lite — Expansion.swift
// The kubelet's `$(VAR)` engine (third_party/forked/golang/expansion), byte for byte (lifecycle §13.3).

/// `$(VAR)` expansion as the kubelet does it for env values, command and args.
public enum Expansion {
    /// Expands `$(NAME)` references in `input`, scanning left to right, never re-scanning a substitution.
    ///
    /// - `$(NAME)` with `lookup(NAME)` non-nil → that value; nil → left as `$(NAME)`.
    /// - `$$` → `$` (so `$$(NAME)` yields the text `$(NAME)`).
    /// - `$(` with no `)` later → `$(` kept, scanning goes on after it.
    /// - `$` before anything else, or at the very end, is kept.
    public static func expand(_ input: String, _ lookup: (String) -> String?) -> String {
        let bytes = Array(input.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let dollar = UInt8(ascii: "$"), open = UInt8(ascii: "("), close = UInt8(ascii: ")")
        var checkpoint = 0
        var cursor = 0
        while cursor < bytes.count {
            if bytes[cursor] == dollar && cursor + 1 < bytes.count {
                out += bytes[checkpoint..<cursor]
                let next = bytes[cursor + 1]
                // How many bytes after the '$' this operator consumed.
                var advance = 1
                if next == dollar {
                    out.append(dollar)
                } else if next == open {
                    if let end = bytes[(cursor + 2)...].firstIndex(of: close) {
                        let name = String(decoding: bytes[(cursor + 2)..<end], as: UTF8.self)
                        // An undefined name stays as written, in its $(...) syntax.
                        out += Array((lookup(name) ?? "$(\(name))").utf8)
                        advance = end - cursor
                    } else {
                        // Unterminated: keep "$(" and go on scanning after the '('.
                        out += [dollar, open]
                    }
                } else {
                    out += [dollar, next]
                }
                cursor += advance
                checkpoint = cursor + 1
            }
            cursor += 1
        }
        out += bytes[checkpoint...]
        return String(decoding: out, as: UTF8.self)
    }
}
