import IMAPCore

/// A piece of a large FETCH literal, handed to the sink of
/// ``IMAPConnection/uidFetch(_:_:streamingLiteralsFrom:to:)`` as it arrives.
///
///     S: * 3 FETCH (UID 9 BODY[] {2000000}
///     S: <16,384 bytes>          -> chunk offset 0
///     S: <16,384 bytes>          -> chunk offset 16384 ...
public struct IMAPLiteralChunk: Hashable, Sendable {
    /// The message and item the literal belongs to, and its size.
    public var literal: IMAPStreamedLiteral
    /// Where ``bytes`` start in the literal.
    public var offset: Int
    /// The bytes: a view of the connection's input buffer, to be consumed (written,
    /// hashed) rather than kept; keeping it makes the buffer copy its storage.
    public var bytes: ArraySlice<UInt8>

    public init(literal: IMAPStreamedLiteral, offset: Int, bytes: ArraySlice<UInt8>) {
        self.literal = literal
        self.offset = offset
        self.bytes = bytes
    }

    /// Whether this is the literal's last piece.
    public var isLast: Bool { offset + bytes.count == literal.size }
}
