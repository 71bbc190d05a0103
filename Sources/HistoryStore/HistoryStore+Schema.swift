import GRDB

extension HistoryStore {
    /// The schema, one named migration per change. A migration never changes once shipped:
    /// a new column or index is a new migration appended at the end.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("runs", migrate: createRuns)
        migrator.registerMigration("rollups", migrate: createRollups)
        migrator.registerMigration("alerts", migrate: createAlerts)
        migrator.registerMigration("outbox", migrate: createOutbox)
        migrator.registerMigration("silences", migrate: createSilences)
        migrator.registerMigration("outbox_delivered_parts", migrate: addDeliveredParts)
        migrator.registerMigration("leftover_tokens", migrate: createLeftoverTokens)
        return migrator
    }

    /// `run` (indexed columns and the record's JSON), `run_latest` (one row per probe and route) and `run_journal`.
    private static func createRuns(_ db: Database) throws {
        try db.create(table: "run") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("probe", .text).notNull()
            t.column("route", .text).notNull().defaults(to: "")
            t.column("kind", .text).notNull()
            t.column("location", .text)
            t.column("started_at_ms", .integer).notNull()
            t.column("duration_ms", .double).notNull()
            t.column("state", .text).notNull()
            t.column("status", .text).notNull()
            t.column("token", .text)
            t.column("record", .text).notNull()
        }
        try db.create(index: "run_by_key", on: "run", columns: ["probe", "route", "started_at_ms"])
        try db.create(index: "run_by_start", on: "run", columns: ["started_at_ms"])
        try db.create(table: "run_latest", options: .withoutRowID) { t in
            t.column("probe", .text).notNull()
            t.column("route", .text).notNull()
            t.column("run_id", .integer).notNull()
            t.column("started_at_ms", .integer).notNull()
            t.primaryKey(["probe", "route"])
        }
        try db.create(table: "run_journal") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("probe", .text).notNull()
            t.column("route", .text)
            t.column("kind", .text).notNull()
            t.column("started_at_ms", .integer).notNull()
            t.column("token", .text)
            t.column("location", .text)
        }
    }

    /// `rollup`: per probe, route, phase, resolution and bucket start.
    private static func createRollups(_ db: Database) throws {
        try db.create(table: "rollup") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("probe", .text).notNull()
            t.column("route", .text).notNull()
            t.column("phase", .text).notNull()
            t.column("resolution_ms", .integer).notNull()
            t.column("bucket_start_ms", .integer).notNull()
            t.column("count", .integer).notNull()
            t.column("ok_count", .integer).notNull()
            t.column("warning_count", .integer).notNull()
            t.column("critical_count", .integer).notNull()
            t.column("unknown_count", .integer).notNull()
            t.column("min_ms", .double).notNull()
            t.column("max_ms", .double).notNull()
            t.column("sum_ms", .double).notNull()
            t.column("histogram", .blob).notNull()
            t.uniqueKey(["probe", "route", "phase", "resolution_ms", "bucket_start_ms"])
        }
        try db.create(index: "rollup_by_bucket", on: "rollup", columns: ["bucket_start_ms"])
    }

    /// `alert_state` (generic JSON per key), `alert_event` (history) and `sequence` (alert ids).
    private static func createAlerts(_ db: Database) throws {
        try db.create(table: "alert_state") { t in
            t.column("probe", .text).notNull()
            t.column("route", .text).notNull()
            t.column("firing", .boolean).notNull()
            t.column("severity", .text)
            t.column("since_ms", .integer)
            t.column("state", .text).notNull()
            t.primaryKey(["probe", "route"])
        }
        try db.create(index: "alert_state_firing", on: "alert_state", columns: ["firing"])
        try db.create(table: "alert_event") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("probe", .text).notNull()
            t.column("route", .text).notNull()
            t.column("alert_id", .integer).notNull()
            t.column("event", .text).notNull()
            t.column("severity", .text).notNull()
            t.column("at_ms", .integer).notNull()
            t.column("summary", .text).notNull()
            t.column("held", .text)
        }
        try db.create(index: "alert_event_by_key", on: "alert_event", columns: ["probe", "route"])
        try db.create(index: "alert_event_by_time", on: "alert_event", columns: ["at_ms"])
        try db.create(table: "sequence", options: .withoutRowID) { t in
            t.column("name", .text).notNull().primaryKey()
            t.column("value", .integer).notNull()
        }
    }

    /// `outbox` (the durable notification queue) and `notification_attempts`.
    private static func createOutbox(_ db: Database) throws {
        try db.create(table: "outbox") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("notifier", .text).notNull()
            t.column("dedup_key", .text).notNull()
            t.column("notice", .text).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("next_attempt_at_ms", .integer).notNull()
            t.column("created_at_ms", .integer).notNull()
            t.column("status", .text).notNull().defaults(to: "pending")
            t.column("finished_at_ms", .integer)
            t.uniqueKey(["notifier", "dedup_key"])
        }
        try db.create(index: "outbox_due", on: "outbox", columns: ["status", "next_attempt_at_ms"])
        try db.create(index: "outbox_by_created", on: "outbox", columns: ["created_at_ms"])
        try db.create(table: "notification_attempts") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("outbox_id", .integer).notNull().indexed().references("outbox", onDelete: .cascade)
            t.column("notifier", .text).notNull()
            t.column("attempt", .integer).notNull()
            t.column("at_ms", .integer).notNull()
            t.column("result", .text).notNull()
            t.column("http_status", .integer)
            t.column("error", .text)
            t.column("latency_ms", .double)
        }
    }

    /// `outbox.delivered_parts`: the parts (SMS recipients) an entry's attempts reached, a JSON array.
    private static func addDeliveredParts(_ db: Database) throws {
        try db.alter(table: "outbox") { t in t.add(column: "delivered_parts", .text) }
    }

    /// `leftover_token`: the probe messages of interrupted runs, to delete on the probe's next run.
    private static func createLeftoverTokens(_ db: Database) throws {
        try db.create(table: "leftover_token") { t in
            t.column("token", .text).notNull().primaryKey()
            t.column("probe", .text).notNull()
            t.column("route", .text).notNull()
            t.column("run_id", .integer)
            t.column("created_at_ms", .integer).notNull()
            t.column("tries", .integer).notNull().defaults(to: 0)
        }
        try db.create(index: "leftover_token_by_probe", on: "leftover_token", columns: ["probe"])
    }

    /// `silence`: matchers (`NULL` matches any) and a time span.
    private static func createSilences(_ db: Database) throws {
        try db.create(table: "silence") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("probe", .text)
            t.column("route", .text)
            t.column("location", .text)
            t.column("starts_at_ms", .integer).notNull()
            t.column("ends_at_ms", .integer).notNull()
            t.column("comment", .text).notNull()
            t.column("created_by", .text)
        }
        try db.create(index: "silence_by_end", on: "silence", columns: ["ends_at_ms"])
    }
}
