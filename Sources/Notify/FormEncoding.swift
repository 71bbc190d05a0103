/// `application/x-www-form-urlencoded` (WHATWG URL §5.2): unreserved bytes as they are, space as `+`, the rest `%XX`.
enum FormEncoding {
    static func encode(_ fields: [(name: String, value: String)]) -> String {
        fields.map { "\(escape($0.name))=\(escape($0.value))" }.joined(separator: "&")
    }

    /// Percent-encodes every UTF-8 byte but `A-Z a-z 0-9 * - . _`; a space becomes `+`.
    static func escape(_ text: String) -> String {
        percentEncode(text, keeping: "*-._", spaceAsPlus: true)
    }

    /// Percent-encoding for a URL path segment or query value: unreserved bytes (RFC 3986 §2.3) kept, the rest `%XX`.
    static func escapeComponent(_ text: String) -> String {
        percentEncode(text, keeping: "-._~", spaceAsPlus: false)
    }

    /// Every UTF-8 byte as `%XX` but ASCII letters, digits and the bytes of `punctuation`.
    private static func percentEncode(_ text: String, keeping punctuation: StaticString, spaceAsPlus: Bool) -> String {
        let kept = punctuation.withUTF8Buffer { Set($0) }
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where kept.contains(byte):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " ") where spaceAsPlus:
                result += "+"
            default:
                result += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0x0F)
            }
        }
        return result
    }

    private static func hexDigit(_ value: UInt8) -> String {
        String(UnicodeScalar(value < 10 ? 0x30 + value : 0x41 + value - 10))
    }
}
