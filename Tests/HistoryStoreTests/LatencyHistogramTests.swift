import Foundation
@testable import HistoryStore
import Testing

@Suite struct LatencyHistogramTests {
    @Test func everyBoundaryFallsInTheBucketItOpens() {
        for index in 1...LatencyHistogram.innerCount + 1 {
            let bound = LatencyHistogram.lowerBound(of: index)
            #expect(LatencyHistogram.index(of: bound) == index, "bound \(bound)")
            #expect(LatencyHistogram.index(of: bound.nextDown) == index - 1, "below \(bound)")
        }
    }

    @Test(arguments: [(-5.0, 0), (0, 0), (0.0099, 0), (0.01, 1), (1, 54), (1_000, 133),
                      (1e12, LatencyHistogram.innerCount + 1), (Double.infinity, LatencyHistogram.innerCount + 1),
                      (Double.nan, 0)])
    func valuesFindTheirBucket(value: Double, index: Int) {
        #expect(LatencyHistogram.index(of: value) == index)
        if index > 0, index <= LatencyHistogram.innerCount {
            #expect(LatencyHistogram.lowerBound(of: index) <= value && value < LatencyHistogram.upperBound(of: index))
        }
    }

    @Test func theBlobRoundTripsAndMergingAdds() throws {
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        for value in [0.001, 3, 3, 250, 9e9] { first.add(value) }
        for value in [3, 700.0] { second.add(value) }

        let decoded = try LatencyHistogram(blob: first.blob)
        #expect(decoded == first)
        #expect(first.blob.count == 4 * 6)

        first.merge(second)
        #expect(first.counts.reduce(0, +) == 7)
        #expect(first.counts[LatencyHistogram.index(of: 3)] == 3)
    }

    @Test(arguments: [Data([1, 2, 3]), Data([0xFF, 0xFF, 1, 0, 0, 0]), Data([0, 0, 1, 0, 0])])
    func aBadBlobIsAnError(blob: Data) {
        #expect(throws: LatencyHistogram.BlobError.self) { try LatencyHistogram(blob: blob) }
    }

    @Test func anEmptyHistogramHasNoQuantile() throws {
        #expect(LatencyHistogram().quantile(permille: 500, minimum: 0, maximum: 0) == nil)
        #expect(try LatencyHistogram(blob: Data()) == LatencyHistogram())
    }
}
