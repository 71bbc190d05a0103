import Foundation

/// Counts of durations in fixed logarithmic buckets, eight per doubling from 10 µs to about six hours:
/// each bucket spans 9 % of its value, so a quantile read from it is within that of the true one.
///
/// Bucket 0 holds `[0, 0.01 ms)`, bucket `i` holds `[0.01·2^((i-1)/8), 0.01·2^(i/8))` ms, and the last
/// holds everything from `0.01·2^31` ms (≈ 5.96 h) up. Histograms of the same layout merge by adding counts.
///
/// Stored as a blob of `(UInt16 index, UInt32 count)` pairs, little-endian, for the non-empty buckets only.
struct LatencyHistogram: Hashable, Sendable {
    static let perDoubling = 8
    static let doublings = 31
    static let lowestBoundMs = 0.01
    /// Buckets between the first (below 10 µs) and the last (open-ended).
    static let innerCount = perDoubling * doublings
    static let bucketCount = innerCount + 2

    /// One count per bucket.
    private(set) var counts: [Int64]

    init() {
        counts = Array(repeating: 0, count: Self.bucketCount)
    }

    /// The exclusive upper bound of bucket `index`, in milliseconds; infinite for the last.
    static func upperBound(of index: Int) -> Double {
        guard index <= innerCount else { return .infinity }
        return lowestBoundMs * exp2(Double(index) / Double(perDoubling))
    }

    /// The inclusive lower bound of bucket `index`, in milliseconds.
    static func lowerBound(of index: Int) -> Double {
        index == 0 ? 0 : upperBound(of: index - 1)
    }

    /// The bucket `value` (milliseconds) falls in; negative values count as 0, and so does NaN.
    static func index(of value: Double) -> Int {
        guard value >= lowestBoundMs else { return 0 }
        guard value < upperBound(of: innerCount) else { return innerCount + 1 }
        var index = min(max(Int(log2(value / lowestBoundMs) * Double(perDoubling)) + 1, 1), innerCount)
        // log2 may round across a boundary: settle against the bounds themselves.
        while index > 1, value < lowerBound(of: index) { index -= 1 }
        while index < innerCount, value >= upperBound(of: index) { index += 1 }
        return index
    }

    mutating func add(_ value: Double) {
        counts[Self.index(of: value)] += 1
    }

    mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    /// The value at nearest rank `⌈total · permille / 1000⌉`, as the geometric middle of its bucket
    /// clamped to `[minimum, maximum]`; `nil` when the histogram is empty.
    func quantile(permille: Int, minimum: Double, maximum: Double) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = max(1, (total * Int64(permille) + 999) / 1000)
        var seen: Int64 = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= rank {
                return min(max(Self.representative(of: index), minimum), maximum)
            }
        }
        return maximum
    }

    /// The value that stands for bucket `index`.
    static func representative(of index: Int) -> Double {
        switch index {
        case 0: lowestBoundMs / 2
        case innerCount + 1: lowerBound(of: index)
        default: (lowerBound(of: index) * upperBound(of: index)).squareRoot()
        }
    }

    // MARK: - Blob

    /// The sparse encoding of the non-empty buckets.
    var blob: Data {
        var data = Data()
        for (index, count) in counts.enumerated() where count > 0 {
            let stored = UInt32(clamping: count)
            withUnsafeBytes(of: UInt16(index).littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: stored.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Thrown for a blob that is not a sequence of valid `(index, count)` pairs.
    struct BlobError: Error, CustomStringConvertible {
        var description: String
    }

    init(blob: Data) throws(BlobError) {
        self.init()
        let bytes = [UInt8](blob)
        guard bytes.count % 6 == 0 else { throw BlobError(description: "histogram blob of \(bytes.count) bytes is not a multiple of 6") }
        var offset = 0
        while offset < bytes.count {
            let index = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            var count: Int64 = 0
            for shift in 0..<4 { count |= Int64(bytes[offset + 2 + shift]) << (8 * shift) }
            guard index < Self.bucketCount else { throw BlobError(description: "histogram bucket \(index) out of range") }
            counts[index] += count
            offset += 6
        }
    }
}
