/// Denial-of-service limits for ``IMAPFramer`` and ``IMAPResponseParser``.
///
/// Every limit is checked before the bytes it guards are buffered or
/// allocated: a hostile literal header such as
///
///     S: * 1 FETCH (BODY[] {99999999999}
///
/// fails as soon as its line end arrives, and a line that never ends fails
/// once it is longer than ``maxLineLength``.
public struct IMAPParserOptions: Hashable, Sendable {
    /// The longest line accepted, excluding its line end and any literal data.
    public var maxLineLength: Int
    /// The largest literal (`{n}`, `{n+}`, `~{n}`) accepted.
    public var maxLiteralSize: Int
    /// The largest response accepted: every line and literal of it together.
    public var maxResponseSize: Int
    /// The deepest nesting of parenthesised lists accepted (BODYSTRUCTURE nests).
    public var maxNestingDepth: Int
    /// The largest FETCH literal accepted when literals are streamed rather
    /// than buffered (``IMAPResponseParser/next(_:streamingLiteralsFrom:)``):
    /// it is never held in memory whole, so it may exceed ``maxLiteralSize``.
    public var maxStreamedLiteralSize: Int

    public init(
        maxLineLength: Int = 64 * 1024,
        maxLiteralSize: Int = 64 * 1024 * 1024,
        maxResponseSize: Int = 80 * 1024 * 1024,
        maxNestingDepth: Int = 64,
        maxStreamedLiteralSize: Int = Int(clamping: UInt64(4) << 30)
    ) {
        precondition(maxLineLength >= 16 && maxLiteralSize >= 0 && maxResponseSize >= maxLineLength && maxNestingDepth >= 1
                     && maxStreamedLiteralSize >= 0, "limits too small for any IMAP response")
        self.maxLineLength = maxLineLength
        self.maxLiteralSize = maxLiteralSize
        self.maxResponseSize = maxResponseSize
        self.maxNestingDepth = maxNestingDepth
        self.maxStreamedLiteralSize = maxStreamedLiteralSize
    }
}
