import GRDB

/// A row of `notification_attempts`.
struct AttemptRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "notification_attempts"

    var id: Int64?
    var outboxID: Int64
    var notifier: String
    var attempt: Int
    var atMs: Int64
    var result: String
    var httpStatus: Int?
    var error: String?
    var latencyMs: Double?

    enum CodingKeys: String, CodingKey {
        case id, notifier, attempt, result, error
        case outboxID = "outbox_id"
        case atMs = "at_ms"
        case httpStatus = "http_status"
        case latencyMs = "latency_ms"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
