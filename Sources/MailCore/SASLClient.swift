/// The client side of a SASL exchange (RFC 4422), as a value: no I/O.
///
///     C: AUTH LOGIN
///     S: 334 VXNlcm5hbWU6                 respond(toChallenge: "Username:") -> "tim"
///     C: dGlt
///     S: 334 UGFzc3dvcmQ6                 respond(toChallenge: "Password:") -> "tanstaaftanstaaf"
///     C: dGFuc3RhYWZ0YW5zdGFhZg==
///     S: 235 2.7.0 Authentication successful
///
/// Challenges and responses are raw bytes; base64 on the wire is the protocol
/// layer's job (``decodeChallenge(_:)`` and ``encodeResponse(_:)`` help).
/// Used by SMTP AUTH (RFC 4954) and IMAP AUTHENTICATE (RFC 9051 §6.2.2).
///
/// Mechanisms with an initial response (PLAIN, XOAUTH2, OAUTHBEARER) also
/// answer an empty first challenge with it, for a server or protocol that
/// does not take initial responses (RFC 4954 §4).
public struct SASLClient: Sendable, Hashable {
    public let mechanism: SASLMechanismName
    private let credentials: SASLCredentials
    private let host: String?
    private let port: Int?
    /// Number of challenges answered so far.
    public private(set) var step = 0
    /// The error the server reported in a challenge (XOAUTH2, OAUTHBEARER:
    /// JSON such as `{"status":"400","schemes":"Bearer","scope":"..."}`);
    /// the server's final reply follows.
    public private(set) var serverErrorDetail: String?

    /// - Parameters:
    ///   - host, port: the server, for OAUTHBEARER's `host=` and `port=` (RFC 7628 §3.1);
    ///     omitted when `nil`, empty or 0.
    public init(mechanism: SASLMechanismName, credentials: SASLCredentials, host: String? = nil, port: Int? = nil) {
        self.mechanism = mechanism
        self.credentials = credentials
        self.host = host.flatMap { $0.isEmpty ? nil : $0 }
        self.port = port.flatMap { $0 == 0 ? nil : $0 }
    }

    /// The response sent with the command (`AUTH PLAIN <base64>`); `nil` for
    /// LOGIN and CRAM-MD5, which wait for the server's first challenge.
    public var initialResponse: [UInt8]? {
        switch mechanism {
        case .plain: plainMessage
        case .xoauth2: xoauth2Message
        case .oauthBearer: oauthBearerMessage
        case .login, .cramMD5: nil
        }
    }

    /// Answers the server's next challenge (already base64-decoded).
    public mutating func respond(toChallenge challenge: [UInt8]) throws(SASLError) -> [UInt8] {
        let step = self.step
        func unexpected() -> SASLError { SASLError(kind: .unexpectedChallenge, mechanism: mechanism, step: step) }
        let response: [UInt8]
        switch mechanism {
        case .plain:
            // RFC 4954 §4: an empty challenge asks for the initial response.
            guard step == 0, challenge.isEmpty else { throw unexpected() }
            response = plainMessage
        case .login:
            // Any challenge text ("Username:", "VXNlcm5hbWU6" decoded, or none) will do.
            switch step {
            case 0: response = Array(credentials.user.utf8)
            case 1: response = Array(credentials.secret.utf8)
            default: throw unexpected()
            }
        case .cramMD5:
            guard step == 0 else { throw unexpected() }
            guard !challenge.isEmpty else {
                throw SASLError(kind: .emptyChallenge, mechanism: mechanism, step: step)
            }
            // RFC 2195 §2: user SP hex(HMAC-MD5(password, challenge))
            let digest = HMAC.md5(key: Array(credentials.secret.utf8), message: challenge)
            response = Array("\(credentials.user) \(digest.hexString)".utf8)
        case .xoauth2, .oauthBearer:
            if step == 0 && challenge.isEmpty {
                response = mechanism == .xoauth2 ? xoauth2Message : oauthBearerMessage
            } else if serverErrorDetail == nil && !challenge.isEmpty {
                // The token was refused: the challenge is a JSON error. Answer so that the
                // server sends its final failure reply: XOAUTH2 expects an empty response,
                // OAUTHBEARER a single %x01 (RFC 7628 §3.2.3).
                serverErrorDetail = String(decoding: challenge, as: UTF8.self)
                response = mechanism == .xoauth2 ? [] : [0x01]
            } else {
                throw unexpected()
            }
        }
        self.step += 1
        return response
    }

    // message = [authzid] UTF8NUL authcid UTF8NUL passwd   (RFC 4616 §2)
    private var plainMessage: [UInt8] {
        Array((credentials.authorizationID ?? "").utf8) + [0] + Array(credentials.user.utf8) + [0]
            + Array(credentials.secret.utf8)
    }

    // "user=" user ^A "auth=Bearer " token ^A ^A
    private var xoauth2Message: [UInt8] {
        Array("user=\(credentials.user)\u{1}auth=Bearer \(credentials.secret)\u{1}\u{1}".utf8)
    }

    // client-resp = (gs2-header kvsep *kvpair kvsep) / kvsep   (RFC 7628 §3.1)
    // gs2-header  = gs2-cb-flag "," [ "a=" saslname ] ","
    // kvpair      = key "=" value kvsep
    private var oauthBearerMessage: [UInt8] {
        let authzid = credentials.authorizationID ?? credentials.user
        var message = "n,a=\(Self.saslName(authzid)),\u{1}"
        if let host { message += "host=\(host)\u{1}" }
        if let port { message += "port=\(port)\u{1}" }
        message += "auth=Bearer \(credentials.secret)\u{1}\u{1}"
        return Array(message.utf8)
    }

    /// RFC 5801 §4: "," and "=" in a saslname are written "=2C" and "=3D".
    private static func saslName(_ name: String) -> String {
        var result = ""
        for character in name {
            switch character {
            case ",": result += "=2C"
            case "=": result += "=3D"
            default: result.append(character)
            }
        }
        return result
    }
}

extension SASLClient {
    /// Decodes a challenge as sent on the wire (the text after `334 ` in SMTP,
    /// after `+ ` in IMAP); surrounding spaces are ignored, empty text is an empty challenge.
    public static func decodeChallenge(_ text: some StringProtocol) throws(SASLError) -> [UInt8] {
        var text = Substring(text)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        if text.isEmpty || text == "=" { return [] }
        guard let bytes = Base64.decode(text) else {
            throw SASLError(kind: .invalidBase64, mechanism: nil, step: 0)
        }
        return bytes
    }

    /// Encodes a response for the wire.
    public static func encodeResponse(_ response: [UInt8]) -> String {
        Base64.encode(response)
    }
}

extension SASLClient: CustomStringConvertible, CustomDebugStringConvertible {
    /// `SASLClient(PLAIN, user: tim, step: 0)`: never the secret or a response.
    public var description: String {
        "SASLClient(\(mechanism.rawValue), user: \(credentials.user), step: \(step))"
    }

    public var debugDescription: String { description }
}
