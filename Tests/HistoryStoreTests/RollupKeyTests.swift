@testable import HistoryStore
import Testing

@Suite struct RollupKeyTests {
    @Test(arguments: [
        (Int64(0), Int64(0)), (299_999, 0), (300_000, 300_000), (1_712_275_512_345, 1_712_275_500_000),
        (-1, -300_000), (-300_000, -300_000), (-300_001, -600_000), (.max, 9_223_372_036_854_600_000), (.min, .min),
    ])
    func bucketsStartAtTheFloor(instant: Int64, start: Int64) {
        #expect(RollupKey.bucketStart(of: instant, resolutionMs: RollupKey.fiveMinutesMs) == start)
    }
}
