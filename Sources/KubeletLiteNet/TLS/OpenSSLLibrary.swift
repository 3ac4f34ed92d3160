// kubelet-lite — TLS/OpenSSLLibrary.swift
// The system's OpenSSL 3, loaded with dlopen when HTTPS is first needed: no link-time
// dependency, and a clear error instead of a crash where it is missing.

import Glibc

/// libssl.so.3 (and libcrypto.so.3, which it pulls in) with the functions the TLS client calls,
/// looked up once per process. Only non-variadic functions: macros such as
/// `SSL_set_tlsext_host_name` are called through `SSL_ctrl` with their command numbers.
public final class OpenSSLLibrary: @unchecked Sendable {
    // Safe to share: every field is immutable after `init`, and OpenSSL 3 is thread-safe.

    /// Set it to a library path to use another libssl, or to `none` to act as if there were none.
    public static let environmentVariable = "KUBELET_LITE_LIBSSL"
    public static let defaultPath = "libssl.so.3"

    /// The process's library, loaded on first use from `KUBELET_LITE_LIBSSL` or the default.
    public static let system: Result<OpenSSLLibrary, TLSError> = load(path: path(environmentValue: getenv(environmentVariable).map { String(cString: $0) }))

    /// For `validate`: nil when HTTPS works, else a warning that says why it will not.
    public static var systemWarning: String? {
        if case .failure(let error) = system { return "\(error) (\(error.detailText)): HTTPS probes and hooks will fail" }
        return nil
    }

    /// The path to load for an environment value: the default when unset or empty, nil for `none`.
    public static func path(environmentValue: String?) -> String? {
        guard let value = environmentValue, !value.isEmpty else { return defaultPath }
        return value == "none" ? nil : value
    }

    // Signatures from <openssl/ssl.h>, <openssl/bio.h>, <openssl/err.h> (OpenSSL 3.0).
    typealias MethodFn = @convention(c) () -> OpaquePointer?
    typealias NewFn = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias FreeFn = @convention(c) (OpaquePointer?) -> Void
    typealias SetVerifyFn = @convention(c) (OpaquePointer?, Int32, OpaquePointer?) -> Void
    typealias CtrlFn = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias SetBioFn = @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Void
    typealias IntFn = @convention(c) (OpaquePointer?) -> Int32
    typealias ReadFn = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias WriteFn = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32
    typealias GetErrorFn = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias PendingFn = @convention(c) (OpaquePointer?) -> Int
    typealias ErrGetFn = @convention(c) () -> UInt
    typealias ErrStringFn = @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    typealias VoidFn = @convention(c) () -> Void
    typealias VersionFn = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?

    let sslNew: NewFn
    let sslFree: FreeFn
    let sslCtrl: CtrlFn
    let sslSetBio: SetBioFn
    let sslSetConnectState: FreeFn
    let sslDoHandshake: IntFn
    let sslRead: ReadFn
    let sslWrite: WriteFn
    let sslGetError: GetErrorFn
    let sslGetVersion: VersionFn
    let bioNew: NewFn
    let bioFree: IntFn
    let bioMemMethod: MethodFn
    let bioRead: ReadFn
    let bioWrite: WriteFn
    let bioPending: PendingFn
    let errGet: ErrGetFn
    let errString: ErrStringFn
    let errClear: VoidFn
    /// One client context for all connections: TLS ≥ 1.2, no certificate verification.
    let context: OpaquePointer

