/// Something in a header block or a Received field that could not be read as written.
///
/// Parsing Received headers never fails: what could be read is kept and each
/// problem is one warning carrying the offending text (at most 64 bytes).
public struct ReceivedParseWarning: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The header block ran past ``ReceivedParserOptions/maxHeaderBlockBytes`` without an empty line.
        case headerBlockTruncated = "header_block_truncated"
        /// More Received fields than ``ReceivedParserOptions/maxReceivedFields``; the rest were ignored.
        case tooManyFields = "too_many_fields"
        /// A line in the header block that is neither a field nor a continuation.
        case notAHeaderLine = "not_a_header_line"
        /// A field longer than ``ReceivedParserOptions/maxFieldBytes``; the rest was dropped.
        case fieldTruncated = "field_truncated"
        /// More tokens than ``ReceivedParserOptions/maxTokens``; the rest were ignored.
        case tooManyTokens = "too_many_tokens"
        /// A `(` without its `)`, or the reverse.
        case unbalancedComment = "unbalanced_comment"
        /// A `<`, `[` or `"` without its closing partner.
        case unterminatedBracket = "unterminated_bracket"
        /// Text before the first clause that is not a comment.
        case unexpectedText = "unexpected_text"
        /// A clause given twice; the first one counts.
        case duplicateClause = "duplicate_clause"
        /// A clause keyword with no value.
        case emptyClause = "empty_clause"
        /// No `;` and date after the clauses.
        case missingDate = "missing_date"
        /// Text after the `;` that is not a date.
        case unreadableDate = "unreadable_date"
        /// The field is empty.
        case empty
    }

    public var kind: Kind
    /// The offending text, cut to 64 bytes.
    public var text: String

    public init(_ kind: Kind) {
        self.kind = kind
        self.text = ""
    }

    public init(_ kind: Kind, _ text: some StringProtocol) {
        self.kind = kind
        self.text = Self.excerpt(text)
    }

    public var description: String { text.isEmpty ? kind.rawValue : "\(kind.rawValue): \(text)" }

    static let maxExcerptBytes = 64

    static func excerpt(_ text: some StringProtocol) -> String {
        guard text.utf8.count > maxExcerptBytes else { return String(text) }
        var cut = ""
        for character in text {
            guard cut.utf8.count + String(character).utf8.count <= maxExcerptBytes - 3 else { break }
            cut.append(character)
        }
        return cut + "…"
    }
}
