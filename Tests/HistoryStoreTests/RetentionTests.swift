import HistoryStore
import Probe
import MonitorCore
import Testing

@Suite struct RetentionTests {
    static let hourMs: Int64 = 3_600_000
    static let dayMs: Int64 = 1_712_275_200_000

    @Test func pruneDeletesInBatchesAndKeepsRollupsLongerThanRuns() throws {
        let store = try HistoryStore.inMemory()
        // Ten runs, one an hour; each adds a "total" row to a 5-minute and a 1-hour bucket.
        let ids = try store.insert((0..<10).map { StoreFixtures.run(at: Self.dayMs + Int64($0) * Self.hourMs) }, keepTrace: false)
        let runsBefore = Self.dayMs + 6 * Self.hourMs
        let rollupsBefore = Self.dayMs + 2 * Self.hourMs

        var rounds: [Int] = []
        while true {
            let deleted = try store.prune(runsBeforeMs: runsBefore, rollupsBeforeMs: rollupsBefore, batch: 2)
            rounds.append(deleted)
            if deleted == 0 || rounds.count > 10 { break }
        }

        // Per call at most two runs and two rollup rows: 6 runs and 4 rollup rows (2 hours × 2 resolutions).
        #expect(rounds == [4, 4, 2, 0])
        #expect(try store.runs(RunQuery(limit: 100)).runs.compactMap(\.id) == ids[6...].reversed())
        #expect(try store.latestRuns().map(\.id) == [ids[9]])
        let hourly = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs - 3 * 86_400_000,
                                      untilMs: Self.dayMs + 10 * Self.hourMs)
        #expect(hourly.map(\.startMs) == (2..<10).map { Self.dayMs + $0 * Self.hourMs })
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func pruningEveryRunOfAProbeTakesItOffTheLatestRuns() throws {
        let store = try HistoryStore.inMemory()
        try store.insert([StoreFixtures.run("old", at: 1_000), StoreFixtures.run("new", at: 9_000)], keepTrace: false)

        #expect(try store.prune(runsBeforeMs: 5_000, rollupsBeforeMs: 0) == 1)

        #expect(try store.latestRuns().map(\.probe) == ["new"])
    }

    @Test func pruneTakesOldEventsAndFinishedNoticesButKeepsPendingOnes() throws {
        let store = try HistoryStore.inMemory()
        let key = AlertKey(probe: "corp")
        for atMs in [Int64(1_000), 2_000, 9_000] {
            try store.saveAlert(key: key, state: [atMs], firing: false, severity: nil, sinceMs: nil,
                                event: AlertEvent(key: key, alertID: 1, event: .resolved, severity: .warning, atMs: atMs, summary: ""),
                                notices: [OutboxTests.queued("slack", "\(atMs)", notBeforeMs: atMs, atMs: atMs)])
        }
        let delivered = try #require(try store.dueNotifications(nowMs: 1_000, limit: 1).first)
        try store.recordAttempt(NotificationAttempt(notifier: "slack", attempt: 1, atMs: 1_100, result: .delivered),
                                outboxID: delivered.id, next: .delivered)

        // Two events before 5,000; one finished notice (and its attempt, by cascade).
        #expect(try store.prune(runsBeforeMs: 5_000, rollupsBeforeMs: 0) == 3)

        #expect(try store.alertEvents(limit: 10).map(\.atMs) == [9_000])
        #expect(try store.dueNotifications(nowMs: 10_000, limit: 10).map(\.createdAtMs) == [2_000, 9_000])
        #expect(try store.notificationAttempts(outboxID: nil).isEmpty)
        #expect(try store.alertStates(as: [Int64].self) == [[9_000]])
    }

    @Test func aBatchBelowOneIsAnError() throws {
        let store = try HistoryStore.inMemory()
        let error = try #require(throws: HistoryStoreError.self) { try store.prune(runsBeforeMs: 0, rollupsBeforeMs: 0, batch: 0) }
        #expect(error.code == .invalidArgument)
    }
}
