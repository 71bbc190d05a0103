import Foundation
import HistoryStore
import Probe
import Testing

@Suite struct RunStoreTests {
    @Test func aRunWithEveryFieldRoundTripsWithItsID() throws {
        let store = try HistoryStore.inMemory()
        let record = try StoreFixtures.fullRun()

        let id = try store.insert(record, keepTrace: true)

        var expected = record
        expected.id = id
        #expect(try store.run(id: id) == expected)
        #expect(try store.run(id: id + 1) == nil)
    }

    @Test(arguments: [true, false])
    func tracesAreKeptOnlyWhenAskedFor(keepTrace: Bool) throws {
        let store = try HistoryStore.inMemory()
        let record = try StoreFixtures.fullRun()

        let stored = try #require(try store.run(id: store.insert(record, keepTrace: keepTrace)))

        #expect(stored.traces == (keepTrace ? record.traces : nil))
        #expect(stored.phases == record.phases)
    }

    @Test func aTraceOver64KiBIsCutWithANote() throws {
        let store = try HistoryStore.inMemory()
        var record = try StoreFixtures.fullRun()
        let line = String(repeating: "x", count: 200)
        record.traces = ["smtp": (0..<400).map { .init(ms: Double($0), dir: "C", line: line) },
                         "imap.idle": (0..<10).map { .init(ms: Double($0), dir: "S", line: line) }]

        let stored = try #require(try store.run(id: store.insert(record, keepTrace: true)))
        let traces = try #require(stored.traces)

        let size = try JSONEncoder().encode(traces).count
        #expect(size <= 64 * 1024)
        #expect(size > 60 * 1024)
        // Sessions in name order: imap.idle whole, then smtp cut, ending with the note.
        #expect(traces["imap.idle"]?.count == 10)
        let smtp = try #require(traces["smtp"])
        #expect(smtp.count < 401)
        #expect(smtp.dropLast().allSatisfy { $0.line == line })
        let note = try #require(smtp.last)
        #expect(note.dir == "*")
        #expect(note.line == "trace cut at 64 KiB: \(400 - (smtp.count - 1)) more lines not stored")
    }

    @Test func aBatchWithARunThatCannotBeStoredStoresNothing() throws {
        let store = try HistoryStore.inMemory()
        let journal = try store.journalStart(probe: "corp", route: nil, kind: .roundTrip, startedAtMs: 2_000, token: nil, location: nil)
        let good = StoreFixtures.run(at: 1_000)
        let bad = StoreFixtures.run(at: 2_000, durationMs: .nan)

        let error = try #require(throws: HistoryStoreError.self) { try store.insert([good, bad], keepTrace: false) }
        #expect(error.code == .invalidArgument)
        #expect(throws: HistoryStoreError.self) { try store.insert(bad, journalID: journal, keepTrace: false) }

        // One transaction each: no run, no rollup, and the journal row is still there.
        #expect(try store.stats().runs == 0)
        #expect(try store.latestRuns().isEmpty)
        #expect(try store.availability(probe: "corp", route: nil, sinceMs: 0) == (runs: 0, ok: 0))
        #expect(try store.recoverInterrupted(nowMs: 3_000).map(\.startedAtMs) == [2_000])
    }

    @Test func latestRunsIsTheNewestPerProbeAndRoute() throws {
        let store = try HistoryStore.inMemory()
        let ids = try store.insert([
            StoreFixtures.run("corp", at: 1_000),
            StoreFixtures.run("corp", at: 3_000, status: .critical),
            StoreFixtures.run("corp", at: 2_000),
            StoreFixtures.run("mesh", route: "a->b", at: 1_000),
            StoreFixtures.run("mesh", route: "b->a", at: 4_000),
            StoreFixtures.run("mesh", route: "b->a", at: 4_000, status: .warning),
        ], keepTrace: false)

        let latest = try store.latestRuns()

        #expect(latest.map(\.id) == [ids[1], ids[3], ids[5]])
        #expect(latest.map(\.status) == [.critical, .ok, .warning])
    }

