import Probe

/// The time range a probe page shows: one of the fixed ranges back from now, or `since`/`until` given.
///
///     /probes/corp?range=7d
///     /probes/corp?since=2026-12-01T00:00:00Z&until=2026-12-02T00:00:00Z
struct DashboardRange: Sendable, Hashable {
    /// The ranges a page links to.
    enum Preset: String, Sendable, Hashable, CaseIterable {
        case quarter = "15m"
        case hour = "1h"
        case day = "24h"
        case week = "7d"
        case month = "30d"

        var milliseconds: Int64 {
            switch self {
            case .quarter: 900_000
            case .hour: 3_600_000
            case .day: 86_400_000
            case .week: 7 * 86_400_000
            case .month: 30 * 86_400_000
            }
        }

        /// As a title says it: `15 min`, `1 h`, `24 h`, `7 d`, `30 d`.
        var words: String {
            switch self {
            case .quarter: "15 min"
            case .hour: "1 h"
            case .day: "24 h"
            case .week: "7 d"
            case .month: "30 d"
            }
        }

        /// The range shown when none is asked for: 24 h, or the shortest range that holds a probe's whole history
        /// while it is younger than an hour (a new probe, the demo), so that its first runs fill the chart.
        static func opening(firstRunMs: Int64?, nowMs: Int64) -> Preset {
            let age = firstRunMs.map { nowMs - $0 } ?? .max
            return [Preset.quarter, .hour].first { age < $0.milliseconds } ?? .day
        }
    }

    /// A page parameter that is not understood, named.
    struct ParameterError: Error, CustomStringConvertible {
        var parameter: String
        var message: String
        var description: String { "\(parameter): \(message)" }
    }

    /// The longest custom range: a year.
    static let longestMs: Int64 = 366 * 86_400_000

    var preset: Preset?
    var sinceMs: Int64
    var untilMs: Int64

    /// The range of `range`, or of `since` and `until` (Unix ms or RFC 3339), at `nowMs`; 24 h by default.
    init(range: String?, since: String?, until: String?, nowMs: Int64) throws(ParameterError) {
        if since != nil || until != nil {
            guard range == nil else { throw ParameterError(parameter: "range", message: "give range or since and until, not both") }
            let end = try Self.instant(until, "until") ?? nowMs
            let start = try Self.instant(since, "since") ?? end - Preset.day.milliseconds
            guard start < end else { throw ParameterError(parameter: "since", message: "must be before until") }
            guard end - start <= Self.longestMs else { throw ParameterError(parameter: "since", message: "the longest range is 366 days") }
            preset = nil
            sinceMs = start
            untilMs = end
            return
        }
        let chosen: Preset
        if let range {
            guard let value = Preset(rawValue: range) else {
                throw ParameterError(parameter: "range", message: "expected 15m, 1h, 24h, 7d or 30d, got \"\(range.prefix(40))\"")
            }
            chosen = value
        } else {
            chosen = .day
        }
        preset = chosen
        untilMs = nowMs
        sinceMs = nowMs - chosen.milliseconds
    }

    private static func instant(_ text: String?, _ name: String) throws(ParameterError) -> Int64? {
        guard let text else { return nil }
        guard let value = ConfigTimestamp.parse(text) else {
            throw ParameterError(parameter: name, message: "expected Unix milliseconds or an RFC 3339 time, got \"\(text.prefix(40))\"")
        }
        return value
    }

    /// The query string that selects this range again: `range=7d`, or `since=…&until=…`.
    var query: String {
        if let preset { return "range=\(preset.rawValue)" }
        return "since=\(sinceMs)&until=\(untilMs)"
    }
}
