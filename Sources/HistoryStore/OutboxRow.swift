import GRDB

/// A row of `outbox`.
struct OutboxRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"

    enum Status: String, Codable {
        case pending
        case delivered
        case gaveUp = "gave_up"
    }

    var id: Int64?
    var notifier: String
    var dedupKey: String
    var notice: String
    var attempts: Int
    var nextAttemptAtMs: Int64
    var createdAtMs: Int64
    var status: Status
    var finishedAtMs: Int64?
    /// A JSON array of the parts (SMS recipients) delivered so far, or `NULL`.
    var deliveredParts: String?

    enum CodingKeys: String, CodingKey {
        case id, notifier, notice, attempts, status
        case dedupKey = "dedup_key"
        case nextAttemptAtMs = "next_attempt_at_ms"
        case createdAtMs = "created_at_ms"
        case finishedAtMs = "finished_at_ms"
        case deliveredParts = "delivered_parts"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
