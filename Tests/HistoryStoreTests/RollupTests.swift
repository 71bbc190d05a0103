import Foundation
import HistoryStore
import Probe
import Testing

@Suite struct RollupTests {
    static let hourMs: Int64 = 3_600_000
    static let fiveMinutesMs: Int64 = 300_000
    /// A day boundary, so that 5-minute and 1-hour buckets line up with it.
    static let dayMs: Int64 = 1_712_275_200_000

    @Test func aBucketCountsStatusesAndKeepsExactMinMaxAndMean() throws {
        let store = try HistoryStore.inMemory()
        let statuses: [ProbeStatus] = [.ok, .ok, .warning, .critical, .unknown, .ok]
        let totals: [Double] = [120.5, 80.25, 300, 1_000.125, 40, 99.875]
        try store.insert(zip(statuses, totals).enumerated().map { index, pair in
            StoreFixtures.run(at: Self.dayMs + Int64(index) * 30_000, status: pair.0, durationMs: pair.1,
                              phases: [("submit.connect", pair.1 / 10)])
        }, keepTrace: false)

        let total = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs, untilMs: Self.dayMs + Self.hourMs)
        let connect = try store.series(probe: "corp", route: nil, phase: "submit.connect", sinceMs: Self.dayMs, untilMs: Self.dayMs + Self.hourMs)

