/// A command that cannot be encoded safely.
///
///     C: A0001 LOGIN alice "secret"      ; fine: a password with CR/LF would go as a literal
///     tag "A1\r\nA2" -> IMAPCommandEncodingError(kind: .invalidTag, argument: "tag")
///
/// Messages never quote passwords, SASL payloads or message bodies. RFC 9051 §4.
public struct IMAPCommandEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A tag that is empty or holds a byte other than ASTRING-CHAR (or holds `+`).
        case invalidTag
        /// An argument that must be an atom (mechanism, flag, keyword, fetch item) holds a forbidden byte.
        case invalidAtom
        /// NUL in an argument: no IMAP string (quoted or literal) can carry it.
        case nulByte
        /// CR or LF in raw text inserted verbatim (raw search criteria).
        case lineBreak
        /// An empty list where the grammar needs at least one element.
        case emptyList
    }

    public var kind: Kind
    /// Which argument, e.g. `tag`, `password`, `flag`.
    public var argument: String

    public init(kind: Kind, argument: String) {
        self.kind = kind
        self.argument = argument
    }

    public var description: String {
        "cannot encode IMAP command (\(kind)): \(argument)"
    }
}
