import Foundation
import GRDB

extension HistoryStore {
    /// Deletes old rows, at most `batch` per table per call, each table in its own short transaction so
    /// that writers never wait long; returns how many rows went. Call again while it returns more than 0.
    ///
    /// Runs, alert events and finished outbox entries (with their attempts) older than `runsBeforeMs`;
    /// rollup buckets that start before `rollupsBeforeMs` (usually kept much longer than runs); and
    /// silences that ended (or were ended) before `runsBeforeMs`. Pending outbox entries and alert states
    /// are never pruned here.
    public func prune(runsBeforeMs: Int64, rollupsBeforeMs: Int64, batch: Int = 500) throws -> Int {
        guard batch >= 1 else { throw invalid("batch must be at least 1, got \(batch)") }
        var deleted = 0
        deleted += try writer.write { db in
            try db.execute(sql: """
                DELETE FROM run WHERE id IN (SELECT id FROM run WHERE started_at_ms < ? ORDER BY started_at_ms LIMIT ?)
                """, arguments: [runsBeforeMs, batch])
            let runs = db.changesCount
            try db.execute(sql: """
                DELETE FROM run_latest WHERE NOT EXISTS (SELECT 1 FROM run WHERE run.id = run_latest.run_id)
                """)
            return runs
        }
        deleted += try deleteBatch(from: "rollup", where: "bucket_start_ms < ?", order: "bucket_start_ms", before: rollupsBeforeMs, batch: batch)
        deleted += try deleteBatch(from: "alert_event", where: "at_ms < ?", order: "at_ms", before: runsBeforeMs, batch: batch)
        deleted += try deleteBatch(from: "outbox", where: "status <> 'pending' AND created_at_ms < ?", order: "created_at_ms",
                                   before: runsBeforeMs, batch: batch)
        deleted += try deleteBatch(from: "silence", where: "ends_at_ms < ?", order: "ends_at_ms", before: runsBeforeMs, batch: batch)
        return deleted
    }

    private func deleteBatch(from table: String, where condition: String, order: String, before: Int64, batch: Int) throws -> Int {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM \(table) WHERE id IN (SELECT id FROM \(table) WHERE \(condition) ORDER BY \(order) LIMIT ?)",
                           arguments: [before, batch])
            return db.changesCount
        }
    }

    /// SQLite's `PRAGMA integrity_check`: `ok`, or its complaints one per line.
    public func integrityCheck() throws -> String {
        try writer.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }

    /// Stored runs, and the database's size in bytes (pages in use, plus the WAL file when there is one).
    public func stats() throws -> (runs: Int, bytes: Int) {
        let (runs, pages) = try writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0,
             (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0))
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        let wal = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        return (runs: runs, bytes: pages + wal)
    }
}
