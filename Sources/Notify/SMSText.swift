/// Measures text as an SMS does and fits a notice into one segment, keeping the run link whole.
///
/// GSM 03.38 (3GPP TS 23.038 §6.2.1): the 128-character basic set costs one septet each, the extension
/// table (`^ { } \ [ ~ ] | €` and form feed) two (an escape plus the character); one segment holds 160
/// septets. A single character outside both makes the whole message UCS-2: 70 UTF-16 units a segment.
public enum SMSText {
    /// How a message is encoded on the air.
    public enum Encoding: String, Sendable, Hashable {
        case gsm7
        case ucs2

        /// What one segment holds: 160 septets, or 70 UTF-16 units.
        public var segmentLimit: Int {
            switch self {
            case .gsm7: 160
            case .ucs2: 70
            }
        }
    }

    static let basicSet: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    static let extensionSet: Set<Character> = Set("\u{0C}^{}\\[~]|€")

    /// GSM-7 when every character is in the basic or extension set, else UCS-2.
    public static func encoding(of text: String) -> Encoding {
        text.allSatisfy { basicSet.contains($0) || extensionSet.contains($0) } ? .gsm7 : .ucs2
    }

    /// The length in the text's own encoding: septets for GSM-7, UTF-16 units for UCS-2.
    public static func length(of text: String) -> Int {
        length(of: text, in: encoding(of: text))
    }

    /// Whether the text goes out as a single segment.
    public static func fitsOneSegment(_ text: String) -> Bool {
        length(of: text) <= encoding(of: text).segmentLimit
    }

    /// `summary`, then the link on its own line, in one segment: when too long the summary is cut
    /// and ends in an ellipsis, the link always kept whole (dropped only when it alone does not fit).
    ///
    /// The ellipsis is `...` in GSM-7 text, since `…` (U+2026) is not in GSM-7 and would turn the
    /// message into UCS-2, cutting the segment from 160 to 70 characters; UCS-2 text gets `…`.
    public static func compose(summary: String, link: String?) -> String {
        let link = link.flatMap { $0.isEmpty ? nil : $0 }
        let whole = link.map { summary + "\n" + $0 } ?? summary
        let encoding = encoding(of: whole)
        let limit = encoding.segmentLimit
        if length(of: whole, in: encoding) <= limit { return whole }

        let ellipsis = encoding == .gsm7 ? "..." : "…"
        let tail = ellipsis + (link.map { "\n" + $0 } ?? "")
        if link != nil, length(of: tail, in: encoding) >= limit { return compose(summary: summary, link: nil) }
        var budget = limit - length(of: tail, in: encoding)
        var kept = ""
        for character in summary {
            let cost = self.cost(of: character, in: encoding)
            guard cost <= budget else { break }
            budget -= cost
            kept.append(character)
        }
        while let last = kept.last, last.isWhitespace { kept.removeLast() }
        return kept + tail
    }

    static func length(of text: String, in encoding: Encoding) -> Int {
        text.reduce(0) { $0 + cost(of: $1, in: encoding) }
    }

    static func cost(of character: Character, in encoding: Encoding) -> Int {
        switch encoding {
        case .gsm7: extensionSet.contains(character) ? 2 : 1
        case .ucs2: character.utf16.count
        }
    }
}
