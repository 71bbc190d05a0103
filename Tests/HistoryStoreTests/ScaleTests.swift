import HistoryStore
import Probe
import Testing

@Suite struct ScaleTests {
    static let dayMs: Int64 = 1_712_275_200_000
    static let hourMs: Int64 = 3_600_000

    /// 20,000 runs over 30 days, inserted in batches of 1,000: a 30-day series is read from the
    /// 1-hour rollups alone, which is shown by pruning every run and reading the same series.
    @Test func aThirtyDaySeriesComesFromTheHourlyRollupsAlone() throws {
        let store = try HistoryStore.inMemory()
        let span = 30 * 86_400_000 as Int64
        let interval = span / 20_000
        for batch in 0..<20 {
            try store.insert((0..<1_000).map { offset in
                let index = batch * 1_000 + offset
                let total = 800 + Double(index % 400)
                return StoreFixtures.run(at: Self.dayMs + Int64(index) * interval, status: index % 50 == 0 ? .critical : .ok,
                                         durationMs: total, phases: [("submit.connect", 5 + Double(index % 7)), ("delivery", total - 100)])
            }, keepTrace: false)
        }
        #expect(try store.stats().runs == 20_000)

        let series = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs, untilMs: Self.dayMs + span,
                                      stepMs: 6 * Self.hourMs)
        #expect(series.count == 120)
        #expect(series.allSatisfy { $0.stepMs == 6 * Self.hourMs && ($0.startMs - Self.dayMs) % (6 * Self.hourMs) == 0 })
        #expect(series.map(\.count).reduce(0, +) == 20_000)
        #expect(series.map(\.okCount).reduce(0, +) == 19_600)
        #expect(series.map(\.minMs).min() == 800)
        #expect(series.map(\.maxMs).max() == 1_199)

        var deleted = 0
        var calls = 0
        repeat {
            deleted = try store.prune(runsBeforeMs: Self.dayMs + span, rollupsBeforeMs: 0, batch: 5_000)
            calls += 1
        } while deleted > 0
        #expect(calls == 5)
        #expect(try store.stats().runs == 0)

        let fromRollups = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs, untilMs: Self.dayMs + span,
                                           stepMs: 6 * Self.hourMs)
        #expect(fromRollups == series)
        #expect(try store.availability(probe: "corp", route: nil, sinceMs: Self.dayMs) == (runs: 20_000, ok: 19_600))
    }
}