    @Test func lastSuccessSkipsFailures() throws {
        let store = try HistoryStore.inMemory()
        let ids = try store.insert([
            StoreFixtures.run(at: 1_000),
            StoreFixtures.run(at: 2_000),
            StoreFixtures.run(at: 3_000, status: .critical),
            StoreFixtures.run("other", at: 4_000),
        ], keepTrace: false)

        #expect(try store.lastSuccess(probe: "corp", route: nil)?.id == ids[1])
        #expect(try store.lastSuccess(probe: "corp", route: "a->b") == nil)
    }

    @Test func pagesWalkEqualTimestampsWithoutGapsOrRepeats() throws {
        let store = try HistoryStore.inMemory()
        // 25 runs over 5 distinct instants: pages of 4 cut through runs of equal timestamps.
        let ids = try store.insert((0..<25).map { StoreFixtures.run(at: Int64($0 / 5) * 60_000) }, keepTrace: false)
        let expected = zip(ids, (0..<25).map { Int64($0 / 5) * 60_000 })
            .sorted { ($0.1, $0.0) > ($1.1, $1.0) }
            .map(\.0)

        var seen: [Int64] = []
        var query = RunQuery(limit: 4)
        var pages = 0
        repeat {
            let page = try store.runs(query)
            seen += page.runs.compactMap(\.id)
            query.cursor = page.nextCursor
            pages += 1
        } while query.cursor != nil && pages < 20

        #expect(seen == expected)
        #expect(pages == 7)
    }

    @Test func theLastFullPageHasNoCursor() throws {
        let store = try HistoryStore.inMemory()
        try store.insert((0..<4).map { StoreFixtures.run(at: Int64($0)) }, keepTrace: false)

        let page = try store.runs(RunQuery(limit: 4))

        #expect(page.runs.count == 4)
        #expect(page.nextCursor == nil)
    }

    @Test func filtersCombine() throws {
        let store = try HistoryStore.inMemory()
        let ids = try store.insert([
            StoreFixtures.run("corp", at: 1_000),
            StoreFixtures.run("corp", at: 2_000, status: .critical),
            StoreFixtures.run("corp", at: 3_000, status: .critical),
            StoreFixtures.run("corp", at: 4_000, status: .critical),
            StoreFixtures.run("mesh", route: "a->b", at: 2_500, status: .critical),
            StoreFixtures.run("mesh", route: "b->a", at: 2_500, status: .critical),
        ], keepTrace: false)
        let cases: [(RunQuery, [Int64])] = [
            (RunQuery(), [ids[3], ids[2], ids[5], ids[4], ids[1], ids[0]]),
            (RunQuery(probe: "corp"), [ids[3], ids[2], ids[1], ids[0]]),
            (RunQuery(probe: "corp", status: .ok), [ids[0]]),
            (RunQuery(status: .critical, sinceMs: 2_000, untilMs: 4_000), [ids[2], ids[5], ids[4], ids[1]]),
            (RunQuery(probe: "mesh", route: "b->a"), [ids[5]]),
            (RunQuery(probe: "nobody"), []),
        ]
        for (query, expected) in cases {
            #expect(try store.runs(query).runs.map(\.id) == expected, "\(query)")
        }
    }

    @Test(arguments: ["", "r", "r12", "r12.", "r.5", "r1.0", "x1.2", "r1.2.3", "r" + String(repeating: "9", count: 60) + ".1"])
    func aCursorThisStoreDidNotHandOutIsRejected(cursor: String) throws {
        let store = try HistoryStore.inMemory()
        let error = try #require(throws: HistoryStoreError.self) { try store.runs(RunQuery(cursor: cursor)) }
        #expect(error.code == .invalidCursor)
    }

    @Test func limitsAreCheckedAndCapped() throws {
        let store = try HistoryStore.inMemory()
        try store.insert((0..<1_005).map { StoreFixtures.run(at: Int64($0)) }, keepTrace: false)

        #expect(try store.runs(RunQuery(limit: 5_000)).runs.count == 1_000)
        #expect(try store.runs(RunQuery()).runs.count == 100)
        let error = try #require(throws: HistoryStoreError.self) { try store.runs(RunQuery(limit: 0)) }
        #expect(error.code == .invalidArgument)
    }
}
