import HistoryStore
import Probe
import Testing

@Suite struct JournalTests {
    @Test func aStoredRunRemovesItsJournalRow() throws {
        let store = try HistoryStore.inMemory()
        let journal = try store.journalStart(probe: "corp", route: nil, kind: .roundTrip, startedAtMs: 1_000,
                                             token: "mp-1", location: "office-berlin")

        try store.insert(StoreFixtures.run(at: 1_000), journalID: journal, keepTrace: false)

        #expect(try store.recoverInterrupted(nowMs: 9_000).isEmpty)
        #expect(try store.stats().runs == 1)
    }

    @Test func journalRowsLeftByACrashBecomeInterruptedRuns() throws {
        let store = try HistoryStore.inMemory()
        _ = try store.journalStart(probe: "corp", route: nil, kind: .roundTrip, startedAtMs: 1_000, token: "mp-1", location: "berlin")
        _ = try store.journalStart(probe: "mesh", route: "a->b", kind: .transit, startedAtMs: 2_000, token: nil, location: nil)

        let recovered = try store.recoverInterrupted(nowMs: 61_000)

        #expect(recovered.map(\.probe) == ["corp", "mesh"])
        #expect(recovered.map(\.state) == [.interrupted, .interrupted])
        #expect(recovered.map(\.status) == [.unknown, .unknown])
        #expect(recovered.map(\.route) == [nil, "a->b"])
        #expect(recovered.map(\.kind) == [.roundTrip, .transit])
        #expect(recovered.map(\.token) == ["mp-1", nil])
        #expect(recovered.first?.location == "berlin")
        #expect(recovered.first?.reasons.first?.message.contains("60 s after it started") == true)
        for run in recovered {
            #expect(try store.run(id: #require(run.id)) == run)
        }
        // Emptied: a second recovery finds nothing; interrupted runs measured nothing, so no rollups.
        #expect(try store.recoverInterrupted(nowMs: 70_000).isEmpty)
        #expect(try store.availability(probe: "corp", route: nil, sinceMs: 0) == (runs: 0, ok: 0))
        #expect(try store.latestRuns().map(\.state) == [.interrupted, .interrupted])
    }
}
