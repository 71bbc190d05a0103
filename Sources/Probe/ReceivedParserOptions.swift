/// Limits that keep reading Received headers bounded on hostile input, and what counts as implausible.
public struct ReceivedParserOptions: Hashable, Sendable {
    /// Bytes of a message scanned for its header block (default 1 MiB).
    public var maxHeaderBlockBytes: Int
    /// Bytes kept of one unfolded field; the rest is dropped with a warning (default 8 KiB).
    public var maxFieldBytes: Int
    /// Received fields read from one message; more are ignored with a warning (default 100,
    /// the hop count at which RFC 5321 §6.3 lets a server declare a mail loop).
    public var maxReceivedFields: Int
    /// Tokens (words and comments) read from one field (default 256).
    public var maxTokens: Int
    /// A hop delay above this is flagged as implausible rather than reported (default 7 days).
    public var implausibleDelaySeconds: Int64

    public init(maxHeaderBlockBytes: Int = 1 << 20, maxFieldBytes: Int = 8192, maxReceivedFields: Int = 100,
                maxTokens: Int = 256, implausibleDelaySeconds: Int64 = 7 * 86_400) {
        self.maxHeaderBlockBytes = maxHeaderBlockBytes
        self.maxFieldBytes = maxFieldBytes
        self.maxReceivedFields = maxReceivedFields
        self.maxTokens = maxTokens
        self.implausibleDelaySeconds = implausibleDelaySeconds
    }
}
