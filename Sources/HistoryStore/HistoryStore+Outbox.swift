import GRDB
import MonitorCore

extension HistoryStore {
    /// Queues notices for their notifiers (queue a notice directly; ``saveAlert(key:state:firing:severity:sinceMs:event:notices:)``
    /// queues an alert's notices with its state). A dedup key already queued for the notifier is skipped.
    public func queue(_ notices: [QueuedNotice]) throws {
        try writer.write { db in try queue(notices, db: db) }
    }

    /// Inside the caller's transaction.
    func queue(_ notices: [QueuedNotice], db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO outbox (notifier, dedup_key, notice, attempts, next_attempt_at_ms, created_at_ms, status)
            VALUES (?, ?, ?, 0, ?, ?, 'pending')
            ON CONFLICT (notifier, dedup_key) DO NOTHING
            """)
        for queued in notices {
            try insert.execute(arguments: [queued.notifier, queued.dedupKey, try Self.encodeJSON(queued.notice),
                                           queued.notBeforeMs, queued.notice.atMs])
        }
    }

    /// The pending entries due at `nowMs`, earliest first (then in queueing order), at most `limit`.
    public func dueNotifications(nowMs: Int64, limit: Int) throws -> [OutboxEntry] {
        guard limit >= 1 else { throw invalid("limit must be at least 1, got \(limit)") }
        let rows = try writer.read { db in
            try OutboxRow
                .filter(Column("status") == OutboxRow.Status.pending.rawValue && Column("next_attempt_at_ms") <= nowMs)
                .order(Column("next_attempt_at_ms"), Column("id"))
                .limit(min(limit, RunQuery.maximumLimit))
                .fetchAll(db)
        }
        return try rows.map { row in
            OutboxEntry(id: row.id ?? 0, notifier: row.notifier,
                        notice: try decodeJSON(AlertNotice.self, from: row.notice, what: "outbox \(row.id ?? 0)"),
                        attempts: row.attempts, nextAttemptAtMs: row.nextAttemptAtMs, createdAtMs: row.createdAtMs,
                        deliveredParts: try row.deliveredParts.map { try decodeJSON([String].self, from: $0, what: "outbox \(row.id ?? 0) parts") } ?? [])
        }
    }

    /// When the earliest pending entry is due, Unix ms; `nil` when nothing is pending.
    public func nextNotificationDue() throws -> Int64? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_at_ms) FROM outbox WHERE status = 'pending'")
        }
    }

    /// Stores an attempt and moves its entry on (retry later, delivered, or given up), in one transaction,
    /// with the parts (SMS recipients) delivered so far when the notifier sends in parts.
    ///
    /// Throws `notFound` for an entry that does not exist, `invalidArgument` for one already finished.
    public func recordAttempt(_ attempt: NotificationAttempt, outboxID: Int64, next: OutboxNext, deliveredParts: [String] = []) throws {
        let parts = deliveredParts.isEmpty ? nil : try Self.encodeJSON(deliveredParts)
        try writer.write { db in
            guard var entry = try OutboxRow.fetchOne(db, key: outboxID) else {
                throw HistoryStoreError(.notFound, path: path, "no outbox entry \(outboxID)")
            }
            guard entry.status == .pending else {
                throw invalid("outbox entry \(outboxID) is already \(entry.status.rawValue)")
            }
            var row = AttemptRow(id: nil, outboxID: outboxID, notifier: attempt.notifier, attempt: attempt.attempt,
                                 atMs: attempt.atMs, result: attempt.result.rawValue, httpStatus: attempt.httpStatus,
                                 error: attempt.error, latencyMs: attempt.latencyMs)
            try row.insert(db)
            entry.attempts += 1
            if let parts { entry.deliveredParts = parts }
            switch next {
            case .retry(let atMs):
                entry.nextAttemptAtMs = atMs
            case .delivered:
                entry.status = .delivered
                entry.finishedAtMs = attempt.atMs
            case .gaveUp:
                entry.status = .gaveUp
                entry.finishedAtMs = attempt.atMs
            }
            try entry.update(db)
        }
    }

    /// The attempts of one entry, or of all when `outboxID` is `nil`, in the order they were made.
    public func notificationAttempts(outboxID: Int64?) throws -> [NotificationAttempt] {
        var request = AttemptRow.all()
        if let outboxID { request = request.filter(Column("outbox_id") == outboxID) }
        let rows = try writer.read { db in try request.order(Column("id")).fetchAll(db) }
        return try rows.map { row in
            guard let result = NotificationAttempt.Result(rawValue: row.result) else {
                throw HistoryStoreError(.corruptRow, path: path, "notification_attempts \(row.id ?? 0): unknown result \"\(row.result)\"")
            }
            return NotificationAttempt(outboxID: row.outboxID, notifier: row.notifier, attempt: row.attempt, atMs: row.atMs,
                                       result: result, httpStatus: row.httpStatus, error: row.error, latencyMs: row.latencyMs)
        }
    }
}
