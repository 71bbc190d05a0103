/// One complete response from an IMAP server.
///
///     S: * OK [CAPABILITY IMAP4rev1 IDLE] Dovecot ready.   -> .greeting
///     S: * 4 EXISTS                                         -> .untagged(.exists(4))
///     S: + Ready for literal data                           -> .continuation
///     S: A001 OK LOGIN completed                            -> .tagged
///
/// A response that was framed completely but does not follow the grammar is
/// ``malformed(_:raw:)``: its bytes are consumed, and the session can go on.
/// RFC 9051 §7.
public enum IMAPResponse: Hashable, Sendable {
    /// The first response of a connection: `* OK`, `* PREAUTH` or `* BYE` (RFC 9051 §7.1).
    case greeting(IMAPStatusResponse)
    case untagged(IMAPUntaggedResponse)
    case tagged(IMAPTaggedResponse)
    case continuation(IMAPContinuationRequest)
    /// A complete response that could not be parsed: why, and its bytes.
    case malformed(IMAPParseError, raw: [UInt8])
}
