@testable import Notify
import Testing

/// GSM-7 and UCS-2 measurement, and fitting a summary and its link into one segment.
@Suite struct SMSTextTests {
    struct Measure: Sendable, CustomTestStringConvertible {
        var text: String
        var encoding: SMSText.Encoding
        var length: Int
        var testDescription: String { "\(encoding) \(length): \(text.prefix(20))" }
    }

    @Test(arguments: [
        Measure(text: "", encoding: .gsm7, length: 0),
        Measure(text: "CRITICAL corp", encoding: .gsm7, length: 13),
        Measure(text: "Müller@Straße £5 ¿é?", encoding: .gsm7, length: 20),
        Measure(text: "a{b}", encoding: .gsm7, length: 6),
        Measure(text: "€ [x] ~ | \\ ^", encoding: .gsm7, length: 20),
        Measure(text: "Zażółć", encoding: .ucs2, length: 6),
        Measure(text: "ok 🙂", encoding: .ucs2, length: 5),
        Measure(text: "50… done", encoding: .ucs2, length: 8),
    ])
    func measures(_ row: Measure) {
        #expect(SMSText.encoding(of: row.text) == row.encoding)
        #expect(SMSText.length(of: row.text) == row.length)
    }

    @Test func fitsUnchangedWhenShort() {
        let text = SMSText.compose(summary: "WARNING probe: slow", link: "https://x.example/runs/1")
        #expect(text == "WARNING probe: slow\nhttps://x.example/runs/1")
    }

    @Test func exactly160SeptetsIsNotCut() {
        let summary = String(repeating: "a", count: 160)
        #expect(SMSText.compose(summary: summary, link: nil) == summary)
        #expect(SMSText.compose(summary: summary + "b", link: nil) == String(repeating: "a", count: 157) + "...")
    }

    @Test func cutsTheSummaryAndKeepsTheLinkWhole() {
        let link = "https://mailprobe.example/runs/123456"
        let text = SMSText.compose(summary: String(repeating: "word ", count: 60), link: link)
        #expect(text.hasSuffix("...\n" + link))
        #expect(SMSText.encoding(of: text) == .gsm7)
        #expect(SMSText.length(of: text) == 160)
    }

    @Test func extensionCharactersCountTwice() {
        // 79 braces = 158 septets; with "..." the budget is 157, so 78 braces fit.
        let text = SMSText.compose(summary: String(repeating: "{", count: 81), link: nil)
        #expect(text == String(repeating: "{", count: 78) + "...")
        #expect(SMSText.length(of: text) == 159)
    }

    @Test func ucs2CutsAtSeventyWithAnEllipsis() {
        let link = "https://m.example/r/9"
        let summary = "Пробa: " + String(repeating: "ж", count: 100)
        let text = SMSText.compose(summary: summary, link: link)
        #expect(SMSText.encoding(of: text) == .ucs2)
        #expect(SMSText.length(of: text) == 70)
        #expect(text.hasSuffix("…\n" + link))
    }

    @Test func neverSplitsASurrogatePair() {
        let text = SMSText.compose(summary: String(repeating: "🙂", count: 40), link: nil)
        #expect(text == String(repeating: "🙂", count: 34) + "…")
        #expect(SMSText.length(of: text) == 69)
    }

    @Test func dropsALinkThatCannotFitWithAnySummary() {
        let link = "https://x.example/" + String(repeating: "p", count: 170)
        let text = SMSText.compose(summary: "CRITICAL probe down", link: link)
        #expect(text == "CRITICAL probe down")
        let long = SMSText.compose(summary: String(repeating: "x", count: 200), link: link)
        #expect(long == String(repeating: "x", count: 157) + "...")
    }
}

/// Form encoding, as Twilio reads it.
@Suite struct FormEncodingTests {
    @Test(arguments: [
        ("+4915112345678", "%2B4915112345678"),
        ("a b&c=d", "a+b%26c%3Dd"),
        ("Zoë €", "Zo%C3%AB+%E2%82%AC"),
        ("A-Z_a.z*0~", "A-Z_a.z*0%7E"),
    ])
    func escapes(_ input: String, _ expected: String) {
        #expect(FormEncoding.escape(input) == expected)
    }

    /// A URL path segment or query value (RFC 3986 §2.3): `~` kept, `*` and space encoded.
    @Test(arguments: [
        ("AC0123abc", "AC0123abc"),
        ("+49 151/12?x=1&y", "%2B49%20151%2F12%3Fx%3D1%26y"),
        ("Zoë €", "Zo%C3%AB%20%E2%82%AC"),
        ("A-Z_a.z*0~", "A-Z_a.z%2A0~"),
    ])
    func escapesComponents(_ input: String, _ expected: String) {
        #expect(FormEncoding.escapeComponent(input) == expected)
    }
}
