import GRDB
import Probe

/// A row of `run`: the columns queries filter on, and the record's JSON.
struct RunRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run"

    var id: Int64?
    var probe: String
    /// `''` when the record has no route.
    var route: String
    var kind: String
    var location: String?
    var startedAtMs: Int64
    var durationMs: Double
    var state: String
    var status: String
    var token: String?
    /// The record's JSON, without its `id` (that is the row's).
    var record: String

    enum CodingKeys: String, CodingKey {
        case id, probe, route, kind, location, state, status, token, record
        case startedAtMs = "started_at_ms"
        case durationMs = "duration_ms"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let probe = Column(CodingKeys.probe)
        static let route = Column(CodingKeys.route)
        static let status = Column(CodingKeys.status)
        static let state = Column(CodingKeys.state)
        static let startedAtMs = Column(CodingKeys.startedAtMs)
    }

    /// The row for `record`, whose JSON is `json`.
    init(_ record: ProbeRunRecord, json: String) {
        probe = record.probe
        route = HistoryStore.routeKey(record.route)
        kind = record.kind.rawValue
        location = record.location
        startedAtMs = record.startedAtMs
        durationMs = record.durationMs
        state = record.state.rawValue
        status = record.status.rawValue
        token = record.token
        self.record = json
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
