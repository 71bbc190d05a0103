/// A response from an IMAP server that violates RFC 3501 / RFC 9051 §9 or a parser limit.
///
/// Carries the offending bytes (at most ``maximumRetainedBytes``) and, for
/// syntax errors, what the parser expected at which offset:
///
///     S: * 1 FETCH (UID x)
///     -> IMAPParseError(kind: .syntax, detail: "expected a number", offset: 14, bytes: "* 1 FETCH (UID x)")
public struct IMAPParseError: Error, Hashable, Sendable {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// A line (excluding literals) is longer than ``IMAPParserOptions/maxLineLength``.
        case lineTooLong
        /// A literal header announces more than ``IMAPParserOptions/maxLiteralSize`` bytes.
        case literalTooLarge
        /// A response is larger than ``IMAPParserOptions/maxResponseSize``.
        case responseTooLarge
        /// Lists nest deeper than ``IMAPParserOptions/maxNestingDepth``.
        case nestingTooDeep
        /// The bytes cannot start any response (`*`, `+` or a tag): binary garbage, a TLS record.
        case invalidResponseStart
        /// A NUL byte outside a literal.
        case nulByte
        /// The first response is not `* OK`, `* PREAUTH` or `* BYE` (RFC 9051 §7.1).
        case invalidGreeting
        /// A complete response that does not follow the grammar; ``detail`` says what was expected.
        case syntax
    }

    /// The number of offending bytes kept in ``bytes``.
    public static let maximumRetainedBytes = 256

    public var kind: Kind
    /// What was expected, for ``Kind/syntax``; a short explanation otherwise.
    public var detail: String
    /// Offset into ``bytes``' response where the problem was found, when known.
    public var offset: Int?
    /// The offending response (or its start), truncated to ``maximumRetainedBytes``.
    public var bytes: [UInt8]

    public init(kind: Kind, detail: String = "", offset: Int? = nil, bytes: some Collection<UInt8>) {
        self.kind = kind
        self.detail = detail
        self.offset = offset
        self.bytes = Array(bytes.prefix(Self.maximumRetainedBytes))
    }
}

extension IMAPParseError: CustomStringConvertible {
    /// `invalid IMAP response (syntax: expected a number at offset 14): "* 1 FETCH (UID x)\r\n"`.
    public var description: String {
        var what = "\(kind)"
        if !detail.isEmpty { what += ": \(detail)" }
        if let offset { what += " at offset \(offset)" }
        return "invalid IMAP response (\(what)): \"\(Self.escape(bytes))\""
    }

    /// Renders bytes as printable ASCII, escaping everything else (`\r`, `\n`, `\t`, `\xNN`).
    public static func escape(_ bytes: some Sequence<UInt8>) -> String {
        var result = ""
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\r"): result += "\\r"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\t"): result += "\\t"
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "\""): result += "\\\""
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "\\x"
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
