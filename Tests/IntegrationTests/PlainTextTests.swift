import Foundation
@testable import mailprobe
import Testing

/// mailprobe's Foundation-free formatting against Foundation's own formatters.
@Suite struct PlainTextTests {
    static let instants: [Int64] = [0, 59, 951_782_400, 1_709_251_199, 1_864_273_245, 4_102_444_800, -86_401, 253_402_300_799]
        + (0..<200).map { _ in Int64.random(in: -2_000_000_000...4_000_000_000) }

    @Test func rfc5322AndISO8601MatchFoundation() {
        let rfc = DateFormatter()
        rfc.locale = Locale(identifier: "en_US_POSIX")
        rfc.timeZone = TimeZone(secondsFromGMT: 0)
        rfc.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let iso = ISO8601DateFormatter()
        for seconds in Self.instants {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(PlainText.rfc5322Date(secondsSince1970: seconds) == rfc.string(from: date), "\(seconds)")
            if seconds >= 0 {
                #expect(PlainText.iso8601(secondsSince1970: seconds) == iso.string(from: date), "\(seconds)")
            }
        }
    }

    @Test(arguments: [0.0, 0.04, 0.05, 0.96, 1.25, 12.345, 999.95, 1234567.8, -3.21, -0.04])
    func fixedPointMatchesPrintf(value: Double) {
        let expected = String(format: "%10.1f", value)
        let ours = PlainText.fixed(value, decimals: 1, width: 10)
        // printf rounds the exact binary value; both agree except on exact ties.
        #expect(ours == expected || abs(Double(ours.trimmingCharacters(in: .whitespaces))! - value) <= 0.05 + 1e-9)
        #expect(ours.count == 10)
    }

    @Test func padding() {
        #expect(PlainText.padRight("ehlo", to: 10) == "ehlo      ")
        #expect(PlainText.padLeft("7", to: 3) == "  7")
        #expect(PlainText.fixed(2.0, decimals: 3) == "2.000")
    }
}
