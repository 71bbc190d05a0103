import GRDB
import MonitorCore
import Probe

extension HistoryStore {
    /// One 5-minute bucket of a probe's whole-run duration, read without its histogram (for sparklines).
    public struct BucketTotal: Sendable, Hashable {
        public var startMs: Int64
        public var count: Int
        public var okCount: Int
        public var meanMs: Double

        public init(startMs: Int64, count: Int, okCount: Int, meanMs: Double) {
            self.startMs = startMs
            self.count = count
            self.okCount = okCount
            self.meanMs = meanMs
        }

        /// Runs in the bucket that were not ok.
        public var failedCount: Int { count - okCount }
    }

    /// Runs and ok runs of one key since one instant.
    public struct Availability: Sendable, Hashable {
        public var sinceMs: Int64
        public var runs: Int
        public var ok: Int

        public init(sinceMs: Int64, runs: Int, ok: Int) {
            self.sinceMs = sinceMs
            self.runs = runs
            self.ok = ok
        }

        /// The share of ok runs, 0 ... 1; `nil` without runs.
        public var ratio: Double? { runs > 0 ? Double(ok) / Double(runs) : nil }
    }

    /// One firing period of an alert, from its alert events: fired at `startMs`, resolved at `endMs` (`nil`: still firing).
    public struct AlertPeriod: Sendable, Hashable {
        public var key: AlertKey
        public var alertID: Int64
        /// The worst severity it reached.
        public var severity: AlertSeverity
        public var startMs: Int64
        public var endMs: Int64?

        public init(key: AlertKey, alertID: Int64, severity: AlertSeverity, startMs: Int64, endMs: Int64?) {
            self.key = key
            self.alertID = alertID
            self.severity = severity
            self.startMs = startMs
            self.endMs = endMs
        }
    }

    /// The most failed runs ``failedRuns(probe:route:sinceMs:untilMs:limit:)`` returns.
    public static let failedRunsLimit = 1000

    /// The 5-minute `total` buckets of each key in `[sinceMs, untilMs)`, in time order, in one read.
    public func bucketTotals(of keys: [AlertKey], sinceMs: Int64, untilMs: Int64) throws -> [AlertKey: [BucketTotal]] {
        try writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT bucket_start_ms, count, ok_count, sum_ms FROM rollup
                WHERE probe = ? AND route = ? AND phase = ? AND resolution_ms = ? AND bucket_start_ms >= ? AND bucket_start_ms < ?
                ORDER BY bucket_start_ms
                """)
            var result: [AlertKey: [BucketTotal]] = [:]
            for key in keys {
                let rows = try Row.fetchCursor(statement, arguments: [key.probe, Self.routeKey(key.route), RollupBatch.totalPhase,
                                                                      RollupKey.fiveMinutesMs, sinceMs, untilMs])
                var totals: [BucketTotal] = []
                while let row = try rows.next() {
                    let count: Int = row[1]
                    let sum: Double = row[3]
                    totals.append(BucketTotal(startMs: row[0], count: count, okCount: row[2], meanMs: count > 0 ? sum / Double(count) : 0))
                }
                result[key] = totals
            }
            return result
        }
    }

    /// Runs and ok runs of each key since each of `windowsSinceMs`, from the rollups, in one read:
    /// from the 5-minute buckets for windows up to ``fineSeriesSpanMs`` before `nowMs`, the 1-hour ones beyond.
    public func availability(of keys: [AlertKey], windowsSinceMs: [Int64], nowMs: Int64) throws -> [AlertKey: [Availability]] {
        try writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT COALESCE(SUM(count), 0), COALESCE(SUM(ok_count), 0) FROM rollup
                WHERE probe = ? AND route = ? AND phase = ? AND resolution_ms = ? AND bucket_start_ms >= ?
                """)
            var result: [AlertKey: [Availability]] = [:]
            for key in keys {
                result[key] = try windowsSinceMs.map { since in
                    let resolution = nowMs - since <= Self.fineSeriesSpanMs ? RollupKey.fiveMinutesMs : RollupKey.oneHourMs
                    let row = try Row.fetchOne(statement, arguments: [key.probe, Self.routeKey(key.route), RollupBatch.totalPhase, resolution,
                                                                      RollupKey.bucketStart(of: since, resolutionMs: resolution)])
                    return Availability(sinceMs: since, runs: row?[0] ?? 0, ok: row?[1] ?? 0)
                }
            }
            return result
        }
    }

    /// The runs of a probe (of one route, or of any when `route` is `nil`) in `[sinceMs, untilMs)` whose status
    /// is not ok, oldest first, at most `limit` (capped at ``failedRunsLimit``; the newest are kept).
    public func failedRuns(probe: String, route: String?, sinceMs: Int64, untilMs: Int64, limit: Int = failedRunsLimit) throws -> [ProbeRunRecord] {
        guard limit >= 1 else { throw invalid("limit must be at least 1, got \(limit)") }
        var request = RunRow
            .filter(RunRow.Columns.probe == probe)
            .filter(RunRow.Columns.startedAtMs >= sinceMs && RunRow.Columns.startedAtMs < untilMs)
            .filter(RunRow.Columns.status != ProbeStatus.ok.rawValue)
        if let route { request = request.filter(RunRow.Columns.route == route) }
        let rows = try writer.read { db in
            try request.order(RunRow.Columns.startedAtMs.desc, RunRow.Columns.id.desc).limit(min(limit, Self.failedRunsLimit)).fetchAll(db)
        }
        return try rows.reversed().map(record(of:))
    }

    /// The firing periods of a probe's alerts (every route) that overlap `[sinceMs, untilMs)`, by start.
    public func alertPeriods(probe: String, sinceMs: Int64, untilMs: Int64) throws -> [AlertPeriod] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT alert_id, route, MIN(at_ms) AS start_ms, MAX(CASE WHEN event = 'resolved' THEN at_ms END) AS end_ms,
                       MAX(CASE WHEN severity = 'critical' THEN 1 ELSE 0 END) AS critical
                FROM alert_event WHERE probe = ? AND event != 'test'
                GROUP BY alert_id, route
                HAVING start_ms < ? AND (end_ms IS NULL OR end_ms >= ?)
                ORDER BY start_ms, alert_id
                LIMIT 1000
                """, arguments: [probe, untilMs, sinceMs])
            return rows.map { row in
                let critical: Int = row["critical"]
                return AlertPeriod(key: AlertKey(probe: probe, route: Self.route(fromKey: row["route"])), alertID: row["alert_id"],
                                   severity: critical == 1 ? .critical : .warning, startMs: row["start_ms"], endMs: row["end_ms"])
            }
        }
    }

    /// For each `(key, atMs)`, the id of the key's last run at or before `atMs` whose status is not ok (what an alert
    /// event was about; a key without route matches any route), in one read; `nil` where there is none.
    public func lastFailedRunIDs(_ moments: [(key: AlertKey, atMs: Int64)]) throws -> [Int64?] {
        try writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT id FROM run WHERE probe = ? AND (? = '' OR route = ?) AND started_at_ms <= ? AND status != 'ok'
                ORDER BY started_at_ms DESC, id DESC LIMIT 1
                """)
            return try moments.map { moment in
                let route = Self.routeKey(moment.key.route)
                return try Int64.fetchOne(statement, arguments: [moment.key.probe, route, route, moment.atMs])
            }
        }
    }
}
