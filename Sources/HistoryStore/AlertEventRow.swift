import GRDB
import MonitorCore

/// A row of `alert_event`.
struct AlertEventRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "alert_event"

    var id: Int64?
    var probe: String
    var route: String
    var alertID: Int64
    var event: String
    var severity: String
    var atMs: Int64
    var summary: String
    var held: String?

    enum CodingKeys: String, CodingKey {
        case id, probe, route, event, severity, summary, held
        case alertID = "alert_id"
        case atMs = "at_ms"
    }

    init(_ event: AlertEvent) {
        id = nil
        probe = event.key.probe
        route = HistoryStore.routeKey(event.key.route)
        alertID = event.alertID
        self.event = event.event.rawValue
        severity = event.severity.rawValue
        atMs = event.atMs
        summary = event.summary
        held = event.held
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
