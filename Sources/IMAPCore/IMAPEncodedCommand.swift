/// A command's bytes, split where the client must wait for the server's `+`.
///
///     C: A0001 LOGIN alice {11}        <- segment 0
///     S: + Ready for literal data
///     C: pa ss"word                    <- segment 1
///
/// Send ``segments``[0] at once and each later segment after a continuation
/// request; with LITERAL+ there is a single segment. ``redactedDescription``
/// is safe for traces: `A0001 LOGIN alice ****`.
public struct IMAPEncodedCommand: Hashable, Sendable, CustomStringConvertible {
    public var tag: IMAPTag
    public var segments: [[UInt8]]
    /// The command without CRLF, passwords and SASL payloads as `****`, literals as `{N bytes}`.
    public var redactedDescription: String

    public init(tag: IMAPTag, segments: [[UInt8]], redactedDescription: String) {
        self.tag = tag
        self.segments = segments
        self.redactedDescription = redactedDescription
    }

    /// Every segment, concatenated.
    public var bytes: [UInt8] { Array(segments.joined()) }

    /// Whether the client must wait for continuations while sending.
    public var needsContinuation: Bool { segments.count > 1 }

    public var description: String { redactedDescription }
}
