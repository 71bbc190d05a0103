/// What ``IMAPResponseParser/next(_:streamingLiteralsFrom:)`` found at the front of the buffer.
///
///     S: * 3 FETCH (UID 9 BODY[] {2000000}      -> .literalBegan(seq 3, UID 9, BODY[], 2000000 bytes)
///     S: ...16 KB of the message...             -> .literalBytes(16384 bytes, isLast: false)
///     S: ...the rest...                         -> ... .literalBytes(..., isLast: true)
///     S: )                                      -> .response(* 3 FETCH (UID 9 BODY[] ""))
///
/// A streamed literal's bytes are passed on once, as they arrive; the complete
/// response that follows carries the item with empty data.
public enum IMAPResponseEvent: Hashable, Sendable {
    /// A complete response.
    case response(IMAPResponse)
    /// A large FETCH literal starts; its bytes follow in ``literalBytes(_:isLast:)`` events.
    case literalBegan(IMAPStreamedLiteral)
    /// The next piece of the literal being streamed: a view of the input
    /// buffer's storage, valid until the buffer next grows (keeping it longer
    /// makes the buffer copy its storage, nothing worse).
    case literalBytes(ArraySlice<UInt8>, isLast: Bool)
}