        let point = try #require(total.first)
        #expect(total.count == 1)
        #expect(point.startMs == Self.dayMs)
        #expect(point.stepMs == Self.fiveMinutesMs)
        #expect((point.count, point.okCount, point.warningCount, point.criticalCount, point.unknownCount) == (6, 3, 1, 1, 1))
        #expect(point.minMs == 40)
        #expect(point.maxMs == 1_000.125)
        #expect(point.meanMs == totals.reduce(0, +) / 6)
        #expect(connect.first?.maxMs == 100.0125)
        #expect(connect.first?.count == 6)
    }

    @Test func quantilesLieInTheBucketOfTheExactValue() throws {
        let store = try HistoryStore.inMemory()
        // 1,000 values spread over four orders of magnitude, in a fixed shuffled order.
        var generator = SplitMix64(seed: 42)
        let values = (0..<1_000).map { _ in 0.5 * exp2(Double(generator.next() % 14_000) / 1_000) }
        try store.insert(values.enumerated().map { index, ms in
            StoreFixtures.run(at: Self.dayMs + Int64(index) * 100, durationMs: ms)
        }, keepTrace: false)

        let point = try #require(try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs,
                                                  untilMs: Self.dayMs + Self.hourMs, stepMs: Self.hourMs).first)

        let sorted = values.sorted()
        #expect(point.count == 1_000)
        for (permille, estimate) in [(500, point.p50Ms), (900, point.p90Ms), (990, point.p99Ms)] {
            let exact = sorted[(sorted.count * permille + 999) / 1000 - 1]
            // One bucket spans a factor of 2^(1/8); the estimate is that bucket's middle, clamped.
            let ratio = max(estimate / exact, exact / estimate)
            #expect(ratio < exp2(1.0 / 8), "p\(permille / 10): \(estimate) for \(exact)")
        }
        #expect(point.minMs == sorted.first)
        #expect(point.maxMs == sorted.last)
    }

    @Test func spansUpToTwoDaysRead5MinuteBucketsLongerOnes1Hour() throws {
        let store = try HistoryStore.inMemory()
        // Two runs in each of the first twelve 5-minute buckets of the day, i.e. the first hour.
        try store.insert((0..<24).map { StoreFixtures.run(at: Self.dayMs + Int64($0) * 150_000, durationMs: Double($0 + 1)) },
                         keepTrace: false)

        let fine = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs, untilMs: Self.dayMs + 2 * 86_400_000)
        let coarse = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs, untilMs: Self.dayMs + 2 * 86_400_000 + 1)

        #expect(fine.map(\.startMs) == (0..<12).map { Self.dayMs + Int64($0) * Self.fiveMinutesMs })
        #expect(fine.allSatisfy { $0.count == 2 && $0.stepMs == Self.fiveMinutesMs })
        #expect(coarse.map(\.startMs) == [Self.dayMs])
        #expect(coarse.first?.count == 24)
        #expect(coarse.first?.stepMs == Self.hourMs)
        #expect(coarse.first?.meanMs == 12.5)
    }

    @Test func stepsMergeBucketsAndRoundUpToWholeBuckets() throws {
        let store = try HistoryStore.inMemory()
        let runs = (0..<24).map { (index: Int) -> ProbeRunRecord in
            let status: ProbeStatus = index % 3 == 0 ? .critical : .ok
            return StoreFixtures.run(at: Self.dayMs + Int64(index) * 150_000, status: status, durationMs: Double(index + 1))
        }
        try store.insert(runs, keepTrace: false)
        let quarterStarts: [Int64] = (0..<4).map { Self.dayMs + Int64($0) * 900_000 }
        let tenMinuteStarts: [Int64] = (0..<6).map { Self.dayMs + Int64($0) * 600_000 }
        let fiveMinuteStarts: [Int64] = (0..<12).map { Self.dayMs + Int64($0) * Self.fiveMinutesMs }
        let cases: [(step: Int64, starts: [Int64], counts: [Int])] = [
            (15 * 60_000, quarterStarts, [6, 6, 6, 6]),
            // 7 minutes is rounded up to 10.
            (7 * 60_000, tenMinuteStarts, [4, 4, 4, 4, 4, 4]),
            (1, fiveMinuteStarts, Array(repeating: 2, count: 12)),
        ]
        for (step, starts, counts) in cases {
            let points = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs,
                                          untilMs: Self.dayMs + Self.hourMs, stepMs: step)
            #expect(points.map(\.startMs) == starts, "step \(step)")
            #expect(points.map(\.count) == counts, "step \(step)")
        }
        let quarters = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs,
                                        untilMs: Self.dayMs + Self.hourMs, stepMs: 15 * 60_000)
        #expect(quarters.map(\.minMs) == [1, 7, 13, 19])
        #expect(quarters.map(\.maxMs) == [6, 12, 18, 24])
        #expect(quarters.map(\.okCount) == [4, 4, 4, 4])
        #expect(quarters.map(\.criticalCount) == [2, 2, 2, 2])
    }

    @Test func theRangeSelectsBucketsAndBadRangesAreErrors() throws {
        let store = try HistoryStore.inMemory()
        try store.insert((0..<12).map { StoreFixtures.run(at: Self.dayMs + Int64($0) * Self.fiveMinutesMs) }, keepTrace: false)

        // sinceMs in the middle of a bucket includes that bucket; untilMs excludes the bucket starting there.
        let points = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs + 2 * Self.fiveMinutesMs + 1,
                                      untilMs: Self.dayMs + 5 * Self.fiveMinutesMs)
        #expect(points.map(\.startMs) == [2, 3, 4].map { Self.dayMs + $0 * Self.fiveMinutesMs })
        #expect(try store.series(probe: "corp", route: "a->b", phase: "total", sinceMs: Self.dayMs, untilMs: Self.dayMs + Self.hourMs).isEmpty)
        #expect(try store.series(probe: "corp", route: nil, phase: "delivery", sinceMs: Self.dayMs, untilMs: Self.dayMs + Self.hourMs).isEmpty)

        // The widest span there is reads the 1-hour buckets without overflowing.
        let everything = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: .min, untilMs: .max)
        #expect(everything.map(\.count) == [12])
        #expect(try store.availability(probe: "corp", route: nil, sinceMs: .min) == (runs: 12, ok: 12))

        let bad: [(Int64, Int64, Int64?)] = [(Self.dayMs, Self.dayMs, nil), (Self.dayMs, Self.dayMs - 1, nil),
                                              (Self.dayMs, Self.dayMs + 1, 0), (Self.dayMs, Self.dayMs + 1, .max)]
        for (since, until, step) in bad {
            let error = try #require(throws: HistoryStoreError.self) {
                try store.series(probe: "corp", route: nil, phase: "total", sinceMs: since, untilMs: until, stepMs: step)
            }
            #expect(error.code == .invalidArgument)
        }
    }

    @Test func onlyCompletedRunsAndTheFirstPhaseOfEachNameAreRolledUp() throws {
        let store = try HistoryStore.inMemory()
        try store.insert([
            StoreFixtures.run(at: Self.dayMs, durationMs: 100, phases: [("delivery", 10), ("delivery", 99), ("total", 5)]),
            StoreFixtures.run(at: Self.dayMs + 1, durationMs: 0, state: .skipped),
            StoreFixtures.run(at: Self.dayMs + 2, status: .unknown, durationMs: 0, state: .cancelled),
        ], keepTrace: false)

        let total = try store.series(probe: "corp", route: nil, phase: "total", sinceMs: Self.dayMs, untilMs: Self.dayMs + Self.hourMs)
        let delivery = try store.series(probe: "corp", route: nil, phase: "delivery", sinceMs: Self.dayMs, untilMs: Self.dayMs + Self.hourMs)

        #expect(total.map(\.count) == [1])
        #expect(total.first?.maxMs == 100)
        #expect(delivery.map(\.count) == [1])
        #expect(delivery.first?.maxMs == 10)
    }

    @Test func availabilityCountsRunsAndOkRunsFromTheRollups() throws {
        let store = try HistoryStore.inMemory()
        try store.insert((0..<10).map { StoreFixtures.run(at: Self.dayMs + Int64($0) * Self.fiveMinutesMs, status: $0 < 7 ? .ok : .critical) }
                         + [StoreFixtures.run(route: "a->b", at: Self.dayMs)], keepTrace: false)

        #expect(try store.availability(probe: "corp", route: nil, sinceMs: Self.dayMs) == (runs: 10, ok: 7))
        #expect(try store.availability(probe: "corp", route: nil, sinceMs: Self.dayMs + 5 * Self.fiveMinutesMs) == (runs: 5, ok: 2))
        #expect(try store.availability(probe: "corp", route: "a->b", sinceMs: 0) == (runs: 1, ok: 1))
        #expect(try store.availability(probe: "nobody", route: nil, sinceMs: 0) == (runs: 0, ok: 0))
    }

    @Test func singleInsertsMergeIntoTheSameBucketAsABatch() throws {
        let single = try HistoryStore.inMemory()
        let batch = try HistoryStore.inMemory()
        let runs = (0..<20).map { StoreFixtures.run(at: Self.dayMs + Int64($0) * 20_000, durationMs: Double($0 * 37 % 11) + 0.5) }
        for run in runs { try single.insert(run, keepTrace: false) }
        try batch.insert(runs, keepTrace: false)

        let range = (since: Self.dayMs, until: Self.dayMs + Self.hourMs)
        #expect(try single.series(probe: "corp", route: nil, phase: "total", sinceMs: range.since, untilMs: range.until)
                == batch.series(probe: "corp", route: nil, phase: "total", sinceMs: range.since, untilMs: range.until))
    }
}

/// A small deterministic generator for test values.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
