/// One sample of a series: a time (Unix ms) and a value in the chart's unit, or `nil` for no data (a gap).
public struct ChartPoint: Sendable, Hashable {
    /// Unix milliseconds.
    public var time: Int64
    /// The value in the chart's unit; `nil` means no data here, and the line or area breaks.
    public var value: Double?

    public init(time: Int64, value: Double?) {
        self.time = time
        self.value = value
    }
}
