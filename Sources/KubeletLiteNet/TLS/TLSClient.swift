// kubelet-lite — TLS/TLSClient.swift
// A TLS client session over memory BIOs, sans-IO: ciphertext in from the socket, ciphertext out
// to it, plaintext in and out for the HTTP layer. The event loop never blocks on OpenSSL.

/// One TLS connection's client side, without certificate verification (the kubelet's probes and
/// hooks set InsecureSkipVerify) and with SNI as Go's crypto/tls sends it.
///
/// Use: create it (the ClientHello is ready at once), then repeatedly write `takeCiphertext()`
/// to the socket, `feed` what the socket reads, `write` the request (held until the handshake is
/// done) and `readPlaintext()` the response. A class, because it owns OpenSSL objects.
public final class TLSClient {
    /// Where the session stands.
    public enum State: Sendable, Equatable { case handshaking, established, failed }

    public private(set) var state = State.handshaking
    /// The server sent close_notify: the plaintext stream has ended cleanly.
    public private(set) var closeNotifyReceived = false
    private let library: OpenSSLLibrary
    private let ssl: OpaquePointer
    private let incoming: OpaquePointer
    private let outgoing: OpaquePointer
    private var pendingPlaintext: [UInt8] = []
    /// The first bytes from the server, held until a whole record header can be checked.
    private var firstBytes: [UInt8] = []
    private var sawRecordHeader = false
    /// RFC 8446 §5.1: content type (1), legacy version (2), length (2).
    private static let recordHeaderSize = 5
    private static let recordTypeAlert: UInt8 = 21
    private static let recordTypeHandshake: UInt8 = 22

    /// Starts a session to `host` (a name or an IP literal, as in the URL). Throws
    /// `libraryUnavailable` when OpenSSL is missing or hidden.
    public init(host: String, library: Result<OpenSSLLibrary, TLSError> = OpenSSLLibrary.system) throws(TLSError) {
        let lib = try library.get()
        guard let ssl = lib.sslNew(lib.context) else { throw .failure(lib.takeErrorText() ?? "SSL_new failed") }
        let rbio = lib.bioNew(lib.bioMemMethod())
        let wbio = lib.bioNew(lib.bioMemMethod())
        guard let rbio, let wbio else {
            // Not yet handed to the SSL object: free whichever was made.
            if let rbio { _ = lib.bioFree(rbio) }
            if let wbio { _ = lib.bioFree(wbio) }
            lib.sslFree(ssl)
            throw .failure("BIO_new failed")
        }
        self.library = lib
        self.ssl = ssl
        self.incoming = rbio
        self.outgoing = wbio
        lib.sslSetBio(ssl, rbio, wbio)   // the SSL object owns both BIOs from here on
        lib.sslSetConnectState(ssl)
        if let name = Self.serverName(for: host) {
            // SSL_set_tlsext_host_name is a macro over SSL_ctrl; OpenSSL copies the string.
            _ = name.withCString { lib.sslCtrl(ssl, OpenSSLLibrary.Constants.ctrlSetTLSExtHostname,
                                               OpenSSLLibrary.Constants.tlsExtNameTypeHostName, UnsafeMutableRawPointer(mutating: $0)) }
        }
        try advanceHandshake()
    }

    deinit { library.sslFree(ssl) }

    /// Go's `hostnameInSNI`: no SNI for an IP literal (brackets and a zone allowed), and trailing
    /// dots removed from a name.
    public static func serverName(for host: String) -> String? {
        guard !IPAddress.isLiteral(host) else { return nil }
        var name = Substring(host)
        while name.hasSuffix(".") { name = name.dropLast() }
        return name.isEmpty ? nil : String(name)
    }

    /// The negotiated protocol (`TLSv1.3`), for diagnostics.
    public var protocolVersion: String {
        library.sslGetVersion(ssl).map { String(cString: $0) } ?? "unknown"
    }

