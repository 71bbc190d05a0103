import GRDB
import MonitorCore

extension HistoryStore {
    /// Saves an alert change in one transaction: the key's state (any `Codable`, kept as JSON), the event
    /// appended to the history, and the notices queued in the outbox. Returns the event's id, if there was one.
    ///
    /// A firing state needs its severity and start.
    @discardableResult
    public func saveAlert<State: Codable>(key: AlertKey, state: State, firing: Bool, severity: AlertSeverity?,
                                          sinceMs: Int64?, event: AlertEvent?, notices: [QueuedNotice]) throws -> Int64? {
        try writer.write { db in
            try saveAlert(key: key, state: state, firing: firing, severity: severity, sinceMs: sinceMs, event: event, notices: notices, db: db)
        }
    }

    /// Inside the caller's transaction.
    func saveAlert<State: Codable>(key: AlertKey, state: State, firing: Bool, severity: AlertSeverity?,
                                   sinceMs: Int64?, event: AlertEvent?, notices: [QueuedNotice], db: Database) throws -> Int64? {
        if firing, severity == nil || sinceMs == nil {
            throw invalid("alert \(key): a firing state needs a severity and a start")
        }
        let json = try Self.encodeJSON(state)
        let row = AlertStateRow(probe: key.probe, route: Self.routeKey(key.route), firing: firing,
                                severity: severity?.rawValue, sinceMs: sinceMs, state: json)
        try row.insert(db, onConflict: .replace)
        var eventID: Int64?
        if let event {
            var eventRow = AlertEventRow(event)
            try eventRow.insert(db)
            eventID = eventRow.id
        }
        try queue(notices, db: db)
        return eventID
    }

    /// Every saved alert state, decoded as `type`, ordered by key.
    public func alertStates<State: Codable>(as type: State.Type) throws -> [State] {
        let rows = try writer.read { db in
            try AlertStateRow.order(Column("probe"), Column("route")).fetchAll(db)
        }
        return try rows.map { row in
            try decodeJSON(State.self, from: row.state, what: "alert_state \(row.probe) \(row.route)")
        }
    }

    /// Alert history, newest first, at most `limit` events; of one key only when `key` is given.
    public func alertEvents(limit: Int, key: AlertKey? = nil) throws -> [AlertEvent] {
        guard limit >= 1 else { throw invalid("limit must be at least 1, got \(limit)") }
        var request = AlertEventRow.all()
        if let key {
            request = request.filter(Column("probe") == key.probe && Column("route") == Self.routeKey(key.route))
        }
        let rows = try writer.read { db in
            try request.order(Column("id").desc).limit(min(limit, RunQuery.maximumLimit)).fetchAll(db)
        }
        return try rows.map { row in
            guard let event = AlertNotice.Event(rawValue: row.event), let severity = AlertSeverity(rawValue: row.severity) else {
                throw HistoryStoreError(.corruptRow, path: path, "alert_event \(row.id ?? 0): unknown event \"\(row.event)\" or severity \"\(row.severity)\"")
            }
            return AlertEvent(id: row.id, key: AlertKey(probe: row.probe, route: Self.route(fromKey: row.route)),
                              alertID: row.alertID, event: event, severity: severity, atMs: row.atMs,
                              summary: row.summary, held: row.held)
        }
    }

    /// The alerts whose saved state is firing, ordered by key.
    public func firingAlerts() throws -> [FiringAlert] {
        let rows = try writer.read { db in
            try AlertStateRow.filter(Column("firing") == true).order(Column("probe"), Column("route")).fetchAll(db)
        }
        return try rows.map { row in
            guard let text = row.severity, let severity = AlertSeverity(rawValue: text), let sinceMs = row.sinceMs else {
                throw HistoryStoreError(.corruptRow, path: path, "alert_state \(row.probe) \(row.route): firing without severity or start")
            }
            return FiringAlert(key: AlertKey(probe: row.probe, route: Self.route(fromKey: row.route)),
                               severity: severity, sinceMs: sinceMs)
        }
    }

    /// A new alert id (one per firing period), from a counter that survives restarts: 1, 2, 3, …
    public func nextAlertID() throws -> Int64 {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO sequence (name, value) VALUES ('alert_id', 1)
                ON CONFLICT (name) DO UPDATE SET value = value + 1
                """)
            return try Int64.fetchOne(db, sql: "SELECT value FROM sequence WHERE name = 'alert_id'") ?? 1
        }
    }
}
