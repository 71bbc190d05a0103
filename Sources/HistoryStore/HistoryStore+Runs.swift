import GRDB
import Probe

extension HistoryStore {
    // MARK: - Journal

    /// Notes a run in flight in `run_journal`; ``insert(_:journalID:keepTrace:)`` removes it when the run is stored.
    ///
    /// Returns the journal id to pass there.
    public func journalStart(probe: String, route: String?, kind: ProbeRunRecord.Kind, startedAtMs: Int64,
                             token: String?, location: String?) throws -> Int64 {
        try writer.write { db in
            var row = JournalRow(id: nil, probe: probe, route: route, kind: kind.rawValue, startedAtMs: startedAtMs,
                                 token: token, location: location)
            try row.insert(db)
            return db.lastInsertedRowID
        }
    }

    /// Turns the journal rows a crash left behind into stored runs (state `interrupted`, status `unknown`,
    /// with the probe message's token), notes their tokens for the probe's next run to sweep
    /// (``leftoverTokens(probe:)``), and empties the journal, in one transaction; returns those runs with their ids.
    ///
    /// Interrupted runs measured nothing: they are not counted in the rollups.
    public func recoverInterrupted(nowMs: Int64) throws -> [ProbeRunRecord] {
        try writer.write { db in
            let rows = try JournalRow.order(Column("id")).fetchAll(db)
            var recovered: [ProbeRunRecord] = []
            var rollups = RollupBatch()
            for row in rows {
                guard let kind = ProbeRunRecord.Kind(rawValue: row.kind) else {
                    throw HistoryStoreError(.corruptRow, path: path, "run_journal \(row.id ?? 0): unknown kind \"\(row.kind)\"")
                }
                let seconds = max(0, nowMs - row.startedAtMs) / 1000
                let reason = ProbeReason(.failed, .unknown, message: "interrupted: the daemon stopped while the run was in flight (recovered \(seconds) s after it started)")
                var record = ProbeRunRecord(probe: row.probe, kind: kind, route: row.route, location: row.location,
                                            startedAtMs: row.startedAtMs, state: .interrupted, status: .unknown,
                                            reasons: [reason])
                record.token = row.token
                let id = try insertRun(record, keepTrace: false, rollups: &rollups, db: db)
                record.id = id
                if let token = row.token { try noteLeftover(token: token, probe: row.probe, route: row.route, runID: id, atMs: nowMs, db: db) }
                recovered.append(record)
            }
            try flush(rollups, db: db)
            try JournalRow.deleteAll(db)
            return recovered
        }
    }

    // MARK: - Insert

    /// Stores one run in one transaction: the run row (its JSON without traces unless `keepTrace`, traces
    /// cut at 64 KiB), its rollups, and the removal of its journal row. Returns the run's id.
    @discardableResult
    public func insert(_ record: ProbeRunRecord, journalID: Int64? = nil, keepTrace: Bool) throws -> Int64 {
        try writer.write { db in try insert(record, journalID: journalID, keepTrace: keepTrace, db: db) }
    }

    /// Inside the caller's transaction.
    func insert(_ record: ProbeRunRecord, journalID: Int64?, keepTrace: Bool, db: Database) throws -> Int64 {
        var rollups = RollupBatch()
        let id = try insertRun(record, keepTrace: keepTrace, rollups: &rollups, db: db)
        try flush(rollups, db: db)
        if let journalID { _ = try JournalRow.deleteOne(db, key: journalID) }
        return id
    }

    /// Stores many runs in one transaction, their rollups merged before they are written; returns their ids in order.
    @discardableResult
    public func insert(_ records: [ProbeRunRecord], keepTrace: Bool) throws -> [Int64] {
        try writer.write { db in
            var rollups = RollupBatch()
            let ids = try records.map { try insertRun($0, keepTrace: keepTrace, rollups: &rollups, db: db) }
            try flush(rollups, db: db)
            return ids
        }
    }

