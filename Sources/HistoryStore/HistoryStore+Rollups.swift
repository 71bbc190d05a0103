import GRDB

extension HistoryStore {
    /// Spans up to this long read the 5-minute rollups; longer ones the 1-hour rollups.
    public static let fineSeriesSpanMs: Int64 = 2 * 86_400_000
    /// The widest step a series merges into: ten years.
    public static let maximumStepMs: Int64 = 3_660 * 86_400_000

    /// The latency series of one phase (`total` for the whole run) of a probe and route (`nil`: none),
    /// from the rollups only: 5-minute buckets for spans up to two days, 1-hour buckets beyond.
    ///
    /// Buckets that start in `[sinceMs` rounded down to a bucket`, untilMs)` are read; with `stepMs` they are
    /// merged into steps of `stepMs` rounded up to whole buckets, aligned to the Unix epoch. Steps without
    /// runs are left out; points are in time order.
    public func series(probe: String, route: String?, phase: String, sinceMs: Int64, untilMs: Int64,
                       stepMs: Int64? = nil) throws -> [SeriesPoint] {
        guard untilMs > sinceMs else { throw invalid("the series must end after it starts: \(sinceMs) ..< \(untilMs)") }
        if let stepMs, !(1...Self.maximumStepMs).contains(stepMs) {
            throw invalid("the step must be between 1 ms and \(Self.maximumStepMs / 86_400_000) days, got \(stepMs) ms")
        }
        let (span, overflow) = untilMs.subtractingReportingOverflow(sinceMs)
        let resolution = !overflow && span <= Self.fineSeriesSpanMs ? RollupKey.fiveMinutesMs : RollupKey.oneHourMs
        let step = stepMs.map { ($0 + resolution - 1) / resolution * resolution } ?? resolution
        let rows = try writer.read { db in
            try RollupRow
                .filter(RollupRow.Columns.probe == probe && RollupRow.Columns.route == Self.routeKey(route))
                .filter(RollupRow.Columns.phase == phase && RollupRow.Columns.resolutionMs == resolution)
                .filter(RollupRow.Columns.bucketStartMs >= RollupKey.bucketStart(of: sinceMs, resolutionMs: resolution))
                .filter(RollupRow.Columns.bucketStartMs < untilMs)
                .order(RollupRow.Columns.bucketStartMs)
                .fetchAll(db)
        }
        var points: [(start: Int64, cell: RollupCell)] = []
        for row in rows {
            let start = RollupKey.bucketStart(of: row.bucketStartMs, resolutionMs: step)
            let cell = try cell(of: row)
            if let last = points.last, last.start == start {
                points[points.count - 1].cell.merge(cell)
            } else {
                points.append((start, cell))
            }
        }
        return points.map { SeriesPoint(startMs: $0.start, stepMs: step, cell: $0.cell) }
    }

    /// Runs and ok runs of a probe and route (`nil`: none) from the 5-minute bucket holding `sinceMs` on,
    /// read from the rollups (completed runs only).
    public func availability(probe: String, route: String?, sinceMs: Int64) throws -> (runs: Int, ok: Int) {
        let resolution = RollupKey.fiveMinutesMs
        return try writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(count), 0) AS runs, COALESCE(SUM(ok_count), 0) AS ok FROM rollup
                WHERE probe = ? AND route = ? AND phase = ? AND resolution_ms = ? AND bucket_start_ms >= ?
                """, arguments: [probe, Self.routeKey(route), RollupBatch.totalPhase, resolution,
                                 RollupKey.bucketStart(of: sinceMs, resolutionMs: resolution)])
            return (runs: row?["runs"] ?? 0, ok: row?["ok"] ?? 0)
        }
    }

    /// Adds the batch's cells to their stored buckets (inside the caller's transaction).
    func flush(_ batch: RollupBatch, db: Database) throws {
        let select = try db.cachedStatement(sql: """
            SELECT * FROM rollup
            WHERE probe = ? AND route = ? AND phase = ? AND resolution_ms = ? AND bucket_start_ms = ?
            """)
        for (key, cell) in batch.cells {
            var merged = cell
            var id: Int64?
            if let existing = try RollupRow.fetchOne(select, arguments: [key.probe, key.route, key.phase,
                                                                         key.resolutionMs, key.bucketStartMs]) {
                merged.merge(try self.cell(of: existing))
                id = existing.id
            }
            var row = RollupRow(id: id, key: key, cell: merged)
            try row.save(db)
        }
    }

    /// A stored bucket in memory; a bad histogram blob is a corrupt row.
    private func cell(of row: RollupRow) throws -> RollupCell {
        do {
            return try row.cell()
        } catch {
            throw HistoryStoreError(.corruptRow, path: path, "rollup \(row.id ?? 0): \(error)")
        }
    }
}
