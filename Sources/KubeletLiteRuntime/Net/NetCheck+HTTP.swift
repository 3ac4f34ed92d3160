// kubelet-lite — Net/NetCheck+HTTP.swift
// The HTTP side of a check: reading the response (through TLS for https), redirects between
// hops (architecture §8.10, lifecycle §12.4).

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteNet

extension NetCheck {
    /// Reads what is there (bounded per wake-up so one chatty peer cannot starve the loop).
    func receive() {
        for _ in 0..<8 {
            guard stage == .receiving else { return }
            switch TCPSocket.receive(fd, into: &readBuffer) {
            case .bytes(let n):
                if tls != nil {
                    guard tlsReceived(readBuffer[0..<n]) else { return }
                } else {
                    parser.append(readBuffer[0..<n])
                }
                process()
            case .wouldBlock:
                return
            case .endOfStream:
                // Go: a server that hangs up during the handshake is a bare EOF.
                if let tls, tls.state == .handshaking { return fail("EOF") }
                return react(parser.endOfStream())
            case .failed(let code):
                return readFailed(code)
            }
        }
    }

    func process() {
        while stage == .receiving {
            let event = parser.advance()
            if event == .needMore { return }
            react(event)
        }
    }

    func react(_ event: HTTPResponseParser.Event) {
        switch event {
        case .needMore:
            return
        case .headComplete:
            acceptHead()
        case .bodyComplete:
            guard let head = parser.head else { return fail(GoText.broken("unexpected EOF")) }
            if let location = unfollowedLocation {
                finish(.redirectNotFollowed(status: head.status, location: location, body: parser.body))
            } else {
                let location = head.first("Location").flatMap { $0.isEmpty ? nil : $0 }
                finish(.response(status: head.status, location: location, body: parser.body))
            }
        case .failed(let f):
            if f.inBody, let status = finalStatus {
                finish(.bodyReadFailed(status: status, message: f.message))
            } else {
                fail(f.beforeFirstByte ? f.message : GoText.broken(f.message))
            }
        }
    }

    func readFailed(_ code: Int32) {
        let text = GoText.io("read", local: local?.description, remote: remote?.description ?? "", errno: code)
        if let status = finalStatus {
            finish(.bodyReadFailed(status: status, message: text))
        } else {
            // Go hands back the bare read error when nothing had arrived yet, else "connection broken".
            fail(parser.receivedAny ? GoText.broken(text) : text)
        }
    }

    // MARK: - HTTP hops and redirects

    func beginHop() {
        guard let url else { return }
        requestsMade += 1
        finalStatus = nil
        parser = HTTPResponseParser()
        tls = nil
        switch url.scheme {
        case "http": break
        case "https":
            // Without the system's OpenSSL an HTTPS check fails, saying so (lifecycle §D8).
            if case .failure(let error) = OpenSSLLibrary.system { return fail(error.description) }
        default:
            return fail("unsupported protocol scheme \(GoText.quote(url.scheme))")
        }
        guard !url.host.isEmpty else { return fail("http: no Host in request URL") }
        startDial(host: url.host, port: url.effectivePort)
    }

    /// The head is in: follow a same-host redirect (Go client + kubelet RedirectChecker rules), or
    /// make this the final response and read its body.
    func acceptHead() {
        guard case .http(let spec) = target, let head = parser.head, let url, let originalURL else { return }
        let redirect = [301, 302, 303, 307, 308].contains(head.status)
        guard spec.followRedirects, redirect, let location = head.first("Location"), !location.isEmpty else {
            finalStatus = head.status
            return
        }
        guard let next = url.resolve(location) else {
            return fail("failed to parse Location header \(GoText.quote(location)): parse \(GoText.quote(location)): invalid URL")
        }
        // The kubelet compares host names only (`URL.Hostname()`), against the first request.
        if next.host != originalURL.host {
            unfollowedLocation = location
            finalStatus = head.status
            return
        }
        if requestsMade >= HTTPLimits.maxRequests {
            // Go reports this one against the raw Location value.
            return finish(.failed(GoText.get(location, "stopped after 10 redirects")))
        }
        // Go keeps a custom Host only across relative redirects (golang/go#22233).
        if let h = hostOverride, h != url.authority, URIReference(location).scheme == nil {
            hostOverride = h
        } else {
            hostOverride = nil
        }
        // Referer: the previous URL, unless that would leak an https URL to http.
        referer = url.scheme == "https" && next.scheme == "http" ? nil : url.string
        closeSocket()
        self.url = next
        stage = .starting
        beginHop()
    }

    // MARK: - TLS (https hops)

    /// Starts the session for this hop with `request` held inside it; false (and failed) if it cannot.
    func startTLS(host: String, request: [UInt8]) -> Bool {
        do throws(TLSError) {
            let session = try TLSClient(host: host)
            try session.write(request)
            tls = session
            outgoing = session.takeCiphertext()
            return true
        } catch {
            fail(error.description)
            return false
        }
    }

    /// Ciphertext from the socket: into the session; its replies out; its plaintext to the parser.
    /// False when the session failed (the check is finished then).
    func tlsReceived(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let tls else { return false }
        do throws(TLSError) {
            try tls.feed(bytes)
            let reply = tls.takeCiphertext()
            if !reply.isEmpty {
                outgoing = Array(outgoing[sent...]) + reply
                sent = 0
                flushMore()
                guard stage == .receiving else { return false }
            }
            parser.append(try tls.readPlaintext())
            return true
        } catch .httpResponseToHTTPSClient {
            // An HTTPS hook retries over HTTP on this one (lifecycle §8.2): kept apart.
            finish(.httpsGotHTTP(GoText.get(url?.string ?? "", TLSError.httpResponseToHTTPSClient.description)))
            return false
        } catch {
            fail(parser.receivedAny ? GoText.broken(error.description) : error.description)
            return false
        }
    }

    /// Sends what is left of `outgoing` while the response is read (TLS handshake records and the
    /// encrypted request); waits for EPOLLOUT too while the socket pushes back.
    func flushMore() {
        while sent < outgoing.count {
            switch TCPSocket.send(fd, outgoing, from: sent) {
            case .bytes(let n): sent += n
            case .wouldBlock: return watch(KL_EV_IN | KL_EV_RDHUP | KL_EV_OUT)
            case .endOfStream: return
            case .failed(let code):
                return fail(GoText.io("write", local: local?.description, remote: remote?.description ?? "", errno: code))
            }
        }
        watch(KL_EV_IN | KL_EV_RDHUP)
    }
}
