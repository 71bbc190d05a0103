/// A command the client sends, before encoding.
///
///     C: A0003 SELECT INBOX (CONDSTORE)
///     C: A0004 UID FETCH 1:* (UID FLAGS)
///
/// ``IMAPCommandEncoder`` turns it into bytes with a tag. IDLE's `DONE` and
/// SASL responses are not commands: see ``IMAPCommandEncoder/idleDone`` and
/// ``IMAPCommandEncoder/authenticationResponse(_:)``. RFC 9051 §6.
public enum IMAPCommand: Hashable, Sendable {
    case capability
    case noop
    case logout
    case startTLS
    /// `ID (...)` (RFC 2971); `nil` sends `ID NIL`.
    case id([IMAPIDParameter]?)
    /// `ENABLE` (RFC 5161).
    case enable([IMAPCapability])
    case login(username: String, password: String)
    /// `AUTHENTICATE mechanism [initial-response]`; the response is raw bytes, base64-encoded by the encoder.
    case authenticate(mechanism: String, initialResponse: [UInt8]?)
    case select(IMAPMailboxName, condStore: Bool = false)
    case examine(IMAPMailboxName, condStore: Bool = false)
    /// `LIST reference pattern`; the pattern may hold `*` and `%`.
    case list(reference: String = "", pattern: String)
    case status(IMAPMailboxName, [IMAPStatusAttribute])
    case create(IMAPMailboxName)
    case delete(IMAPMailboxName)
    case rename(IMAPMailboxName, to: IMAPMailboxName)
    case append(IMAPMailboxName, flags: [IMAPFlag] = [], date: IMAPInternalDate? = nil, message: [UInt8])
    case uidSearch(IMAPSearchKey)
    case uidFetch(IMAPSequenceSet, [IMAPFetchItem], changedSince: UInt64? = nil)
    case uidStore(IMAPSequenceSet, IMAPStoreAction)
    /// `UID EXPUNGE` (UIDPLUS).
    case uidExpunge(IMAPSequenceSet)
    case expunge
    /// `UID COPY` (RFC 9051 §6.4.7).
    case uidCopy(IMAPSequenceSet, IMAPMailboxName)
    /// `UID MOVE` (RFC 6851).
    case uidMove(IMAPSequenceSet, IMAPMailboxName)
    case unselect
    case close
    case idle
}

/// A STATUS data item to ask for (RFC 9051 §6.3.11).
public enum IMAPStatusAttribute: String, Hashable, Sendable, CaseIterable {
    case messages = "MESSAGES"
    case uidNext = "UIDNEXT"
    case uidValidity = "UIDVALIDITY"
    case unseen = "UNSEEN"
    case recent = "RECENT"
    case deleted = "DELETED"
    case size = "SIZE"
    case highestModSeq = "HIGHESTMODSEQ"
}
