import GRDB
import MonitorCore

extension HistoryStore {
    /// Deletes the stored state of a key the alert engine no longer watches (its history stays).
    public func deleteAlert(key: AlertKey) throws {
        try writer.write { db in try deleteAlert(key: key, db: db) }
    }

    /// Inside the caller's transaction.
    func deleteAlert(key: AlertKey, db: Database) throws {
        try db.execute(sql: "DELETE FROM alert_state WHERE probe = ? AND route = ?", arguments: [key.probe, Self.routeKey(key.route)])
    }

    /// Moves a pending outbox entry to a later attempt without counting one (a rate limit held it back).
    public func postpone(outboxID: Int64, untilMs: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE outbox SET next_attempt_at_ms = ? WHERE id = ? AND status = 'pending'", arguments: [untilMs, outboxID])
        }
    }

    /// Ends the pending outbox entries of an alert for a notifier without sending them (a newer notice,
    /// the recovery, replaces them); returns how many.
    @discardableResult
    public func supersede(alertID: Int64, notifier: String, atMs: Int64) throws -> Int {
        try writer.write { db in try supersede(alertID: alertID, notifier: notifier, atMs: atMs, db: db) }
    }

    /// Inside the caller's transaction.
    func supersede(alertID: Int64, notifier: String, atMs: Int64, db: Database) throws -> Int {
        try db.execute(sql: """
            UPDATE outbox SET status = 'gave_up', finished_at_ms = ?
            WHERE status = 'pending' AND notifier = ? AND json_extract(notice, '$.alert_id') = ?
              AND json_extract(notice, '$.event') != 'resolved'
            """, arguments: [atMs, notifier, alertID])
        return db.changesCount
    }
}
