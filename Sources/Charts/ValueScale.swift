/// Maps values onto a pixel range, linear with "nice" 1-2-5 ticks or logarithmic with decade ticks, labelled with the unit.
///
/// ```swift
/// let scale = ValueScale(values: [120, 480], choice: .automatic, rangeStart: 200, rangeEnd: 20, unit: "ms")
/// scale.ticks.map(scale.label)  // ["0 ms", "100 ms", "200 ms", "300 ms", "400 ms", "500 ms"]
/// ```
public struct ValueScale: Sendable, Hashable {
    /// How values map to pixels.
    public enum Kind: Sendable, Hashable {
        case linear
        case logarithmic
    }

    /// Values beyond ±10^12 are clamped before they are scaled.
    public static let limit = 1.0e12

    public let kind: Kind
    /// The domain's low end (a tick).
    public let lower: Double
    /// The domain's high end (a tick), always above ``lower``.
    public let upper: Double
    /// The pixel of ``lower`` (the bottom of a chart).
    public let rangeStart: Double
    /// The pixel of ``upper`` (the top of a chart).
    public let rangeEnd: Double
    /// `s`, `ms` or another unit written after the number.
    public let unit: String
    /// The tick values, from ``lower`` up to ``upper``.
    public let ticks: [Double]
    /// The distance between linear ticks (0 on a logarithmic scale); it picks the labels' time unit.
    public let step: Double

    /// A scale covering `values` (non-finite ones ignored): a linear one from zero (or below, for negative values) rounded out to its ticks, or a logarithmic one over whole decades.
    public init(
        values: [Double], choice: ScaleChoice, rangeStart: Double, rangeEnd: Double, unit: String, maxTicks: Int = 6
    ) {
        let finite = values.compactMap { $0.isFinite ? min(max($0, -Self.limit), Self.limit) : nil }
        let kind = Self.kind(for: finite, choice: choice)
        let target = min(max(maxTicks, 2), 20)
        self.kind = kind
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.unit = unit
        switch kind {
        case .linear:
            let domain = Self.linearDomain(finite, maxTicks: target, unit: unit)
            (lower, upper, ticks, step) = (domain.lower, domain.upper, domain.ticks, domain.step)
        case .logarithmic:
            let domain = Self.logDomain(finite.filter { $0 > 0 }, maxTicks: target)
            (lower, upper, ticks, step) = (domain.lower, domain.upper, domain.ticks, 0)
        }
    }

    /// A scale with the domain given (for sparklines); an empty domain becomes `lower…lower + 1`.
    public init(lower: Double, upper: Double, rangeStart: Double, rangeEnd: Double, unit: String) {
        let low = lower.isFinite ? min(max(lower, -Self.limit), Self.limit) : 0
        let high = upper.isFinite ? min(max(upper, -Self.limit), Self.limit) : low + 1
        self.kind = .linear
        self.lower = low
        self.upper = high > low ? high : low + 1
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.unit = unit
        self.ticks = [self.lower, self.upper]
        self.step = self.upper - self.lower
    }

    /// The automatic choice: logarithmic when every value is above zero and the largest is more than 100 times the smallest.
    public static func kind(for values: [Double], choice: ScaleChoice) -> Kind {
        switch choice {
        case .linear:
            return .linear
        case .logarithmic:
            return values.contains { $0 > 0 && $0.isFinite } ? .logarithmic : .linear
        case .automatic:
            let finite = values.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max(), low > 0 else { return .linear }
            return high / low > 100 ? .logarithmic : .linear
        }
    }

    /// The pixel of a value; on a logarithmic scale values at or below zero sit at the bottom.
    public func y(_ value: Double) -> Double {
        let v = value.isFinite ? min(max(value, -Self.limit), Self.limit) : lower
        let fraction: Double
        switch kind {
        case .linear:
            fraction = (v - lower) / (upper - lower)
        case .logarithmic:
            let low = ChartMath.log10(lower)
            fraction = v > 0 ? (ChartMath.log10(v) - low) / (ChartMath.log10(upper) - low) : 0
        }
        return rangeStart + fraction * (rangeEnd - rangeStart)
    }

    /// The 1-2-5 step at or above `raw`: 1, 2, 5, 10, 20, 50 … times a power of ten.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let base = ChartMath.pow10(ChartMath.decade(raw))
        for factor in [1.0, 2, 5] where raw <= factor * base * (1 + 1e-12) {
            return factor * base
        }
        return 10 * base
    }

    private static func linearDomain(
        _ values: [Double], maxTicks: Int, unit: String
    ) -> (lower: Double, upper: Double, ticks: [Double], step: Double) {
        var low = min(values.min() ?? 0, 0)
        var high = max(values.max() ?? 1, 0)
        if high - low <= 0 { (low, high) = low < 0 ? (low, 0) : (0, 1) }
        let raw = (high - low) / Double(maxTicks - 1)
        let step = millisecondsPer(unit).map { timeStep(raw * $0) / $0 } ?? niceStep(raw)
        let first = (low / step).rounded(.down)
        let last = max((high / step).rounded(.up), first + 1)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return (first * step, last * step, ticks, step)
    }

    /// A step for durations: 1-2-5 below a second, then 1, 2, 5, 10, 15, 30 seconds or minutes, then 1-2-5 hours.
    static func timeStep(_ rawMs: Double) -> Double {
        guard rawMs > 1000 else { return niceStep(rawMs) }
        let clock: [Double] = [1, 2, 5, 10, 15, 30]
        for unit in [1000.0, 60_000] {
            if let factor = clock.first(where: { rawMs <= $0 * unit * (1 + 1e-12) }) { return factor * unit }
        }
        return niceStep(rawMs / 3_600_000) * 3_600_000
    }

    /// Milliseconds per unit for the time units `ms` and `s`, nil for others.
    static func millisecondsPer(_ unit: String) -> Double? {
        switch unit {
        case "ms": 1
        case "s": 1000
        default: nil
        }
    }

    private static func logDomain(_ values: [Double], maxTicks: Int) -> (lower: Double, upper: Double, ticks: [Double]) {
        let low = ChartMath.decade(values.min() ?? 1)
        let highValue = values.max() ?? 10
        var high = ChartMath.decade(highValue)
        if ChartMath.pow10(high) < highValue || high == low { high += 1 }
        let decades = high - low
        let every = (decades + maxTicks - 1) / maxTicks
        var ticks: [Double] = []
        for k in stride(from: low, through: high, by: max(every, 1)) {
            let decade = ChartMath.pow10(k)
            ticks.append(decade)
            if decades <= 2, k < high { ticks += [2 * decade, 5 * decade] }
        }
        return (ChartMath.pow10(low), ChartMath.pow10(high), ticks)
    }
}
