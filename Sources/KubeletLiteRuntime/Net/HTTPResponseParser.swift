// kubelet-lite — Net/HTTPResponseParser.swift
// An incremental HTTP/1.x response reader: bytes in as they arrive, events out. Pure (no I/O), so
// every framing and error rule is testable without a socket.

/// Reads one response the way Go's `http.ReadResponse` + body readers do, with their error texts:
/// a strict status line, MIME headers, 1xx skipped, then a body framed by Content-Length, chunked
/// coding or the end of the connection, kept up to `maxBody` bytes (reading stops there).
struct HTTPResponseParser {
    /// The status line and headers of the response.
    struct Head {
        var status: Int
        /// Canonical names, in arrival order.
        var headers: [(name: String, value: String)]
        /// Go's `Header.Get`: the first value.
        func first(_ name: String) -> String? { headers.first { $0.name == name }?.value }
        func all(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }
    }

    /// A parse failure, with Go's text and where it happened.
    struct Failure: Error, Equatable {
        var message: String
        /// After the head: Go reports it from the body reader, not from `Client.Do`.
        var inBody: Bool
        /// Nothing at all had been received: Go returns the bare read error (`EOF`), undecorated.
        var beforeFirstByte: Bool = false
    }

    /// What `advance()` / `endOfStream()` found.
    enum Event: Equatable {
        case needMore
        /// The head is complete; call `advance()` again to read the body.
        case headComplete
        /// The body is complete (or reached `maxBody`).
        case bodyComplete
        case failed(Failure)
    }

    /// How the body ends: nothing, a byte count, the connection's end, or chunk by chunk.
    private enum Framing {
        case none, length(Int), untilClose
        case chunkSize, chunkData(Int), chunkDataEnd
    }

    /// Where in the response the next byte belongs.
    private enum Phase { case statusLine, headers, body, done }

    private(set) var head: Head?
    private(set) var body: [UInt8] = []
    private(set) var receivedAny = false
    private var phase = Phase.statusLine
    private var framing = Framing.none
    private var buffer: [UInt8] = []
    private var headBytes = 0
    private var informational = 0
    private var protoAtLeast11 = true
    private var pending: (status: Int, headers: [(name: String, value: String)])?
    private let maxBody: Int
    private let maxHead: Int

    init(maxBody: Int = HTTPLimits.maxBody, maxHead: Int = HTTPLimits.maxHead) {
        self.maxBody = maxBody
        self.maxHead = maxHead
    }

