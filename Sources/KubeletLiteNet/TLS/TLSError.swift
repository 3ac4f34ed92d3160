// kubelet-lite — TLS/TLSError.swift
// Why an HTTPS connection failed, worded like Go's crypto/tls and net/http where they differ
// from OpenSSL.

/// A TLS failure. Callers branch on `libraryUnavailable` (a configuration problem: validate
/// warns about it) and on `httpResponseToHTTPSClient` (an HTTPS hook retries over HTTP).
public enum TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libssl.so.3 could not be loaded or lacks a function; `detail` says which and why.
    case libraryUnavailable(detail: String)
    /// The server answered in plain HTTP (Go's `http.ErrSchemeMismatch`).
    case httpResponseToHTTPSClient
    /// The server's first bytes are not a TLS record (Go's `tls.RecordHeaderError`).
    case notTLS
    /// The server sent a fatal alert: Go prints `remote error: tls: <alert>`.
    case remoteAlert(String)
    /// Any other failure, with OpenSSL's reason text.
    case failure(String)

    /// The text a probe or hook reports when libssl is missing. The same text for every cause
    /// (not installed, hidden by KUBELET_LITE_LIBSSL, too old), so it is easy to search for.
    public static let libraryMissingMessage = "HTTPS needs the system's OpenSSL (libssl.so.3), which is not installed"

    public var description: String {
        switch self {
        case .libraryUnavailable: Self.libraryMissingMessage
        case .httpResponseToHTTPSClient: "http: server gave HTTP response to HTTPS client"
        case .notTLS: "tls: first record does not look like a TLS handshake"
        case .remoteAlert(let alert): "remote error: tls: \(alert)"
        case .failure(let reason): "tls: \(reason)"
        }
    }
}