    /// Loads the library at `path` (nil: hidden). Fails cleanly for a missing file, a library
    /// without one of the functions (OpenSSL 1.1 or older), or a context that cannot be made.
    public static func load(path: String?) -> Result<OpenSSLLibrary, TLSError> {
        guard let path else { return .failure(.libraryUnavailable(detail: "\(environmentVariable)=none")) }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let why = dlerror().map { String(cString: $0) } ?? "dlopen \(path) failed"
            return .failure(.libraryUnavailable(detail: why))
        }
        do {
            return .success(try OpenSSLLibrary(handle, path: path))
        } catch {
            // The handle stays open: unloading a half-initialised OpenSSL is not worth the risk.
            return .failure(error)
        }
    }

    private init(_ handle: UnsafeMutableRawPointer, path: String) throws(TLSError) {
        // dlsym on libssl's handle also searches its dependencies, so libcrypto's BIO and ERR
        // functions are found without opening libcrypto.so.3 by name.
        func symbol<T>(_ name: String, _: T.Type) throws(TLSError) -> T {
            guard let p = dlsym(handle, name) else { throw .libraryUnavailable(detail: "\(path) has no \(name)") }
            return unsafeBitCast(p, to: T.self)
        }
        sslNew = try symbol("SSL_new", NewFn.self)
        sslFree = try symbol("SSL_free", FreeFn.self)
        sslCtrl = try symbol("SSL_ctrl", CtrlFn.self)
        sslSetBio = try symbol("SSL_set_bio", SetBioFn.self)
        sslSetConnectState = try symbol("SSL_set_connect_state", FreeFn.self)
        sslDoHandshake = try symbol("SSL_do_handshake", IntFn.self)
        sslRead = try symbol("SSL_read", ReadFn.self)
        sslWrite = try symbol("SSL_write", WriteFn.self)
        sslGetError = try symbol("SSL_get_error", GetErrorFn.self)
        sslGetVersion = try symbol("SSL_get_version", VersionFn.self)
        bioNew = try symbol("BIO_new", NewFn.self)
        bioFree = try symbol("BIO_free", IntFn.self)
        bioMemMethod = try symbol("BIO_s_mem", MethodFn.self)
        bioRead = try symbol("BIO_read", ReadFn.self)
        bioWrite = try symbol("BIO_write", WriteFn.self)
        bioPending = try symbol("BIO_ctrl_pending", PendingFn.self)
        errGet = try symbol("ERR_get_error", ErrGetFn.self)
        errString = try symbol("ERR_error_string_n", ErrStringFn.self)
        errClear = try symbol("ERR_clear_error", VoidFn.self)
        let clientMethod = try symbol("TLS_client_method", MethodFn.self)
        let contextNew = try symbol("SSL_CTX_new", NewFn.self)
        let setVerify = try symbol("SSL_CTX_set_verify", SetVerifyFn.self)
        let contextCtrl = try symbol("SSL_CTX_ctrl", CtrlFn.self)
        guard let ctx = contextNew(clientMethod()) else { throw .libraryUnavailable(detail: "SSL_CTX_new failed") }
        // The kubelet's probe and hook clients set InsecureSkipVerify: no chain or name checks.
        setVerify(ctx, Constants.verifyNone, nil)
        // Go's crypto/tls client default: TLS 1.2 at least.
        _ = contextCtrl(ctx, Constants.ctrlSetMinProtoVersion, Constants.tls12Version, nil)
        context = ctx
    }

    /// Numbers behind OpenSSL's macros and error codes.
    enum Constants {
        static let verifyNone: Int32 = 0                 // SSL_VERIFY_NONE
        static let ctrlSetTLSExtHostname: Int32 = 55     // SSL_CTRL_SET_TLSEXT_HOSTNAME
        static let tlsExtNameTypeHostName = 0            // TLSEXT_NAMETYPE_host_name
        static let ctrlSetMinProtoVersion: Int32 = 123   // SSL_CTRL_SET_MIN_PROTO_VERSION
        static let tls12Version = 0x0303                 // TLS1_2_VERSION
        static let errorNone: Int32 = 0                  // SSL_ERROR_NONE
        static let errorSSL: Int32 = 1                   // SSL_ERROR_SSL
        static let errorWantRead: Int32 = 2              // SSL_ERROR_WANT_READ
        static let errorWantWrite: Int32 = 3             // SSL_ERROR_WANT_WRITE
        static let errorSyscall: Int32 = 5               // SSL_ERROR_SYSCALL
        static let errorZeroReturn: Int32 = 6            // SSL_ERROR_ZERO_RETURN
    }

    /// The oldest queued OpenSSL error as text (`error:0A000410:SSL routines::…`), queue cleared.
    func takeErrorText() -> String? {
        let code = errGet()
        guard code != 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: 256)
        errString(code, &buffer, buffer.count)
        errClear()
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension TLSError {
    /// What exactly was missing, for logs and `validate` (the description stays fixed).
    public var detailText: String {
        if case .libraryUnavailable(let detail) = self { return detail }
        return description
    }
}
