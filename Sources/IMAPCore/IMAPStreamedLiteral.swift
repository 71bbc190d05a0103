/// A FETCH literal that is passed on in pieces as it arrives instead of being buffered whole.
///
///     S: * 3 FETCH (UID 9 FLAGS (\Seen) BODY[] {2000000}
///
/// is the literal of `BODY[]` of message 3 (UID 9), 2,000,000 bytes long.
/// What is known comes from the response before the literal: the UID only
/// when the server sent it earlier in the response (Dovecot, Cyrus, Gmail and
/// Microsoft 365 put it first).
public struct IMAPStreamedLiteral: Hashable, Sendable {
    /// The message sequence number of the FETCH response.
    public var sequenceNumber: UInt32
    /// The message's UID, when it came before the literal.
    public var uid: UInt32?
    /// The item whose value the literal is (`.body`, `.binary`, `.rfc822`, ...,
    /// with empty data); `nil` when the literal is inside a structure (an
    /// ENVELOPE field) or the response before it does not parse.
    public var attribute: IMAPFetchAttribute?
    /// The literal's size in bytes, as announced.
    public var size: Int

    public init(sequenceNumber: UInt32, uid: UInt32?, attribute: IMAPFetchAttribute?, size: Int) {
        self.sequenceNumber = sequenceNumber
        self.uid = uid
        self.attribute = attribute
        self.size = size
    }
}
