import GRDB

extension HistoryStore {
    /// Longest comment or matcher a silence keeps, in bytes.
    static let silenceTextLimit = 4096

    /// Stores a silence and returns it with its id. It must end after it starts.
    public func insertSilence(probe: String?, route: String?, location: String?, startsAtMs: Int64, endsAtMs: Int64,
                              comment: String, createdBy: String?) throws -> StoredSilence {
        guard endsAtMs > startsAtMs else { throw invalid("a silence must end after it starts: \(startsAtMs) ..< \(endsAtMs)") }
        for text in [probe, route, location, comment, createdBy].compactMap(\.self) where text.utf8.count > Self.silenceTextLimit {
            throw invalid("silence text longer than \(Self.silenceTextLimit) bytes")
        }
        var row = SilenceRow(StoredSilence(probe: probe, route: route, location: location, startsAtMs: startsAtMs,
                                           endsAtMs: endsAtMs, comment: comment, createdBy: createdBy))
        try writer.write { db in try row.insert(db) }
        return row.silence
    }

    /// Ends a silence at `atMs` (if it would end later); `false` when there is no such silence.
    public func endSilence(id: Int64, atMs: Int64) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE silence SET ends_at_ms = MIN(ends_at_ms, ?) WHERE id = ?", arguments: [atMs, id])
            return db.changesCount > 0
        }
    }

    /// The silences in force at `activeAtMs`, or all when it is `nil`, by start then id.
    public func silences(activeAtMs: Int64?) throws -> [StoredSilence] {
        var request = SilenceRow.all()
        if let activeAtMs {
            request = request.filter(Column("starts_at_ms") <= activeAtMs && Column("ends_at_ms") > activeAtMs)
        }
        return try writer.read { db in try request.order(Column("starts_at_ms"), Column("id")).fetchAll(db) }.map(\.silence)
    }
}
