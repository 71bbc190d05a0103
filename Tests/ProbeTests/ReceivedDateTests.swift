import Probe
import Testing

@Suite("Received dates: RFC 5322 date-time with the obsolete forms")
struct ReceivedDateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var unix: Int64
        var offset: Int
        var known: Bool = true
        var testDescription: String { text }
    }

    /// 2024-11-25T09:00:00Z.
    static let nine: Int64 = 1_732_525_200

    static let valid: [Case] = [
        Case(text: "Mon, 25 Nov 2024 10:00:00 +0100 (CET)", unix: nine, offset: 60),
        Case(text: "25 Nov 2024 10:00:00 +0100", unix: nine, offset: 60),
        Case(text: "Mon, 25 Nov 2024 14:30:00 +0530", unix: nine, offset: 330),
        Case(text: "Mon, 25 Nov 2024 09:00:00 +0000", unix: nine, offset: 0),
        Case(text: "Mon, 25 Nov 2024 09:00:00 -0000", unix: nine, offset: 0, known: false),
        Case(text: "Mon, 25 Nov 2024 01:02:03 -0800 (PST)", unix: nine + 123, offset: -480),
        // Obsolete zone names (RFC 5322 §4.3).
        Case(text: "Mon, 25 Nov 2024 09:00:00 GMT", unix: nine, offset: 0),
        Case(text: "Mon, 25 Nov 2024 09:00:00 UT", unix: nine, offset: 0),
        Case(text: "Mon, 25 Nov 2024 09:00:00 UTC", unix: nine, offset: 0),
        Case(text: "Mon, 25 Nov 2024 04:00:00 EST", unix: nine, offset: -300),
        Case(text: "Mon, 25 Nov 2024 05:00:00 EDT", unix: nine, offset: -240),
        Case(text: "Mon, 25 Nov 2024 03:00:00 CST", unix: nine, offset: -360),
        Case(text: "Mon, 25 Nov 2024 04:00:00 CDT", unix: nine, offset: -300),
        Case(text: "Mon, 25 Nov 2024 02:00:00 MST", unix: nine, offset: -420),
        Case(text: "Mon, 25 Nov 2024 03:00:00 MDT", unix: nine, offset: -360),
        Case(text: "Mon, 25 Nov 2024 01:00:00 PST", unix: nine, offset: -480),
        Case(text: "Mon, 25 Nov 2024 02:00:00 PDT", unix: nine, offset: -420),
        Case(text: "mon, 25 nov 2024 01:00:00 pst", unix: nine, offset: -480),
        // Military: Z is UTC, the others are read as -0000 (RFC 5322 §4.3).
        Case(text: "Mon, 25 Nov 2024 09:00:00 Z", unix: nine, offset: 0),
        Case(text: "Mon, 25 Nov 2024 09:00:00 A", unix: nine, offset: 0, known: false),
        Case(text: "Mon, 25 Nov 2024 09:00:00 m", unix: nine, offset: 0, known: false),
        Case(text: "Mon, 25 Nov 2024 09:00:00 Y", unix: nine, offset: 0, known: false),
        Case(text: "Mon, 25 Nov 2024 09:00:00 CET", unix: nine, offset: 0, known: false),
        // A zone given only as a comment.
        Case(text: "Mon, 25 Nov 2024 09:00:00 (UTC)", unix: nine, offset: 0),
        Case(text: "Mon, 25 Nov 2024 01:00:00 (PST)", unix: nine, offset: -480),
        Case(text: "Mon, 25 Nov 2024 09:00:00", unix: nine, offset: 0, known: false),
        // Seconds optional, fractions ignored.
        Case(text: "Mon, 25 Nov 2024 09:00 +0000", unix: nine, offset: 0),
        Case(text: "25 Nov 2024 9:00 GMT", unix: nine, offset: 0),
        Case(text: "Mon, 25 Nov 2024 09:00:00.123 +0000", unix: nine, offset: 0),
        // Two- and three-digit years (RFC 5322 §4.3).
        Case(text: "Mon, 25 Nov 24 09:00:00 +0000", unix: nine, offset: 0),
        Case(text: "Fri, 31 Dec 99 23:59 GMT", unix: 946_684_740, offset: 0),
        Case(text: "1 Jan 49 00:00:00 +0000", unix: 2_493_072_000, offset: 0),
        Case(text: "1 Jan 50 00:00:00 +0000", unix: -631_152_000, offset: 0),
        Case(text: "1 Jan 070 00:00:00 +0000", unix: 0, offset: 0),
        // Layout.
        Case(text: "Mon,\r\n 25 Nov 2024\r\n\t09:00:00 +0000", unix: nine, offset: 0),
        Case(text: "Mon , 25 (day) Nov (month) 2024 09 : 00 : 00 +0000 (UTC)", unix: nine, offset: 0),
        Case(text: "Mon, 25 Nov 2024 09:00:00 +0000 (Coordinated (Universal) Time)", unix: nine, offset: 0),
        Case(text: "Monday, 25 November 2024 09:00:00 +0000", unix: nine, offset: 0),
        Case(text: "Mon 25 Nov 2024 09:00:00 +0000", unix: nine, offset: 0),
        Case(text: "Mon, 25-Nov-2024 09:00:00 +0000", unix: nine, offset: 0),
        Case(text: "Tue, 5 Nov 2024 09:00:00 +0000", unix: nine - 20 * 86_400, offset: 0),
        Case(text: "Thu, 29 Feb 2024 12:00:00 +0000", unix: 1_709_208_000, offset: 0),
        Case(text: "Mon, 25 Nov 2024 09:00:00 +0000 trailing words", unix: nine, offset: 0),
        // asctime, as some MTAs write it.
        Case(text: "Mon Nov 25 09:00:00 2024", unix: nine, offset: 0, known: false),
        Case(text: "Mon Nov 25 01:00:00 PST 2024", unix: nine, offset: -480),
    ]

    @Test(arguments: valid)
    func reads(_ expected: Case) throws {
        let date = try #require(ReceivedDate(expected.text))
        #expect(date.unixSeconds == expected.unix)
        #expect(date.utcOffsetMinutes == expected.offset)
        #expect(date.isZoneKnown == expected.known)
    }

    @Test(arguments: [
        "", "garbage", "Mon,", "25 Nov 2024", "25 Nov 2024 10", "25 Nov 2024 10:", "25 Nov 2024 10:5",
        "Mon, 32 Nov 2024 10:00:00 +0000", "Fri, 29 Feb 2023 10:00:00 +0000", "Sat, 31 Nov 2024 10:00:00 +0000",
        "0 Nov 2024 10:00:00 +0000", "25 Nov 2024 24:00:00 +0000", "25 Nov 2024 10:60:00 +0000", "25 Nov 2024 10:00:61 +0000",
        "25 Foo 2024 10:00:00 +0000", "25 Nov 10:00:00 +0000", "25 Nov 2024 10:00:00 +2500", "25 Nov 2024 10:00:00 +0160",
        "25 Nov 2024 10:00:00 +01", "25 Nov 2024 10:00:00 -", "25 Nov 1899 10:00:00 +0000", "25 Nov 20245 10:00:00 +0000",
        "2024-11-25T10:00:00Z", "99999999999 Nov 2024 10:00:00 +0000", "25 Nov 2024 10:00:00 +0000 @",
        "Mon, 25 Nov 2024 10:00:00 +0000 " + String(repeating: "x", count: 300),
    ])
    func rejects(_ text: String) {
        #expect(ReceivedDate(text) == nil)
    }

    @Test func componentsAndFormatting() throws {
        let date = try #require(ReceivedDate("Mon, 25 Nov 2024 01:02:03 -0800 (PST)"))
        #expect([date.year, date.month, date.day, date.hour, date.minute, date.second] == [2024, 11, 25, 1, 2, 3])
        #expect(date.iso8601 == "2024-11-25T01:02:03-08:00")
        #expect(date.iso8601UTC == "2024-11-25T09:02:03Z")
        #expect(ReceivedDate("Mon, 25 Nov 2024 14:30:00 +0530")?.iso8601 == "2024-11-25T14:30:00+05:30")
    }

    @Test(arguments: [Int64(0), -1, 86_399, 951_782_400, 1_732_525_323, -631_152_000, 4_102_444_800, 253_402_214_400])
    func unixSecondsRoundTrip(_ unix: Int64) throws {
        for offset in [0, 60, -480, 330, -59] {
            let date = ReceivedDate(unixSeconds: unix, utcOffsetMinutes: offset)
            let rebuilt = try #require(ReceivedDate(year: date.year, month: date.month, day: date.day, hour: date.hour,
                                                    minute: date.minute, second: date.second, utcOffsetMinutes: offset))
            #expect(rebuilt.unixSeconds == unix)
            #expect(ReceivedDate(rebuilt.iso8601) == nil, "ISO 8601 is not a mail date")
        }
    }
}