    /// The run row and `run_latest`; the rollups go to `rollups`, to be flushed in the same transaction.
    private func insertRun(_ record: ProbeRunRecord, keepTrace: Bool, rollups: inout RollupBatch, db: Database) throws -> Int64 {
        var stored = record
        stored.id = nil
        stored.traces = keepTrace ? try ProbeRunRecord.storedTraces(record.traces) : nil
        let json: String
        do {
            json = try Self.encodeJSON(stored)
        } catch {
            throw invalid("the run of \(record.probe) at \(record.startedAtMs) does not encode as JSON: \(error)")
        }
        var row = RunRow(stored, json: json)
        try row.insert(db)
        let id = db.lastInsertedRowID
        let latest = try db.cachedStatement(sql: """
            INSERT INTO run_latest (probe, route, run_id, started_at_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (probe, route) DO UPDATE SET run_id = excluded.run_id, started_at_ms = excluded.started_at_ms
            WHERE excluded.started_at_ms >= run_latest.started_at_ms
            """)
        try latest.execute(arguments: [row.probe, row.route, id, row.startedAtMs])
        rollups.add(record)
        return id
    }

    // MARK: - Reading

    /// The run with this id, with ``ProbeRunRecord/id`` set; `nil` when there is none.
    public func run(id: Int64) throws -> ProbeRunRecord? {
        try writer.read { db in
            try RunRow.fetchOne(db, key: id).map(record(of:))
        }
    }

    /// One page of runs matching `query`, newest first (started_at_ms, then id, descending).
    public func runs(_ query: RunQuery) throws -> RunPage {
        guard query.limit >= 1 else { throw invalid("limit must be at least 1, got \(query.limit)") }
        let limit = min(query.limit, RunQuery.maximumLimit)
        var request = RunRow.all()
        if let probe = query.probe { request = request.filter(RunRow.Columns.probe == probe) }
        if let route = query.route { request = request.filter(RunRow.Columns.route == route) }
        if let status = query.status { request = request.filter(RunRow.Columns.status == status.rawValue) }
        if let sinceMs = query.sinceMs { request = request.filter(RunRow.Columns.startedAtMs >= sinceMs) }
        if let untilMs = query.untilMs { request = request.filter(RunRow.Columns.startedAtMs < untilMs) }
        if let text = query.cursor {
            guard let cursor = RunCursor(text) else {
                throw HistoryStoreError(.invalidCursor, path: path, "not a cursor of this store: \"\(text.prefix(64))\"")
            }
            request = request.filter(sql: "(started_at_ms, id) < (?, ?)", arguments: [cursor.startedAtMs, cursor.id])
        }
        request = request.order(RunRow.Columns.startedAtMs.desc, RunRow.Columns.id.desc).limit(limit + 1)
        let rows = try writer.read { db in try request.fetchAll(db) }
        let page = try rows.prefix(limit).map(record(of:))
        var next: String?
        if rows.count > limit, let last = page.last, let id = last.id {
            next = RunCursor(startedAtMs: last.startedAtMs, id: id).text
        }
        return RunPage(runs: page, nextCursor: next)
    }

    /// The latest run of every probe and route, ordered by probe, then route (none first).
    public func latestRuns() throws -> [ProbeRunRecord] {
        try writer.read { db in
            let rows = try RunRow.fetchAll(db, sql: """
                SELECT run.* FROM run_latest JOIN run ON run.id = run_latest.run_id
                ORDER BY run_latest.probe, run_latest.route
                """)
            return try rows.map(record(of:))
        }
    }

    /// The latest run of this probe and route whose status is ok; `nil` when none is stored.
    public func lastSuccess(probe: String, route: String?) throws -> ProbeRunRecord? {
        try writer.read { db in
            try RunRow
                .filter(RunRow.Columns.probe == probe && RunRow.Columns.route == Self.routeKey(route))
                .filter(RunRow.Columns.status == ProbeStatus.ok.rawValue)
                .order(RunRow.Columns.startedAtMs.desc, RunRow.Columns.id.desc)
                .fetchOne(db)
                .map(record(of:))
        }
    }

    /// The record a row holds, with its id.
    func record(of row: RunRow) throws -> ProbeRunRecord {
        var record = try decodeJSON(ProbeRunRecord.self, from: row.record, what: "run \(row.id ?? 0)")
        record.id = row.id
        return record
    }
}
