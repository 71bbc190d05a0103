/// The size, title, unit, time range and scale of a chart.
public struct ChartFrame: Sendable, Hashable {
    /// The viewBox width; the SVG itself is `width="100%"` and scales.
    public var width: Int = 720
    /// The viewBox height.
    public var height: Int = 240
    /// The chart's title: the SVG `<title>` and the heading inside the chart.
    public var title: String
    /// The values' unit: `s` and `ms` get time labels (`250 ms`, `1.5 s`, `2 min`); any other is written after the number.
    public var unit: String
    /// The time axis from (Unix ms).
    public var start: Int64
    /// The time axis to (Unix ms).
    public var end: Int64
    public var scale: ScaleChoice = .automatic

    public init(
        title: String, unit: String, start: Int64, end: Int64, width: Int = 720, height: Int = 240,
        scale: ScaleChoice = .automatic
    ) {
        self.title = title
        self.unit = unit
        self.start = start
        self.end = end
        self.width = width
        self.height = height
        self.scale = scale
    }
}
