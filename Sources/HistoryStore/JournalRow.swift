import GRDB

/// A row of `run_journal`: a run in flight. Left behind when the daemon dies mid-run.
struct JournalRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run_journal"

    var id: Int64?
    var probe: String
    var route: String?
    var kind: String
    var startedAtMs: Int64
    var token: String?
    var location: String?

    enum CodingKeys: String, CodingKey {
        case id, probe, route, kind, token, location
        case startedAtMs = "started_at_ms"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
