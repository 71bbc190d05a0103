/// Where the parts of a time chart go inside its viewBox: the title row, the plot, the marker lane and the time labels.
struct ChartLayout: Sendable {
    static let left = 64.0
    static let right = 12.0
    static let top = 28.0
    /// Below the plot: the marker lane, then the time tick labels.
    static let bottom = 40.0

    let width: Int
    let height: Int
    let time: TimeScale
    let plotLeft: Double
    let plotRight: Double
    let plotTop: Double
    let plotBottom: Double

    var plotHeight: Double { plotBottom - plotTop }
    var plotWidth: Double { plotRight - plotLeft }
    /// The centre line of the marker lane, just below the time axis.
    var markerLane: Double { plotBottom + 9 }
    /// The baseline of the time tick labels.
    var tickRow: Double { plotBottom + 32 }
    /// How many pixel columns the plot has: the most vertices a thinned series gets per path edge.
    var columns: Int { max(Int(plotWidth.rounded(.up)), 1) }

    /// The layout of a frame; sizes are clamped to 160…4096 × 100…2048 so that input cannot ask for a huge drawing.
    init(frame: ChartFrame) {
        let width = min(max(frame.width, 160), 4096)
        let height = min(max(frame.height, 100), 2048)
        self.init(
            width: width, height: height, start: frame.start, end: frame.end, left: Self.left,
            right: Double(width) - Self.right, top: Self.top, bottom: Double(height) - Self.bottom)
    }

    /// A layout with the plot's edges given (sparklines: the whole drawing less a little padding).
    init(width: Int, height: Int, start: Int64, end: Int64, left: Double, right: Double, top: Double, bottom: Double) {
        self.width = width
        self.height = height
        plotLeft = left
        plotRight = max(right, left + 1)
        plotTop = top
        plotBottom = max(bottom, top + 1)
        time = TimeScale(start: start, end: end, rangeStart: plotLeft, rangeEnd: plotRight)
    }

    /// The value scale for these values in the plot's height.
    func valueScale(_ values: [Double], frame: ChartFrame) -> ValueScale {
        ValueScale(
            values: values, choice: frame.scale, rangeStart: plotBottom, rangeEnd: plotTop, unit: frame.unit,
            maxTicks: max(2, min(8, Int(plotHeight / 36))))
    }

    /// The pixel column of an x inside the plot, clamped to the plot.
    func column(_ x: Double) -> Int {
        let offset = x - plotLeft
        guard offset.isFinite, offset > 0 else { return 0 }
        return min(Int(offset), columns - 1)
    }

    /// The x of a column's centre.
    func columnCentre(_ column: Int) -> Double {
        plotLeft + Double(column) + 0.5
    }
}
