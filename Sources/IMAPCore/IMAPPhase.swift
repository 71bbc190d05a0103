/// A timed step of an IMAP session, named as MailProbe reports it.
///
/// `dns`, `connect` and `tls` belong to the transport; `starttls` covers the
/// command and the handshake after it; `fetch_first_byte` runs from the UID
/// FETCH command to the first byte of its answer, `fetch` to its completion.
public enum IMAPPhase: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case dns
    case connect
    case tls
    case greeting
    case starttls
    case capability
    case id
    case enable
    case auth
    case select
    case examine
    case list
    case status
    case create
    case delete
    case rename
    case append
    case search
    case fetchFirstByte = "fetch_first_byte"
    case fetch
    case store
    case expunge
    case copy
    case move
    case unselect
    case noop
    case idle
    case logout

    public var description: String { rawValue }
}
