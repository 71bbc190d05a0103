import COpenSSL
import Glibc
import Synchronization

/// A configured OpenSSL `SSL_CTX`, created once per configuration and shared.
///
/// Creating a context and loading the system trust store costs milliseconds
/// and memory, so contexts are cached for the life of the process: client
/// contexts by (CA file, verify flag), server contexts by certificate and key.
final class TLSContext: @unchecked Sendable {
    // SSL_CTX is safe to share once configured: only SSL_new reads it afterwards.
    let pointer: OpaquePointer

    private struct ClientKey: Hashable {
        var caFile: String?
        var verifyPeer: Bool
    }

    private static let clientContexts = Mutex<[ClientKey: TLSContext]>([:])
    private static let serverContexts = Mutex<[TLSServerConfiguration: TLSContext]>([:])

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    /// The shared client context for `configuration` (its server name is per connection).
    static func client(_ configuration: TLSConfiguration) throws(TransportError) -> TLSContext {
        let key = ClientKey(caFile: configuration.caFile, verifyPeer: configuration.verifyPeer)
        let result: Result<TLSContext, TransportError> = clientContexts.withLock { cache in
            if let cached = cache[key] { return .success(cached) }
            let made = Result { () throws(TransportError) in try makeClient(key) }
            if case .success(let context) = made { cache[key] = context }
            return made
        }
        return try result.get()
    }

    /// Whether the client context for `configuration` exists already.
    static func isCached(_ configuration: TLSConfiguration) -> Bool {
        let key = ClientKey(caFile: configuration.caFile, verifyPeer: configuration.verifyPeer)
        return clientContexts.withLock { $0[key] != nil }
    }

    /// The shared server context for `configuration`.
    static func server(_ configuration: TLSServerConfiguration) throws(TransportError) -> TLSContext {
        let result: Result<TLSContext, TransportError> = serverContexts.withLock { cache in
            if let cached = cache[configuration] { return .success(cached) }
            let made = Result { () throws(TransportError) in try makeServer(configuration) }
            if case .success(let context) = made { cache[configuration] = context }
            return made
        }
        return try result.get()
    }

    private static func makeClient(_ key: ClientKey) throws(TransportError) -> TLSContext {
        let context = try make(TLS_client_method())
        if let caFile = key.caFile {
            guard SSL_CTX_load_verify_locations(context.pointer, caFile, nil) == 1 else {
                throw setupError("cannot load CA file \(caFile)")
            }
        } else if key.verifyPeer {
            guard SSL_CTX_set_default_verify_paths(context.pointer) == 1 else {
                throw setupError("cannot load the system trust store")
            }
        }
        return context
    }

    private static func makeServer(_ configuration: TLSServerConfiguration) throws(TransportError) -> TLSContext {
        let context = try make(TLS_server_method())
        guard SSL_CTX_use_certificate_chain_file(context.pointer, configuration.certificateChainFile) == 1 else {
            throw setupError("cannot load certificate chain \(configuration.certificateChainFile)")
        }
        guard SSL_CTX_use_PrivateKey_file(context.pointer, configuration.privateKeyFile, SSL_FILETYPE_PEM) == 1 else {
            throw setupError("cannot load private key \(configuration.privateKeyFile)")
        }
        guard SSL_CTX_check_private_key(context.pointer) == 1 else {
            throw setupError("private key does not match the certificate")
        }
        return context
    }

    /// A context with the settings every MailProbe connection shares.
    private static func make(_ method: OpaquePointer?) throws(TransportError) -> TLSContext {
        ERR_clear_error()
        guard let pointer = SSL_CTX_new(method) else { throw setupError("SSL_CTX_new failed") }
        let context = TLSContext(pointer: pointer)
        _ = mailprobe_SSL_CTX_set_min_proto_version(pointer, TLS1_2_VERSION)
        // Idle connections hold no read/write buffers; writes may resume from a moved buffer.
        _ = mailprobe_SSL_CTX_set_mode(
            pointer,
            Int(SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
        )
        // Mail protocols frame their own data: a peer closing without close_notify is a plain EOF.
        _ = mailprobe_SSL_CTX_set_options(pointer, mailprobe_SSL_OP_IGNORE_UNEXPECTED_EOF())
        return context
    }

    private static func setupError(_ what: String) -> TransportError {
        TransportError(step: .tls, code: .tlsHandshakeFailed, message: "\(what): \(OpenSSLError.drain() ?? "unknown error")")
    }
}

/// Creates the OpenSSL client context for a configuration on a thread of its own,
/// so that it is ready, cached, when the handshake needs it.
///
/// Creating a context costs 1–2 ms (library and configuration set-up, the first
/// `SSL_CTX_new`, loading the CA file): started before connecting, it overlaps the
/// TCP connect and the server's greeting. Once the context is cached there is
/// nothing to do and no thread. Not on `BlockingPool`: a handshake must never queue
/// behind slow DNS lookups. Await ``wait()`` before `startTLS` (which then finds the
/// context without blocking) and before the session ends, so that no OpenSSL work
/// outlives its caller (OpenSSL's exit handler must not race it).
public final class TLSPreparation: Sendable {
    private let done = OneShot<Bool>()

    /// Starts creating (and caching) the client context for `configuration`.
    public init(_ configuration: TLSConfiguration) {
        guard !TLSContext.isCached(configuration) else {
            done.fulfil(true)
            return
        }
        let done = self.done
        let job: @Sendable () -> Void = {
            _ = try? TLSContext.client(configuration)
            done.fulfil(true)
        }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(JobBox(job)).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<JobBox>.fromOpaque(context!).takeRetainedValue().job()
            return nil
        }, context)
        if created == 0 {
            pthread_detach(thread)
        } else {
            // No thread: the handshake creates the context itself, as without preparation.
            Unmanaged<JobBox>.fromOpaque(context).release()
            done.fulfil(false)
        }
    }

    private final class JobBox: Sendable {
        let job: @Sendable () -> Void
        init(_ job: @escaping @Sendable () -> Void) { self.job = job }
    }

    /// Returns once the context is cached, or creating it failed (`startTLS` then says why).
    public func wait() async {
        _ = await done.wait(cancelled: false)
    }
}

/// Text of OpenSSL's thread-local error queue.
enum OpenSSLError {
    /// Pops every queued error; returns their reason texts joined, or nil when empty.
    static func drain() -> String? {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                var text = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &text, text.count)
                reasons.append(nulTerminated(text))
            }
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }
}
