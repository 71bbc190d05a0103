import Foundation
import MailCore
import Testing

@Suite("JSONString")
struct JSONStringTests {
    @Test(arguments: [
        ("", "\"\""),
        ("plain text", "\"plain text\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("C:\\dir\\", "\"C:\\\\dir\\\\\""),
        ("a\nb\rc\td", "\"a\\nb\\rc\\td\""),
        ("\u{0}\u{1}\u{1F}", "\"\\u0000\\u0001\\u001f\""),
        ("\u{8}\u{C}", "\"\\u0008\\u000c\""),
        ("/ stays, so does \u{7F}", "\"/ stays, so does \u{7F}\""),
        ("grüße 🚀 \u{2028}", "\"grüße 🚀 \u{2028}\""),
        ("{\"to\": \"{to}\"}", "\"{\\\"to\\\": \\\"{to}\\\"}\""),
    ])
    func quotes(text: String, expected: String) {
        #expect(JSONString.quoted(text) == expected)
        #expect(JSONString.escaped(text) == String(expected.dropFirst().dropLast()))
    }

    /// Every scalar below U+0080 survives a round trip through a real JSON parser.
    @Test func foundationParsesWhatItWrites() throws {
        let text = String(String.UnicodeScalarView((0..<0x80).map { Unicode.Scalar(UInt8($0)) })) + "é 🚀"
        let json = "[" + JSONString.quoted(text) + "]"
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        #expect(parsed == [text])
    }
}
