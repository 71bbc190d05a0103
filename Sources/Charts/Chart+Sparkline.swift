extension Chart {
    /// A small line without axes for tables (default 120×24), gaps kept, optional failure ticks.
    ///
    /// The time axis runs over `span` when given, else from the first to the last point or failure; the value axis
    /// from zero (or the lowest value, if negative) to the highest. Failures are short vertical ticks along the bottom edge.
    public static func renderSparkline(
        _ points: [ChartPoint], failures: [Int64], span: ClosedRange<Int64>? = nil, width: Int = 120, height: Int = 24, title: String
    ) -> String {
        let width = min(max(width, 16), 2048)
        let height = min(max(height, 8), 512)
        let times = points.map(\.time) + failures
        let tickHeight = failures.isEmpty ? 0.0 : 4
        let layout = ChartLayout(
            width: width, height: height, start: span?.lowerBound ?? times.min() ?? 0, end: span?.upperBound ?? times.max() ?? 1, left: 1.5,
            right: Double(width) - 1.5, top: 1.5, bottom: Double(height) - 1.5 - tickHeight)
        let cleaned = ColumnThinner.clean(points, in: layout.time)
        let segments = ColumnThinner.segments(cleaned, layout: layout)
        let values = cleaned.compactMap(\.value)
        let scale = ValueScale(
            lower: min(values.min() ?? 0, 0), upper: values.max() ?? 1, rangeStart: layout.plotBottom,
            rangeEnd: layout.plotTop, unit: "")
        var svg = SVGWriter()
        openDocument(&svg, width: width, height: height, kind: "sparkline", title: title,
            desc: sparklineSummary(cleaned, failures: failures.count, layout: layout))
        let line = linePath(segments, scale: scale)
        if let last = cleaned.last(where: { $0.value != nil }), let value = last.value, !line.isEmpty {
            svg.empty("path", [("class", "line series-0"), ("d", line.data), ("data-t", "\(last.time)"),
                ("data-v", SVGWriter.number(value))])
        }
        var ticks = SVGPath()
        var marked = Set<Int>()
        for failure in failures.sorted() where layout.time.contains(failure) {
            let x = layout.time.x(failure)
            guard marked.insert(layout.column(x)).inserted else { continue }
            ticks.move(x, Double(height))
            ticks.vertical(to: Double(height) - tickHeight - 1)
        }
        if !ticks.isEmpty { svg.empty("path", [("class", "failure"), ("d", ticks.data)]) }
        return svg.finish()
    }

    /// `24 h from … to … UTC: last 1.2, lowest 0.8, highest 3.4; 2 failures.`
    private static func sparklineSummary(_ points: [ChartPoint], failures: Int, layout: ChartLayout) -> String {
        let from = CivilTime(unixMs: layout.time.start).isoMinute
        let to = CivilTime(unixMs: layout.time.end).isoMinute
        let values = points.compactMap(\.value)
        var text = "From \(from) to \(to) UTC: "
        if let last = values.last, let low = values.min(), let high = values.max() {
            text += "last \(SVGWriter.number(last)), lowest \(SVGWriter.number(low)), highest \(SVGWriter.number(high))"
        } else {
            text += "no data"
        }
        return text + "; \(failures) failure" + (failures == 1 ? "." : "s.")
    }
}
