import MailCore

/// The server's invitation to send the rest of a command.
///
///     S: + Ready for literal data
///     S: + YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=
///
/// After AUTHENTICATE the text is a base64 challenge (``decodedChallenge``);
/// otherwise it is human-readable. RFC 9051 §7.6 (`continue-req`).
public struct IMAPContinuationRequest: Hashable, Sendable {
    /// The text after `+ ` (possibly empty).
    public var text: String

    public init(text: String) {
        self.text = text
    }

    /// The text decoded as a base64 SASL challenge; `nil` when it is not valid base64.
    /// An empty text is an empty challenge.
    public var decodedChallenge: [UInt8]? {
        text.isEmpty ? [] : Base64.decode(text)
    }

    // continue-req = "+" SP (resp-text / base64) CRLF
    /// Lenient: `+` alone on a line is an empty continuation.
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPContinuationRequest {
        try cursor.expect(UInt8(ascii: "+"), "\"+\"")
        _ = cursor.skip(.sp)
        return IMAPContinuationRequest(text: String(imapBytes: cursor.rest))
    }
}
