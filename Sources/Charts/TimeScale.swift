/// Maps a time range (Unix ms, UTC) onto a pixel range, with ticks on whole seconds, minutes, hours, days or weeks.
///
/// ```swift
/// let scale = TimeScale(start: t0, end: t0 + 3_600_000, rangeStart: 64, rangeEnd: 704)
/// scale.ticks(maxCount: 8)  // every 10 minutes: "14:10", "14:20", …
/// ```
public struct TimeScale: Sendable, Hashable {
    /// Times beyond ±10^15 ms (about 31,000 years) are clamped, so arithmetic on them cannot overflow.
    public static let limit: Int64 = 1_000_000_000_000_000

    /// The domain's start (Unix ms).
    public let start: Int64
    /// The domain's end (Unix ms), always after ``start``.
    public let end: Int64
    /// The pixel of ``start``.
    public let rangeStart: Double
    /// The pixel of ``end``.
    public let rangeEnd: Double

    /// A scale from `start` to `end`; an empty or reversed range becomes one millisecond long.
    public init(start: Int64, end: Int64, rangeStart: Double, rangeEnd: Double) {
        let from = min(max(start, -Self.limit), Self.limit - 1)
        let to = min(max(end, -Self.limit), Self.limit)
        self.start = from
        self.end = to > from ? to : from + 1
        self.rangeStart = rangeStart.isFinite ? rangeStart : 0
        self.rangeEnd = rangeEnd.isFinite ? rangeEnd : self.rangeStart + 1
    }

    /// The span in milliseconds.
    public var span: Int64 { end - start }

    /// The pixel of a time (outside the range for times outside the domain).
    public func x(_ time: Int64) -> Double {
        let offset = Double(time) - Double(start)
        return rangeStart + offset / Double(span) * (rangeEnd - rangeStart)
    }

    /// Whether a time lies in the domain (both ends included).
    public func contains(_ time: Int64) -> Bool {
        time >= start && time <= end
    }

    /// Ticks on whole units, at most `maxCount` of them (at least one step is always tried), labelled for the step.
    public func ticks(maxCount: Int) -> [TimeTick] {
        let count = Int64(max(maxCount, 1))
        let step = TimeStep.choose(span: span, maxCount: count)
        let offset = step.alignment
        let remainder = ChartMath.floorMod(start - offset, step.milliseconds)
        var time = remainder == 0 ? start : start + (step.milliseconds - remainder)
        var ticks: [TimeTick] = []
        while time <= end, ticks.count <= count {
            ticks.append(TimeTick(time: time, x: x(time), label: step.label(time)))
            time += step.milliseconds
        }
        return ticks
    }
}

/// One tick of a ``TimeScale``: where it is and what it says.
public struct TimeTick: Sendable, Hashable {
    /// Unix milliseconds, on a whole unit.
    public var time: Int64
    /// The pixel.
    public var x: Double
    /// `14:05`, `14:05:30`, `Mon 3`, `Dec 3` or `Dec 3 2024`, in UTC.
    public var label: String
}
