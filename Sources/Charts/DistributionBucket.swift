/// The distribution of one time bucket for a SmokePing-style chart: p10, median and p90 of the runs in it.
public struct DistributionBucket: Sendable, Hashable {
    /// The bucket's time (Unix ms), usually its start.
    public var time: Int64
    public var p10: Double?
    public var p50: Double?
    public var p90: Double?
    /// How many runs the bucket holds; 0 means no data (a gap).
    public var count: Int

    public init(time: Int64, p10: Double?, p50: Double?, p90: Double?, count: Int) {
        self.time = time
        self.p10 = p10
        self.p50 = p50
        self.p90 = p90
        self.count = count
    }
}
