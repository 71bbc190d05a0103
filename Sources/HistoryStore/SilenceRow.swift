import GRDB

/// A row of `silence`.
struct SilenceRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "silence"

    var silence: StoredSilence

    init(_ silence: StoredSilence) {
        self.silence = silence
    }

    init(from decoder: any Decoder) throws {
        silence = try StoredSilence(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try silence.encode(to: encoder)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        silence.id = inserted.rowID
    }
}
