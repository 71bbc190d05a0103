import GRDB

/// A row of `alert_state`: the alert engine's state for one key, as JSON, and the columns the firing list reads.
struct AlertStateRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "alert_state"

    var probe: String
    var route: String
    var firing: Bool
    var severity: String?
    var sinceMs: Int64?
    var state: String

    enum CodingKeys: String, CodingKey {
        case probe, route, firing, severity, state
        case sinceMs = "since_ms"
    }
}
