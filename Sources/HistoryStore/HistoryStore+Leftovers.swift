import GRDB

extension HistoryStore {
    /// The probe messages interrupted runs of `probe` left behind, oldest first.
    public func leftoverTokens(probe: String) throws -> [LeftoverToken] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT token, probe, route, run_id, tries FROM leftover_token WHERE probe = ? ORDER BY created_at_ms, token
                """, arguments: [probe]).map { row in
                LeftoverToken(token: row["token"], probe: row["probe"], route: Self.route(fromKey: row["route"]),
                              runID: row["run_id"], tries: row["tries"])
            }
        }
    }

    /// The messages of these tokens are gone (deleted, or not found in any folder): forget them.
    public func leftoversSwept(_ tokens: [String]) throws {
        guard !tokens.isEmpty else { return }
        try writer.write { db in
            for token in tokens { try db.execute(sql: "DELETE FROM leftover_token WHERE token = ?", arguments: [token]) }
        }
    }

    /// A sweep of these tokens failed: counts the try, and gives up on those that reached `maxTries`
    /// (forgotten; the round trip's age sweep removes their messages later). Returns the ones given up.
    @discardableResult
    public func leftoverSweepFailed(_ tokens: [String], maxTries: Int) throws -> [String] {
        guard !tokens.isEmpty else { return [] }
        return try writer.write { db in
            var givenUp: [String] = []
            for token in tokens {
                try db.execute(sql: "UPDATE leftover_token SET tries = tries + 1 WHERE token = ?", arguments: [token])
                let tries = try Int.fetchOne(db, sql: "SELECT tries FROM leftover_token WHERE token = ?", arguments: [token])
                if let tries, tries >= maxTries {
                    try db.execute(sql: "DELETE FROM leftover_token WHERE token = ?", arguments: [token])
                    givenUp.append(token)
                }
            }
            return givenUp
        }
    }

    /// Removes journal rows of a run whose records did not consume them (a transit run that could not start).
    public func journalEnd(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in _ = try JournalRow.deleteAll(db, keys: ids) }
    }

    /// Inside `recoverInterrupted`: the token of a recovered run, to be swept.
    func noteLeftover(token: String, probe: String, route: String?, runID: Int64, atMs: Int64, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO leftover_token (token, probe, route, run_id, created_at_ms, tries) VALUES (?, ?, ?, ?, ?, 0)
            ON CONFLICT (token) DO NOTHING
            """, arguments: [token, probe, Self.routeKey(route), runID, atMs])
    }
}
