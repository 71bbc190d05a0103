/// A reply from an SMTP server that violates RFC 5321 §4.2 or a parser limit.
///
/// Carries the offending bytes (at most ``maximumRetainedBytes``) so that a
/// failure can be reported and investigated without a packet capture.
///
///     S: 1xx Hello   -> SMTPParseError(kind: .positivePreliminaryCode, bytes: "1xx Hello")
public struct SMTPParseError: Error, Hashable, Sendable {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// A line (or an incomplete line) is longer than ``SMTPReplyParser/Options/maxLineLength``.
        case lineTooLong
        /// A reply has more lines than ``SMTPReplyParser/Options/maxLines``.
        case tooManyLines
        /// A line does not start with a three-digit reply code in the range 200-599.
        case invalidReplyCode
        /// The reply code is followed by something other than `-`, SP or the line end.
        case invalidSeparator
        /// A continuation line carries a different code from the first line.
        case replyCodeChanged
        /// A 1yz code: RFC 5321 §4.2.1 defines none, so a client never expects one.
        case positivePreliminaryCode
        /// NUL, a bare CR or another control byte other than TAB inside a line.
        case controlCharacter
    }

    /// The number of offending bytes kept in ``bytes``.
    public static let maximumRetainedBytes = 256

    public var kind: Kind
    /// The offending line (or the start of it), truncated to ``maximumRetainedBytes``.
    public var bytes: [UInt8]

    public init(kind: Kind, bytes: some Collection<UInt8>) {
        self.kind = kind
        self.bytes = Array(bytes.prefix(Self.maximumRetainedBytes))
    }
}

extension SMTPParseError: CustomStringConvertible {
    public var description: String {
        "invalid SMTP reply (\(kind)): \"\(Self.escape(bytes))\""
    }

    /// Renders bytes as printable ASCII, escaping everything else (`\r`, `\n`, `\t`, `\xNN`).
    static func escape(_ bytes: some Sequence<UInt8>) -> String {
        var result = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\r"): result += "\\r"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\t"): result += "\\t"
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "\""): result += "\\\""
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result += "\\x"
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
