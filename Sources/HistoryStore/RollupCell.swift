import Probe

/// What a rollup bucket knows, in memory: counts by status, min, max, sum and the histogram.
struct RollupCell: Hashable, Sendable {
    var count: Int64 = 0
    var okCount: Int64 = 0
    var warningCount: Int64 = 0
    var criticalCount: Int64 = 0
    var unknownCount: Int64 = 0
    var minMs = Double.infinity
    var maxMs = -Double.infinity
    var sumMs = 0.0
    var histogram = LatencyHistogram()

    /// Adds one run's value for this phase.
    mutating func add(_ ms: Double, status: ProbeStatus) {
        count += 1
        switch status {
        case .ok: okCount += 1
        case .warning: warningCount += 1
        case .critical: criticalCount += 1
        case .unknown: unknownCount += 1
        }
        minMs = min(minMs, ms)
        maxMs = max(maxMs, ms)
        sumMs += ms
        histogram.add(ms)
    }

    /// Adds another bucket's counts: buckets merge by adding.
    mutating func merge(_ other: RollupCell) {
        count += other.count
        okCount += other.okCount
        warningCount += other.warningCount
        criticalCount += other.criticalCount
        unknownCount += other.unknownCount
        minMs = min(minMs, other.minMs)
        maxMs = max(maxMs, other.maxMs)
        sumMs += other.sumMs
        histogram.merge(other.histogram)
    }
}
