// Character classes of RFC 9051 §9.

extension UInt8 {
    static let sp = UInt8(ascii: " ")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let openParen = UInt8(ascii: "(")
    static let closeParen = UInt8(ascii: ")")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")

    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    // CTL = %x00-1F / %x7F
    var isControl: Bool { self < 0x20 || self == 0x7F }

    // ATOM-CHAR    = <any CHAR except atom-specials>
    // atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials
    /// Also accepts 8-bit bytes, which servers with UTF8=ACCEPT put in atoms.
    var isAtomChar: Bool {
        switch self {
        case .openParen, .closeParen, .openBrace, .sp, .quote, .backslash, .closeBracket,
             UInt8(ascii: "%"), UInt8(ascii: "*"):
            return false
        default:
            return !isControl
        }
    }

    // ASTRING-CHAR = ATOM-CHAR / resp-specials
    var isAStringChar: Bool { isAtomChar || self == .closeBracket }

    /// ASCII upper-casing.
    var uppercased: UInt8 { self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z") ? self - 0x20 : self }
}

extension String {
    /// Decodes bytes as UTF-8, replacing invalid sequences.
    init(imapBytes bytes: some Collection<UInt8>) {
        self.init(decoding: bytes, as: UTF8.self)
    }
}
