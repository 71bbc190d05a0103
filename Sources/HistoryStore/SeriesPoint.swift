/// One step of a latency series: how many runs, how many ok, and the distribution of one phase.
///
/// Durations are in milliseconds; quantiles are read from the rollups' histograms and lie within
/// 9 % of the exact value (the width of a histogram bucket), clamped to the step's min and max.
public struct SeriesPoint: Sendable, Hashable, Codable {
    /// The step's start, Unix ms.
    public var startMs: Int64
    /// The step's width: the requested step rounded up to whole rollup buckets.
    public var stepMs: Int64
    public var count: Int
    public var okCount: Int
    public var warningCount: Int
    public var criticalCount: Int
    public var unknownCount: Int
    public var minMs: Double
    public var maxMs: Double
    public var meanMs: Double
    /// The 10th percentile: with ``p90Ms`` the band of a distribution chart.
    public var p10Ms: Double
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double

    enum CodingKeys: String, CodingKey {
        case count
        case startMs = "start_ms"
        case stepMs = "step_ms"
        case okCount = "ok_count"
        case warningCount = "warning_count"
        case criticalCount = "critical_count"
        case unknownCount = "unknown_count"
        case minMs = "min_ms"
        case maxMs = "max_ms"
        case meanMs = "mean_ms"
        case p10Ms = "p10_ms"
        case p50Ms = "p50_ms"
        case p90Ms = "p90_ms"
        case p99Ms = "p99_ms"
    }

    public init(startMs: Int64, stepMs: Int64, count: Int, okCount: Int, warningCount: Int, criticalCount: Int,
                unknownCount: Int, minMs: Double, maxMs: Double, meanMs: Double, p10Ms: Double, p50Ms: Double,
                p90Ms: Double, p99Ms: Double) {
        self.startMs = startMs
        self.stepMs = stepMs
        self.count = count
        self.okCount = okCount
        self.warningCount = warningCount
        self.criticalCount = criticalCount
        self.unknownCount = unknownCount
        self.minMs = minMs
        self.maxMs = maxMs
        self.meanMs = meanMs
        self.p10Ms = p10Ms
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
    }

    /// The point for a merged, non-empty cell.
    init(startMs: Int64, stepMs: Int64, cell: RollupCell) {
        let quantile = { (permille: Int) in
            cell.histogram.quantile(permille: permille, minimum: cell.minMs, maximum: cell.maxMs) ?? 0
        }
        self.init(startMs: startMs, stepMs: stepMs, count: Int(cell.count), okCount: Int(cell.okCount),
                  warningCount: Int(cell.warningCount), criticalCount: Int(cell.criticalCount),
                  unknownCount: Int(cell.unknownCount), minMs: cell.minMs, maxMs: cell.maxMs,
                  meanMs: cell.count > 0 ? cell.sumMs / Double(cell.count) : 0,
                  p10Ms: quantile(100), p50Ms: quantile(500), p90Ms: quantile(900), p99Ms: quantile(990))
    }
}