    /// Ciphertext read from the socket.
    public func feed<C: Collection>(_ ciphertext: C) throws(TLSError) where C.Element == UInt8 {
        guard state != .failed else { throw .failure("connection already failed") }
        var bytes = Array(ciphertext)
        if !sawRecordHeader {
            firstBytes += bytes
            guard firstBytes.count >= Self.recordHeaderSize else { return }
            try checkFirstRecordHeader()
            bytes = firstBytes
            firstBytes = []
        }
        let written = bytes.withUnsafeBytes { library.bioWrite(incoming, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count || bytes.isEmpty else { throw fail(.failure("BIO_write failed")) }
        if state == .handshaking { try advanceHandshake() }
    }

    /// Plaintext to send; held until the handshake is complete.
    public func write(_ plaintext: [UInt8]) throws(TLSError) {
        guard state != .failed else { throw .failure("connection already failed") }
        pendingPlaintext += plaintext
        if state == .established { try flushPlaintext() }
    }

    /// Ciphertext the socket should send now (ClientHello, Finished, application data, alerts).
    public func takeCiphertext() -> [UInt8] {
        let count = library.bioPending(outgoing)
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        let n = out.withUnsafeMutableBytes { library.bioRead(outgoing, $0.baseAddress, Int32($0.count)) }
        return n > 0 ? Array(out[0..<Int(n)]) : []
    }

    /// Plaintext decrypted so far (possibly empty). Sets `closeNotifyReceived` at the clean end.
    public func readPlaintext() throws(TLSError) -> [UInt8] {
        guard state == .established else { return [] }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            library.errClear()
            let n = chunk.withUnsafeMutableBytes { library.sslRead(ssl, $0.baseAddress, Int32($0.count)) }
            if n > 0 {
                out += chunk[0..<Int(n)]
                continue
            }
            switch library.sslGetError(ssl, n) {
            case OpenSSLLibrary.Constants.errorWantRead, OpenSSLLibrary.Constants.errorWantWrite:
                return out
            case OpenSSLLibrary.Constants.errorZeroReturn:
                closeNotifyReceived = true
                return out
            case let code:
                throw fail(errorFor(code))
            }
        }
    }

    // MARK: - Internals

    /// Go's first-record check (crypto/tls `readRecordOrCCS`): an alert or a handshake record
    /// with a plausible version, else not TLS; "HTTP/" means a plain HTTP server.
    private func checkFirstRecordHeader() throws(TLSError) {
        sawRecordHeader = true
        let header = Array(firstBytes.prefix(Self.recordHeaderSize))
        if header == Array("HTTP/".utf8) { throw fail(.httpResponseToHTTPSClient) }
        let version = UInt16(header[1]) << 8 | UInt16(header[2])
        let plausible = header[0] == Self.recordTypeAlert || header[0] == Self.recordTypeHandshake
        // Go: "the current max version is 3.3 so if the version is >= 16.0, it's probably not real".
        if !plausible || version >= 0x1000 { throw fail(.notTLS) }
    }

    private func advanceHandshake() throws(TLSError) {
        library.errClear()
        let r = library.sslDoHandshake(ssl)
        if r == 1 {
            state = .established
            return try flushPlaintext()
        }
        let code = library.sslGetError(ssl, r)
        guard code == OpenSSLLibrary.Constants.errorWantRead || code == OpenSSLLibrary.Constants.errorWantWrite else {
            throw fail(errorFor(code))
        }
    }

    private func flushPlaintext() throws(TLSError) {
        guard !pendingPlaintext.isEmpty else { return }
        library.errClear()
        let n = pendingPlaintext.withUnsafeBytes { library.sslWrite(ssl, $0.baseAddress, Int32($0.count)) }
        guard n > 0 else { throw fail(errorFor(library.sslGetError(ssl, n))) }
        // A memory BIO never pushes back, so SSL_write takes everything at once.
        pendingPlaintext.removeFirst(Int(n))
    }

    /// OpenSSL's error as Go words it where they differ: alerts as `remote error: tls: …`.
    private func errorFor(_ code: Int32) -> TLSError {
        guard let text = library.takeErrorText() else {
            return .failure(code == OpenSSLLibrary.Constants.errorSyscall ? "unexpected EOF" : "SSL error \(code)")
        }
        // "error:0A000410:SSL routines::sslv3 alert handshake failure" → its reason.
        let reason = text.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? text
        if let range = reason.firstRange(of: "alert ") {
            let alert = String(reason[range.upperBound...])
            return .remoteAlert(alert == "protocol version" ? "protocol version not supported" : alert)
        }
        return .failure(reason)
    }

    private func fail(_ error: TLSError) -> TLSError {
        state = .failed
        return error
    }
}
