/// A SASL exchange that cannot continue.
///
///     C: AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm
///     S: 334 dW5leHBlY3RlZA==        -> SASLError(kind: .unexpectedChallenge, mechanism: .plain)
///
/// RFC 4422 §3.
public struct SASLError: Error, Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The server sent a challenge the mechanism does not expect at this step
        /// (a third LOGIN challenge, any challenge after PLAIN's response…).
        case unexpectedChallenge
        /// A challenge the mechanism needs is empty (CRAM-MD5).
        case emptyChallenge
        /// A challenge on the wire is not valid base64.
        case invalidBase64
    }

    public var kind: Kind
    public var mechanism: SASLMechanismName?
    /// How many challenges had been answered when the error occurred.
    public var step: Int

    public init(kind: Kind, mechanism: SASLMechanismName?, step: Int) {
        self.kind = kind
        self.mechanism = mechanism
        self.step = step
    }
}

extension SASLError: CustomStringConvertible {
    public var description: String {
        let name = mechanism.map { "\($0.rawValue) " } ?? ""
        switch kind {
        case .unexpectedChallenge: return "\(name)unexpected challenge after \(step) response(s)"
        case .emptyChallenge: return "\(name)empty challenge"
        case .invalidBase64: return "\(name)challenge is not valid base64"
        }
    }
}
