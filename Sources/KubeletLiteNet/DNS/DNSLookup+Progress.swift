// kubelet-lite — DNS/DNSLookup+Progress.swift
// Moving a lookup along: servers × attempts per question, A and AAAA per name, names in
// search order, and the choice of which error to report (Go's goLookupIPCNAME).

extension DNSLookup {
    /// Starts the questions for the current search name: A and AAAA together, or one after the
    /// other with `single-request`.
    mutating func startName() -> Step {
        guard nameIndex < names.count else {
            return .failed(lastError ?? DNSLookupError(name: host, server: "", reason: DNSLookupError.noSuchHost))
        }
        tracks = [Track(type: DNSType.a), Track(type: DNSType.aaaa)]
        var started: [Exchange] = []
        for t in tracks.indices where !config.singleRequest || t == 0 {
            // A track with no usable server finishes at once; when that settles the name, the
            // step it returns (next name, or the outcome) is the answer.
            switch launch(t) {
            case .start(let e): started += e
            case .wait: continue
            case let decided: return decided
            }
        }
        return started.isEmpty ? .wait : .start(started)
    }

    /// Sends track `t`'s question to the server at its position, or finishes it when all
    /// `attempts × servers` positions are used up.
    mutating func launch(_ t: Int) -> Step {
        let servers = config.servers
        let total = servers.count * config.attempts
        while tracks[t].position < total {
            let server = servers[tracks[t].position % servers.count]
            tracks[t].position += 1
            guard let (address, port) = Self.split(server) else { continue }
            let e = makeExchange(name: names[nameIndex], type: tracks[t].type, server: server, address: address, port: port,
                                 transport: config.useTCP ? .tcp : .udp)
            tracks[t].live = e
            return .start([e])
        }
        let failure = tracks[t].lastError ?? DNSLookupError(name: host, server: "", reason: DNSLookupError.noSuchHost)
        return finish(t, .failure(failure))
    }

    /// A failed exchange: remember the error, try the next position.
    mutating func advance(_ t: Int, after error: DNSLookupError) -> Step {
        tracks[t].lastError = error
        tracks[t].live = nil
        return launch(t)
    }

    /// Track `t` has its answer; when every track of this name has, the name is done.
    mutating func finish(_ t: Int, _ result: Result<[IPAddress], DNSLookupError>) -> Step {
        tracks[t].result = result
        tracks[t].live = nil
        if config.singleRequest, t + 1 < tracks.count, tracks[t + 1].result == nil { return launch(t + 1) }
        guard tracks.allSatisfy({ $0.result != nil }) else { return .wait }
        return nameDone()
    }

    /// Collects the name's addresses (A first), or records its error and moves to the next
    /// name. Go prefers the error for the name exactly as given over a search-suffixed one.
    mutating func nameDone() -> Step {
        var addresses: [IPAddress] = []
        for track in tracks {
            switch track.result {
            case .success(let found): addresses += found
            case .failure(let e): if lastError == nil || names[nameIndex] == host + "." { lastError = e }
            case nil: break
            }
        }
        if !addresses.isEmpty { return .resolved(addresses) }
        nameIndex += 1
        return startName()
    }

    mutating func makeExchange(name: String, type: UInt16, server: String, address: IPAddress, port: Int,
                               transport: Transport) -> Exchange {
        let id = UInt16.random(in: 0...UInt16.max)
        let query = DNSMessage.query(id: id, name: name, type: type) ?? []
        nextToken += 1
        return Exchange(token: nextToken, server: server, serverAddress: address, port: port, transport: transport,
                        payload: transport == .tcp ? DNSMessage.tcpFrame(query) : query,
                        timeout: config.timeout, id: id, name: name, type: type)
    }

    /// `10.0.0.1:53` or `[::1]:53` into address and port.
    static func split(_ server: String) -> (IPAddress, Int)? {
        guard let colon = server.lastIndex(of: ":"), let port = Int(server[server.index(after: colon)...]) else { return nil }
        var host = server[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return IPAddress(String(host)).map { ($0, port) }
    }
}

extension DNSMessage {
    /// Takes one complete length-prefixed message off the front of a TCP receive buffer.
    public static func takeTCPMessage(from buffer: inout [UInt8]) -> [UInt8]? {
        guard buffer.count >= 2 else { return nil }
        let length = Int(buffer[0]) << 8 | Int(buffer[1])
        guard buffer.count >= 2 + length else { return nil }
        defer { buffer.removeFirst(2 + length) }
        return Array(buffer[2..<(2 + length)])
    }
}
