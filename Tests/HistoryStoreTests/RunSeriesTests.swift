import HistoryStore
import Probe
import Testing

/// Series drawn from the runs themselves, for the dashboard's short ranges.
@Suite struct RunSeriesTests {
    static let dayMs: Int64 = 1_712_275_200_000

    @Test func stepsOfTheRunsAgreeWithTheirValues() throws {
        let store = try HistoryStore.inMemory()
        // Runs every 10 s for two minutes; the third run of each 30-s step is a warning.
        var runs: [ProbeRunRecord] = []
        for index in 0..<12 {
            let status: ProbeStatus = index % 3 == 2 ? .warning : .ok
            let phases: [(String, Double)] = [("submit.connect", Double(index)), ("submit.connect", 999)]
            let startedAt: Int64 = Self.dayMs + Int64(index) * 10_000
            runs.append(StoreFixtures.run(at: startedAt, status: status, durationMs: Double(100 + index), phases: phases))
        }
        try store.insert(runs + [StoreFixtures.run(at: Self.dayMs + 5_000, durationMs: 1e6, state: .skipped)], keepTrace: false)

        let series = try store.runSeries(probe: "corp", route: nil, phases: ["submit.connect", "delivery"],
                                         sinceMs: Self.dayMs, untilMs: Self.dayMs + 120_000, stepMs: 30_000)

        let total = try #require(series["total"])
        let starts: [Int64] = [0, 30_000, 60_000, 90_000].map { Self.dayMs + $0 }
        #expect(total.map(\.startMs) == starts)
        #expect(total.map(\.count) == [3, 3, 3, 3])
        #expect(total.map(\.warningCount) == [1, 1, 1, 1])
        let means: [Double] = [101, 104, 107, 110]
        #expect(total.map(\.meanMs) == means)
        #expect(total.allSatisfy { $0.stepMs == 30_000 })
        // The first phase of a name counts, as in the rollups; a phase no run has is absent.
        let maxima: [Double] = [2, 5, 8, 11]
        #expect(series["submit.connect"]?.map(\.maxMs) == maxima)
        #expect(series["delivery"] == nil)
    }

    @Test func theRangeAndRouteBoundWhatIsRead() throws {
        let store = try HistoryStore.inMemory()
        try store.insert([
            StoreFixtures.run(at: Self.dayMs - 1, durationMs: 1),
            StoreFixtures.run(at: Self.dayMs, durationMs: 2),
            StoreFixtures.run(at: Self.dayMs + 59_999, durationMs: 3),
            StoreFixtures.run(at: Self.dayMs + 60_000, durationMs: 4),
            StoreFixtures.run(route: "a->b", at: Self.dayMs + 10, durationMs: 5),
        ], keepTrace: false)
        let plain = try store.runSeries(probe: "corp", route: nil, phases: [], sinceMs: Self.dayMs, untilMs: Self.dayMs + 60_000, stepMs: 60_000)
        #expect(plain["total"]?.map(\.count) == [2])
        #expect(plain["total"]?.first?.meanMs == 2.5)
        let routed = try store.runSeries(probe: "corp", route: "a->b", phases: [], sinceMs: Self.dayMs, untilMs: Self.dayMs + 60_000, stepMs: 60_000)
        #expect(routed["total"]?.first?.meanMs == 5)
        #expect(try store.firstRunMs(probe: "corp", route: nil) == Self.dayMs - 1)
        #expect(try store.firstRunMs(probe: "corp", route: "a->b") == Self.dayMs + 10)
        #expect(try store.firstRunMs(probe: "other", route: nil) == nil)
    }

    @Test(arguments: [
        (Int64(0), Int64(0), Int64(1_000)),            // empty range
        (Int64(0), HistoryStore.runSeriesSpanMs + 1, Int64(60_000)), // longer than an hour
        (Int64(0), Int64(60_000), Int64(999)),        // a step under a second
    ])
    func badRequestsAreRefused(since: Int64, until: Int64, step: Int64) throws {
        let store = try HistoryStore.inMemory()
        #expect(throws: HistoryStoreError.self) {
            try store.runSeries(probe: "corp", route: nil, phases: [], sinceMs: since, untilMs: until, stepMs: step)
        }
    }
}
