/// A labelled series of points drawn in one palette colour (`series-<colorIndex % 8>`).
public struct ChartSeries: Sendable, Hashable {
    /// Shown in the legend and the description, e.g. `submit`.
    public var label: String
    /// The samples, in any order (the chart sorts them by time).
    public var points: [ChartPoint]
    /// Which of the eight palette classes to use; taken modulo 8.
    public var colorIndex: Int

    public init(label: String, points: [ChartPoint], colorIndex: Int) {
        self.label = label
        self.points = points
        self.colorIndex = colorIndex
    }
}
