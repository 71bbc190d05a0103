@testable import Charts

/// Fixed instants and series for the chart tests.
enum Fixtures {
    static let second: Int64 = 1000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    /// Tuesday 2024-12-03 14:00 UTC.
    static let t0: Int64 = 1_733_234_400_000

    static func frame(
        span: Int64 = hour, unit: String = "ms", scale: ScaleChoice = .automatic, title: String = "Round trip"
    ) -> ChartFrame {
        ChartFrame(title: title, unit: unit, start: t0, end: t0 + span, scale: scale)
    }

    /// One point a minute over the hour with these values (nil for a gap).
    static func perMinute(_ values: [Double?]) -> [ChartPoint] {
        values.enumerated().map { ChartPoint(time: t0 + Int64($0.offset) * minute, value: $0.element) }
    }

    static func series(_ values: [Double?], label: String = "submit", colorIndex: Int = 0) -> ChartSeries {
        ChartSeries(label: label, points: perMinute(values), colorIndex: colorIndex)
    }

    /// The layout the charts use for a frame, to find where a time or a value must land.
    static func layout(_ frame: ChartFrame) -> ChartLayout {
        ChartLayout(frame: frame)
    }
}
