import GRDB
import MonitorCore
import Probe

extension HistoryStore {
    /// Spans up to this long may be drawn from the runs themselves (``runSeries(probe:route:phases:sinceMs:untilMs:stepMs:)``):
    /// the 5-minute rollups give an hour only twelve points, and a probe started a minute ago none worth a chart.
    public static let runSeriesSpanMs: Int64 = 3_600_000
    /// The most runs one ``runSeries(probe:route:phases:sinceMs:untilMs:stepMs:)`` reads (the newest are kept):
    /// an hour of a probe every second.
    public static let runSeriesRunLimit = 3_600

    /// The series of several phases (and `total`) of a probe and route (`nil`: none) in `[sinceMs, untilMs)`,
    /// in steps of `stepMs` aligned to the Unix epoch, computed from the completed runs stored (the same
    /// cells as the rollups, so the points mean the same). Steps without runs are left out.
    public func runSeries(probe: String, route: String?, phases: [String], sinceMs: Int64, untilMs: Int64,
                          stepMs: Int64) throws -> [String: [SeriesPoint]] {
        guard untilMs > sinceMs else { throw invalid("the series must end after it starts: \(sinceMs) ..< \(untilMs)") }
        guard untilMs - sinceMs <= Self.runSeriesSpanMs else {
            throw invalid("a series from runs spans at most \(Self.runSeriesSpanMs / 60_000) minutes")
        }
        guard stepMs >= 1_000 else { throw invalid("the step must be at least 1 s, got \(stepMs) ms") }
        let rows = try writer.read { db in
            try RunRow
                .filter(RunRow.Columns.probe == probe && RunRow.Columns.route == Self.routeKey(route))
                .filter(RunRow.Columns.startedAtMs >= sinceMs && RunRow.Columns.startedAtMs < untilMs)
                .filter(RunRow.Columns.state == ProbeRunRecord.State.completed.rawValue)
                .order(RunRow.Columns.startedAtMs.desc)
                .limit(Self.runSeriesRunLimit)
                .fetchAll(db)
        }
        let wanted = Set(phases + [RollupBatch.totalPhase])
        var cells: [String: [Int64: RollupCell]] = [:]
        for row in rows {
            let record = try record(of: row)
            let start = RollupKey.bucketStart(of: record.startedAtMs, resolutionMs: stepMs)
            for (phase, ms) in RollupBatch.values(of: record) where wanted.contains(phase) {
                cells[phase, default: [:]][start, default: RollupCell()].add(ms, status: record.status)
            }
        }
        return cells.mapValues { byStart in
            byStart.sorted { $0.key < $1.key }.map { SeriesPoint(startMs: $0.key, stepMs: stepMs, cell: $0.value) }
        }
    }

    /// When the oldest stored run of a probe and route (`nil`: none) started, if it has any (one index lookup).
    public func firstRunMs(probe: String, route: String?) throws -> Int64? {
        try firstRunMs(of: [AlertKey(probe: probe, route: route)]).values.first
    }

    /// When the oldest stored run of each key started, for the keys with runs (one index lookup each, in one read).
    public func firstRunMs(of keys: [AlertKey]) throws -> [AlertKey: Int64] {
        try writer.read { db in
            let statement = try db.cachedStatement(sql: "SELECT MIN(started_at_ms) FROM run WHERE probe = ? AND route = ?")
            var result: [AlertKey: Int64] = [:]
            for key in keys {
                if let first = try Int64.fetchOne(statement, arguments: [key.probe, Self.routeKey(key.route)]) { result[key] = first }
            }
            return result
        }
    }
}