    /// Adds received bytes; call `advance()` to act on them.
    mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        guard !bytes.isEmpty else { return }
        receivedAny = true
        buffer.append(contentsOf: bytes)
    }

    /// Processes buffered bytes as far as they go.
    mutating func advance() -> Event {
        do throws(Failure) {
            switch phase {
            case .statusLine, .headers: return try advanceHead()
            case .body: return try advanceBody()
            case .done: return .bodyComplete
            }
        } catch {
            phase = .done
            return .failed(error)
        }
    }

    /// The peer closed the connection; what that means depends on where we are.
    mutating func endOfStream() -> Event {
        switch phase {
        case .done:
            return .bodyComplete
        case .statusLine where !receivedAny:
            return .failed(Failure(message: "EOF", inBody: false, beforeFirstByte: true))
        case .statusLine where !buffer.isEmpty:
            // Go's ReadLine hands over a last line without its newline; judge it as a status line.
            let line = buffer
            buffer.removeAll()
            do { try parseStatusLine(line) } catch { return .failed(error) }
            return .failed(Failure(message: "unexpected EOF", inBody: false))
        case .statusLine, .headers:
            return .failed(Failure(message: "unexpected EOF", inBody: false))
        case .body:
            if case .untilClose = framing {
                phase = .done
                return .bodyComplete
            }
            phase = .done
            return .failed(Failure(message: "unexpected EOF", inBody: true))
        }
    }

    // MARK: - Head

    private mutating func advanceHead() throws(Failure) -> Event {
        while let line = takeLine() {
            headBytes += line.count + 1
            if headBytes > maxHead {
                throw Failure(message: "net/http: server response headers exceeded \(maxHead) bytes; aborted", inBody: false)
            }
            let text = line.last == 0x0D ? Array(line.dropLast()) : line
            if phase == .statusLine {
                try parseStatusLine(text)
                phase = .headers
            } else if text.isEmpty {
                if try finishHead() { return .headComplete }
            } else {
                try parseHeaderLine(text)
            }
        }
        if buffer.count + headBytes > maxHead {
            throw Failure(message: "net/http: server response headers exceeded \(maxHead) bytes; aborted", inBody: false)
        }
        return .needMore
    }

    private mutating func takeLine() -> [UInt8]? {
        guard let nl = buffer.firstIndex(of: 0x0A) else { return nil }
        let line = Array(buffer[..<nl])
        buffer.removeSubrange(...nl)
        return line
    }

    /// `HTTP/1.1 200 OK`: Go cuts at the first space, needs a 3-character integer code, then a
    /// well-formed version, in that order (so `SSH-2.0-x y` fails on the code).
    private mutating func parseStatusLine(_ line: [UInt8]) throws(Failure) {
        guard let space = line.firstIndex(of: 0x20) else {
            throw Failure(message: "malformed HTTP response \(GoText.quote(bytes: line))", inBody: false)
        }
        let proto = line[..<space]
        let status = line[(space + 1)...].drop { $0 == 0x20 }
        let code = status.prefix { $0 != 0x20 }
        guard code.count == 3, let value = Int(String(decoding: code, as: UTF8.self)), value >= 0 else {
            throw Failure(message: "malformed HTTP status code \(GoText.quote(bytes: code))", inBody: false)
        }
        guard let (major, minor) = HTTPResponseParser.parseVersion(Array(proto)) else {
            throw Failure(message: "malformed HTTP version \(GoText.quote(bytes: proto))", inBody: false)
        }
        protoAtLeast11 = major > 1 || (major == 1 && minor >= 1)
        pending = (value, [])
    }

    /// Go's `ParseHTTPVersion`: `HTTP/X.Y` with one digit each.
    private static func parseVersion(_ p: [UInt8]) -> (Int, Int)? {
        let prefix = Array("HTTP/".utf8)
        guard p.count == 8, Array(p[0..<5]) == prefix, p[6] == UInt8(ascii: "."),
              (0x30...0x39).contains(p[5]), (0x30...0x39).contains(p[7]) else { return nil }
        return (Int(p[5] - 0x30), Int(p[7] - 0x30))
    }

    private mutating func parseHeaderLine(_ line: [UInt8]) throws(Failure) {
        let text = String(decoding: line, as: UTF8.self)
        if line.first == 0x20 || line.first == 0x09 {
            // An obsolete folded continuation: joined to the previous value with a space.
            guard var p = pending, !p.headers.isEmpty else {
                throw Failure(message: "malformed MIME header initial line: \(text)", inBody: false)
            }
            p.headers[p.headers.count - 1].value += " " + text.goTrimmed
            pending = p
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw Failure(message: "malformed MIME header line: \(text)", inBody: false)
        }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        guard HTTPRequestHeaders.isToken(name) else {
            throw Failure(message: "malformed MIME header line: \(text)", inBody: false)
        }
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).goTrimmed
        pending?.headers.append((HTTPRequestHeaders.canonical(name), value))
    }

    /// The blank line: skip a 1xx, or settle the body framing. Returns false for a skipped 1xx.
    private mutating func finishHead() throws(Failure) -> Bool {
        guard let p = pending else { return false }
        pending = nil
        if (100...199).contains(p.status) && p.status != 101 {
            // Go's transport reads past informational responses (at most 5 of them).
            informational += 1
            if informational > 5 { throw Failure(message: "net/http: too many 1xx informational responses", inBody: false) }
            phase = .statusLine
            return false
        }
        let h = Head(status: p.status, headers: p.headers)
        head = h
        framing = try HTTPResponseParser.framing(for: h, http11: protoAtLeast11)
        phase = .body
        return true
    }

    /// Go's `readTransfer`/`fixLength`, in its order.
    private static func framing(for h: Head, http11: Bool) throws(Failure) -> Framing {
        var chunked = false
        let te = h.all("Transfer-Encoding")
        if !te.isEmpty && http11 {
            guard te.count == 1 else {
                throw Failure(message: "too many transfer encodings: \(GoText.quote(list: te))", inBody: false)
            }
            guard te[0].lowercased() == "chunked" else {
                throw Failure(message: "unsupported transfer encoding: \(GoText.quote(te[0]))", inBody: false)
            }
            chunked = true
        }
        let lengths = h.all("Content-Length")
        if lengths.count > 1, lengths.contains(where: { $0.goTrimmed != lengths[0].goTrimmed }) {
            throw Failure(message: "http: message cannot contain multiple Content-Length headers; got \(GoText.quote(list: lengths))",
                          inBody: false)
        }
        if (100...199).contains(h.status) || h.status == 204 || h.status == 304 { return .none }
        if chunked { return .chunkSize }
        if let cl = lengths.first?.goTrimmed, !cl.isEmpty {
            guard cl.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(cl) else {
                throw Failure(message: "bad Content-Length \(GoText.quote(cl))", inBody: false)
            }
            return n == 0 ? .none : .length(n)
        }
        return .untilClose
    }

    // MARK: - Body

    private mutating func advanceBody() throws(Failure) -> Event {
        while true {
            if body.count >= maxBody { return complete() }
            switch framing {
            case .none:
                return complete()
            case .untilClose:
                keep(buffer.count)
                if body.count >= maxBody { return complete() }
                return .needMore
            case .length(let remaining):
                let n = min(remaining, buffer.count)
                keep(n)
                if remaining - n == 0 || body.count >= maxBody { return complete() }
                framing = .length(remaining - n)
                if buffer.isEmpty { return .needMore }
            case .chunkSize:
                guard let nl = buffer.firstIndex(of: 0x0A) else {
                    if buffer.count >= 4096 { throw Failure(message: "header line too long", inBody: true) }
                    return .needMore
                }
                let size = try HTTPResponseParser.chunkSize(Array(buffer[..<nl]))
                buffer.removeSubrange(...nl)
                if size == 0 { return complete() }   // trailers are of no interest
                framing = .chunkData(size)
            case .chunkData(let remaining):
                let n = min(remaining, buffer.count)
                keep(n)
                framing = remaining - n == 0 ? .chunkDataEnd : .chunkData(remaining - n)
                if remaining - n > 0 && buffer.isEmpty && body.count < maxBody { return .needMore }
            case .chunkDataEnd:
                guard buffer.count >= 2 else { return .needMore }
                guard buffer[0] == 0x0D, buffer[1] == 0x0A else {
                    throw Failure(message: "malformed chunked encoding", inBody: true)
                }
                buffer.removeFirst(2)
                framing = .chunkSize
            }
        }
    }

    /// Moves `n` bytes from the buffer to the body, keeping at most `maxBody` in all.
    private mutating func keep(_ n: Int) {
        let room = max(0, maxBody - body.count)
        body.append(contentsOf: buffer.prefix(min(n, room)))
        buffer.removeFirst(n)
    }

    private mutating func complete() -> Event {
        phase = .done
        buffer.removeAll()
        return .bodyComplete
    }

    /// A chunk-size line: hex digits, optional `;extensions`, trailing blanks tolerated (Go's rules).
    private static func chunkSize(_ raw: [UInt8]) throws(Failure) -> Int {
        var line = raw
        if line.last == 0x0D { line.removeLast() }
        while let last = line.last, last == 0x20 || last == 0x09 { line.removeLast() }
        if let semi = line.firstIndex(of: UInt8(ascii: ";")) { line = Array(line[..<semi]) }
        guard !line.isEmpty else { throw Failure(message: "empty hex number for chunk length", inBody: true) }
        var value = 0
        for (i, b) in line.enumerated() {
            if i == 16 { throw Failure(message: "http chunk length too large", inBody: true) }
            let digit: Int
            switch b {
            case 0x30...0x39: digit = Int(b - 0x30)
            case 0x61...0x66: digit = Int(b - 0x61 + 10)
            case 0x41...0x46: digit = Int(b - 0x41 + 10)
            default: throw Failure(message: "invalid byte in chunk length", inBody: true)
            }
            value = value &<< 4 | digit
        }
        guard value >= 0 else { throw Failure(message: "http chunk length too large", inBody: true) }
        return value
    }
}
