import HistoryStore
import MonitorCore
import Testing

@Suite struct SilenceTests {
    @Test func silencesAreListedWhenActiveAndCanBeEndedEarly() throws {
        let store = try HistoryStore.inMemory()
        let maintenance = try store.insertSilence(probe: "corp", route: nil, location: nil, startsAtMs: 1_000, endsAtMs: 5_000,
                                                  comment: "mail server upgrade", createdBy: "ops")
        let later = try store.insertSilence(probe: nil, route: "a->b", location: "berlin", startsAtMs: 4_000, endsAtMs: 9_000,
                                            comment: "", createdBy: nil)

        #expect(maintenance.id != nil)
        #expect(try store.silences(activeAtMs: nil) == [maintenance, later])
        #expect(try store.silences(activeAtMs: 999).isEmpty)
        #expect(try store.silences(activeAtMs: 1_000) == [maintenance])
        #expect(try store.silences(activeAtMs: 4_500) == [maintenance, later])
        #expect(try store.silences(activeAtMs: 5_000) == [later])

        #expect(try store.endSilence(id: try #require(later.id), atMs: 4_200))
        #expect(try store.silences(activeAtMs: 4_500) == [maintenance])
        #expect(try store.silences(activeAtMs: nil).last?.endsAtMs == 4_200)
        #expect(try store.endSilence(id: 999, atMs: 4_200) == false)
    }

    @Test func endingLaterThanTheEndKeepsTheEnd() throws {
        let store = try HistoryStore.inMemory()
        let silence = try store.insertSilence(probe: "corp", route: nil, location: nil, startsAtMs: 0, endsAtMs: 100, comment: "", createdBy: nil)
        #expect(try store.endSilence(id: try #require(silence.id), atMs: 500))
        #expect(try store.silences(activeAtMs: nil).first?.endsAtMs == 100)
    }

    @Test func aSilenceMustEndAfterItStarts() throws {
        let store = try HistoryStore.inMemory()
        let error = try #require(throws: HistoryStoreError.self) {
            try store.insertSilence(probe: nil, route: nil, location: nil, startsAtMs: 10, endsAtMs: 10, comment: "", createdBy: nil)
        }
        #expect(error.code == .invalidArgument)
    }

    @Test(arguments: [
        (AlertKey(probe: "corp"), "berlin", Int64(2_000), true),
        (AlertKey(probe: "corp", route: "a->b"), nil, Int64(2_000), true),
        (AlertKey(probe: "mesh"), "berlin", Int64(2_000), false),
        (AlertKey(probe: "corp"), "berlin", Int64(5_000), false),
    ])
    func matchersOfNilMatchAnything(key: AlertKey, location: String?, atMs: Int64, silenced: Bool) {
        let silence = StoredSilence(probe: "corp", route: nil, location: nil, startsAtMs: 1_000, endsAtMs: 5_000, comment: "", createdBy: nil)
        #expect(silence.silences(key, location: location, atMs: atMs) == silenced)
    }

    /// Matched as the alert engine matches it: no matcher at all silences nothing (the store has no `matches_all`).
    @Test func matchingIsTheEngines() throws {
        let store = try HistoryStore.inMemory()
        let empty = try store.insertSilence(probe: nil, route: nil, location: nil, startsAtMs: 0, endsAtMs: 10_000, comment: "",
                                            createdBy: "api")
        #expect(!empty.silences(AlertKey(probe: "corp"), location: "berlin", atMs: 5_000))
        let stored = try store.insertSilence(probe: "corp", route: nil, location: "berlin", startsAtMs: 0, endsAtMs: 10_000,
                                             comment: "move", createdBy: "api")
        let engine = try #require(stored.alertSilence)
        #expect(engine == AlertSilence(id: try #require(stored.id), probe: "corp", location: "berlin", startsAtMs: 0,
                                       endsAtMs: 10_000, comment: "move", createdBy: "api"))
        for (key, location) in [(AlertKey(probe: "corp"), "berlin"), (AlertKey(probe: "corp"), "paris"), (AlertKey(probe: "mesh"), "berlin")] {
            #expect(stored.silences(key, location: location, atMs: 5_000) == engine.matches(key, location: location, at: 5_000))
        }
        #expect(StoredSilence(probe: "corp", route: nil, location: nil, startsAtMs: 0, endsAtMs: 1, comment: "", createdBy: nil)
            .alertSilence == nil)
    }
}

/// Silences that ended long ago go with the retention pass, in batches.
@Suite struct SilencePruneTests {
    @Test func endedAndExpiredSilencesOlderThanRetentionArePrunedInBatches() throws {
        let store = try HistoryStore.inMemory()
        var expired: [Int64] = []
        for index in 0..<5 {
            let silence = try store.insertSilence(probe: "corp", route: nil, location: nil, startsAtMs: 1_000, endsAtMs: 2_000 + Int64(index),
                                                  comment: "expired \(index)", createdBy: nil)
            expired.append(try #require(silence.id))
        }
        let ended = try store.insertSilence(probe: "corp", route: nil, location: nil, startsAtMs: 1_000, endsAtMs: 90_000,
                                            comment: "ended by DELETE", createdBy: "api")
        #expect(try store.endSilence(id: try #require(ended.id), atMs: 3_000))
        let recent = try store.insertSilence(probe: "corp", route: nil, location: nil, startsAtMs: 1_000, endsAtMs: 9_000,
                                             comment: "ended after the cutoff", createdBy: nil)
        let active = try store.insertSilence(probe: "corp", route: nil, location: nil, startsAtMs: 1_000, endsAtMs: 90_000,
                                             comment: "still active", createdBy: nil)
        var rounds: [Int] = []
        while rounds.count < 10 {
            let deleted = try store.prune(runsBeforeMs: 5_000, rollupsBeforeMs: 0, batch: 4)
            rounds.append(deleted)
            if deleted == 0 { break }
        }
        #expect(rounds == [4, 2, 0])
        #expect(try store.silences(activeAtMs: nil).map(\.id) == [recent.id, active.id])
    }
}
