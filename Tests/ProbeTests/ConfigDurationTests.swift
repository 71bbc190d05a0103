import Testing

@testable import Probe

/// The one duration grammar of flags and config, and the config's instants.
@Suite("Config durations and timestamps")
struct ConfigDurationTests {
    // MARK: - Durations

    static let parseCases: [(String, Duration)] = [
        ("250ms", .milliseconds(250)), ("90s", .seconds(90)), ("1m30s", .seconds(90)), ("5m", .seconds(300)),
        ("1h", .seconds(3600)), ("30d", .seconds(30 * 86_400)), ("90", .seconds(90)), ("2.5", .milliseconds(2500)),
        ("0.25s", .milliseconds(250)), ("1.5ms", .microseconds(1500)), ("0.5d", .seconds(12 * 3600)), ("1d12h", .seconds(36 * 3600)),
        ("1h30m15s250ms", .milliseconds(5_415_250)), ("1.123456789ms", .nanoseconds(1_123_456)), ("0.999999999d", .nanoseconds(86_399_999_913_600)),
        ("999999999ms", .milliseconds(999_999_999)), ("3650d", .seconds(3650 * 86_400)), ("0", .zero), ("0s", .zero),
    ]

    @Test(arguments: parseCases)
    func parses(text: String, expected: Duration) {
        #expect(ConfigDuration.parse(text) == expected)
    }

    @Test(arguments: [
        "", " 5s", "5s ", "30 s", "1m 30s", "-1s", "+1s", "1.s", ".5s", "s", "ms", "1e3s", "1w", "1y", "5M", "1S", "1m30",
        "1,5s", "1h-5m", "1.5.5s", "١s", "5ｓ", "1.0000000001s", "1000000000s", "99999999999h",
        // Longer than the longest duration (3650 days), or sums that would overflow 64 bits.
        "3651d", "3650d1ms", "87601h", "3000d106751d", "106751.999999999d", "3000d3000d", "999999999d",
    ])
    func rejects(text: String) {
        #expect(ConfigDuration.parse(text) == nil)
    }

    static let formatCases: [(Duration, String)] = [
        (.seconds(30), "30s"), (.seconds(300), "5m"), (.seconds(90), "1m30s"), (.milliseconds(250), "250ms"),
        (.seconds(30 * 86_400), "30d"), (.seconds(7 * 86_400), "7d"), (.seconds(3600), "1h"), (.seconds(9000), "2h30m"),
        (.seconds(36 * 3600), "36h"), (.seconds(90_061), "25h1m1s"), (.milliseconds(1500), "1500ms"),
        (.milliseconds(60_500), "60500ms"), (.microseconds(1500), "1.5ms"), (.nanoseconds(1_000_001), "1.000001ms"),
        (.nanoseconds(250), "0.00025ms"), (.zero, "0ms"),
    ]

    @Test(arguments: formatCases)
    func formats(duration: Duration, expected: String) {
        #expect(ConfigDuration.format(duration) == expected)
        #expect(ConfigDuration.parse(expected) == duration, "what format writes, parse reads back")
    }

    @Test func limits() throws {
        #expect(ConfigDuration.maximum == .seconds(7 * 86_400))
        #expect(ConfigDuration.longest == .seconds(3650 * 86_400))
        #expect(ConfigDuration.parse("3650d") == ConfigDuration.longest)
        #expect(ConfigDuration.parse("87600h") == ConfigDuration.longest)
        #expect(ConfigDuration.parse("3649d23h59m59s999ms") == ConfigDuration.longest - .milliseconds(1))
    }

    /// A probe setting may be at most 7 days; a retention period up to 3650 days.
    static let fileCases: [(String, Bool)] = [
        ("defaults: {interval: 7d}", true), ("defaults: {interval: 8d}", false), ("defaults: {timeout: 168h}", true),
        ("defaults: {timeout: 169h}", false), ("defaults: {timeout: 0s}", false), ("defaults: {timeout: 0}", false),
        ("serve: {retention: {runs: 400d, rollups: 3650d}}", true), ("serve: {retention: {rollups: 3651d}}", false),
        ("serve: {grace: 8d}", false), ("alerts: {repeat: 30d}", false), ("alerts: {repeat: 90}", true),
    ]

    @Test(arguments: fileCases)
    func durationLimitsInTheFile(section: String, accepted: Bool) {
        let yaml = section + "\n" + ConfigServeTests.accounts
        do {
            _ = try ProbeConfigFile.parse(yaml: yaml, file: "t.yaml")
            #expect(accepted, "\(section) was accepted")
        } catch {
            #expect(!accepted, "\(error)")
            #expect(error.code == .invalidValue && error.line == 1, "\(error)")
        }
    }

    // MARK: - Timestamps

    /// 2026-12-24T18:00:00Z in Unix milliseconds.
    static let christmasEve: Int64 = 1_798_135_200_000

    static let timestampCases: [(String, Int64)] = [
        ("2026-12-24T18:00:00Z", christmasEve), ("2026-12-24T19:00:00+01:00", christmasEve),
        ("2026-12-24T13:30:00-04:30", christmasEve), ("2026-12-24T18:00:00+00:00", christmasEve),
        ("2026-12-25T03:59:00+09:59", christmasEve), ("2026-12-24t18:00:00z", christmasEve), ("2026-12-24 18:00:00Z", christmasEve),
        ("2026-12-24T18:00:00.5Z", christmasEve + 500), ("2026-12-24T18:00:00.05Z", christmasEve + 50),
        ("2026-12-24T18:00:00.123456789Z", christmasEve + 123), ("2026-12-24T19:00:00.999+01:00", christmasEve + 999),
        ("1970-01-01T00:00:00Z", 0), ("1970-01-01T01:00:00+01:00", 0), ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("2000-02-29T12:00:00Z", 951_825_600_000), ("2026-12-31T23:59:59Z", 1_798_761_599_000),
        // A leap second counts as the second before it.
        ("2026-12-31T23:59:60Z", 1_798_761_599_000),
        // Unix milliseconds.
        ("1798135200000", christmasEve), ("0", 0), ("999999999999999", 999_999_999_999_999),
    ]

    @Test(arguments: timestampCases)
    func timestamps(text: String, expected: Int64) {
        #expect(ConfigTimestamp.parse(text) == expected)
    }

    @Test(arguments: [
        // Dates that do not exist.
        "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-12-00T00:00:00Z", "2026-12-32T00:00:00Z",
        // Fields out of range.
        "2026-12-24T24:00:00Z", "2026-12-24T18:60:00Z", "2026-12-24T18:00:61Z", "2026-12-24T18:00:00+24:00", "2026-12-24T18:00:00+01:60",
        // Not the form.
        "2026-12-24T18:00:00", "2026-12-24T18:00Z", "2026-12-24", "2026-12-24T18:00:00.Z", "2026-12-24T18:00:00Zjunk",
        "2026-12-24T18:00:00+0100", "2026-12-24T18:00:00+01", "2026-12-24T18:00:00 Z", " 2026-12-24T18:00:00Z",
        "2026-12-24T18:00:00Z ", "2026/12/24T18:00:00Z", "2026-12-24X18:00:00Z", "26-12-24T18:00:00Z", "2026-1-24T18:00:00Z",
        "2026-12-24T18:00:00.123456789012345678901Z", "２０２６-12-24T18:00:00Z",
        // Junk, and numbers that are not Unix milliseconds.
        "", "tomorrow", "now", "-1000", "+1000", "1.5", "1e12", "1798135200000ms", "1234567890123456",
    ])
    func notTimestamps(text: String) {
        #expect(ConfigTimestamp.parse(text) == nil)
    }
}
