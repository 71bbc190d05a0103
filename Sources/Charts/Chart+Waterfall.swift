extension Chart {
    /// The most rows a waterfall draws; the description says when more were given.
    public static let waterfallRowLimit = 200

    /// One run's phases as horizontal bars on a time axis in ms (a browser network panel), labels left, durations right.
    ///
    /// Bars sit at `startMs` and are `durationMs` long on one linear axis from 0 to the latest end; failed phases
    /// are drawn hollow and dashed and say `failed` after their duration.
    public static func renderWaterfall(_ rows: [WaterfallRow], title: String, width: Int = 720) -> String {
        let width = min(max(width, 240), 4096)
        let shown = rows.prefix(waterfallRowLimit).map(WaterfallBar.init)
        let layout = WaterfallLayout(width: width, rows: shown.count)
        let total = shown.map { $0.start + $0.duration }.max() ?? 0
        let scale = ValueScale(
            values: [0, max(total, 1)], choice: .linear, rangeStart: layout.barLeft, rangeEnd: layout.barRight,
            unit: "ms", maxTicks: max(2, Int((layout.barRight - layout.barLeft) / 90)))
        var svg = SVGWriter()
        openDocument(&svg, width: width, height: layout.height, kind: "waterfall", title: title,
            desc: waterfallSummary(rows, shown: shown, total: total))
        svg.element("text", [("class", "title"), ("x", "8"), ("y", "17")], text: title)
        var grid = SVGPath()
        for value in scale.ticks {
            grid.move(scale.y(value), layout.top - 4)
            grid.vertical(to: Double(layout.height) - 4)
        }
        svg.empty("path", [("class", "grid"), ("d", grid.data)])
        svg.open("g", [("class", "tick"), ("text-anchor", "middle")])
        for value in scale.ticks {
            svg.element("text", [("x", SVGWriter.number(scale.y(value), decimals: 1)), ("y", "36")], text: scale.label(value))
        }
        svg.close("g")
        for (index, bar) in shown.enumerated() {
            let top = layout.rowTop(index)
            svg.element("text", [("x", SVGWriter.number(layout.barLeft - 8)), ("y", SVGWriter.number(top + 14)),
                ("text-anchor", "end")], text: bar.label)
            let x0 = scale.y(bar.start)
            let x1 = scale.y(bar.start + bar.duration)
            svg.open("rect", [
                ("class", "bar " + seriesClass(bar.colorIndex) + (bar.failed ? " failed" : "")),
                ("x", SVGWriter.number(x0, decimals: 1)), ("y", SVGWriter.number(top + 4)),
                ("width", SVGWriter.number(max(x1 - x0, 1), decimals: 1)), ("height", "12"),
                ("data-start", SVGWriter.number(bar.start)), ("data-v", SVGWriter.number(bar.duration)),
            ])
            let timing = "\(scale.label(bar.duration)) from \(scale.label(bar.start))"
            svg.element("title", text: "\(bar.label): \(timing)" + (bar.failed ? ", failed" : ""))
            svg.close("rect")
            let duration = scale.label(bar.duration)
            svg.element("text", [("class", bar.failed ? "failed-label" : "duration"),
                ("x", SVGWriter.number(layout.barRight + 8)), ("y", SVGWriter.number(top + 14))],
                text: bar.failed ? duration + " failed" : duration)
        }
        return svg.finish()
    }

    private static func waterfallSummary(_ rows: [WaterfallRow], shown: [WaterfallBar], total: Double) -> String {
        var text = "\(rows.count) phase" + (rows.count == 1 ? "" : "s") + " over " + ValueScale.label(total, unit: "ms")
        if rows.count > shown.count { text += " (the first \(shown.count) drawn)" }
        let failed = shown.filter(\.failed).map(\.label)
        text += failed.isEmpty ? "; none failed." : "; failed: " + failed.joined(separator: ", ") + "."
        return text
    }
}

/// A waterfall row with its numbers made safe: finite, not negative, at most ``ValueScale/limit``.
struct WaterfallBar: Sendable {
    var label: String
    var start: Double
    var duration: Double
    var colorIndex: Int
    var failed: Bool

    init(_ row: WaterfallRow) {
        label = row.label
        start = Chart.finite(row.startMs).map { max($0, 0) } ?? 0
        duration = Chart.finite(row.durationMs).map { max($0, 0) } ?? 0
        colorIndex = row.colorIndex
        failed = row.failed
    }
}

/// Where a waterfall's parts go: labels left, bars in the middle, durations right, one 20-pixel row per phase.
struct WaterfallLayout: Sendable {
    static let rowHeight = 20.0
    let width: Int
    let rows: Int
    let top = 44.0

    var barLeft: Double { min(160, Double(width) * 0.28) }
    var barRight: Double { Double(width) - 84 }
    var height: Int { Int(top + Double(rows) * Self.rowHeight + 8) }

    func rowTop(_ index: Int) -> Double { top + Double(index) * Self.rowHeight }
}
