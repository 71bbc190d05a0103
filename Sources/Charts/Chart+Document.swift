extension Chart {
    /// Opens the `<svg>` with its accessible title and description and the fallback styles.
    static func openDocument(_ svg: inout SVGWriter, width: Int, height: Int, kind: String, title: String, desc: String) {
        svg.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("class", "mp-chart mp-\(kind)"), ("role", "img"),
            ("viewBox", "0 0 \(width) \(height)"), ("width", "100%"), ("preserveAspectRatio", "xMidYMid meet"),
        ])
        svg.element("title", text: title)
        svg.element("desc", text: desc)
        svg.open("style")
        svg.raw(fallbackStylesheet)
        svg.close("style")
    }

    /// Everything a time chart draws before its data: document, title row with legend, bands, grid and axes.
    static func begin(
        _ svg: inout SVGWriter, layout: ChartLayout, frame: ChartFrame, kind: String, legend: [(String, Int)],
        scale: ValueScale, summary: String, thresholds: [ThresholdLine], markers: [ChartMarker], bands: [ChartBand]
    ) {
        let desc = describe(summary: summary, layout: layout, scale: scale, thresholds: thresholds,
            markers: markers, bands: bands)
        openDocument(&svg, width: layout.width, height: layout.height, kind: kind, title: frame.title, desc: desc)
        svg.element("text", [("class", "title"), ("x", "8"), ("y", "17")], text: frame.title)
        drawLegend(&svg, legend, right: layout.plotRight)
        drawBands(&svg, bands, layout: layout)
        drawAxes(&svg, layout: layout, scale: scale)
    }

    /// Everything a time chart draws over its data: thresholds, markers and the hover targets.
    static func finish(
        _ svg: inout SVGWriter, layout: ChartLayout, scale: ValueScale, thresholds: [ThresholdLine],
        markers: [ChartMarker], hits: HitCollector
    ) {
        drawThresholds(&svg, thresholds, layout: layout, scale: scale)
        drawMarkers(&svg, markers, layout: layout)
        hits.write(&svg, layout: layout)
    }

    /// The text of `<desc>`: what is drawn, over which time, on which scale, and what is marked.
    static func describe(
        summary: String, layout: ChartLayout, scale: ValueScale, thresholds: [ThresholdLine], markers: [ChartMarker],
        bands: [ChartBand]
    ) -> String {
        let from = CivilTime(unixMs: layout.time.start).isoMinute
        let to = CivilTime(unixMs: layout.time.end).isoMinute
        let kind = switch scale.kind {
        case .linear: "linear"
        case .logarithmic: "logarithmic"
        }
        var text = "\(summary) from \(from) to \(to) UTC; \(kind) scale from \(scale.label(scale.lower)) to \(scale.label(scale.upper))."
        if !thresholds.isEmpty {
            text += " Thresholds: " + thresholds.map { "\($0.label) (\($0.severity.rawValue), \(scale.label($0.value)))" }
                .joined(separator: ", ") + "."
        }
        let shown = markers.filter { layout.time.contains($0.time) }
        if !shown.isEmpty {
            let kinds = MarkerKind.allCases.compactMap { kind -> String? in
                let count = shown.count { $0.kind == kind }
                return count == 0 ? nil : "\(count) \(kind.rawValue)"
            }
            text += " Failed runs: " + kinds.joined(separator: ", ") + "."
        }
        let periods = bands.count { min($0.start, $0.end) <= layout.time.end && max($0.start, $0.end) >= layout.time.start }
        if periods > 0 { text += " Alert periods: \(periods)." }
        return text
    }

    /// Swatches and labels right-aligned in the title row.
    static func drawLegend(_ svg: inout SVGWriter, _ entries: [(String, Int)], right: Double) {
        guard !entries.isEmpty else { return }
        var x = right
        svg.open("g", [("class", "legend")])
        for (label, colorIndex) in entries.reversed() {
            x -= Double(label.count) * 6.2
            svg.element("text", [("x", SVGWriter.number(x)), ("y", "17")], text: label)
            x -= 14
            svg.empty("rect", [("class", "swatch " + seriesClass(colorIndex)), ("x", SVGWriter.number(x)), ("y", "8"),
                ("width", "10"), ("height", "10")])
            x -= 10
        }
        svg.close("g")
    }

    /// Grid lines at the ticks, the two axis lines, value labels left of the plot and time labels below it.
    static func drawAxes(_ svg: inout SVGWriter, layout: ChartLayout, scale: ValueScale) {
        let maxTimeTicks = max(2, Int(layout.plotWidth / 80))
        let timeTicks = layout.time.ticks(maxCount: maxTimeTicks)
        var grid = SVGPath()
        for value in scale.ticks {
            grid.move(layout.plotLeft, scale.y(value))
            grid.horizontal(to: layout.plotRight)
        }
        for tick in timeTicks {
            grid.move(tick.x, layout.plotTop)
            grid.vertical(to: layout.plotBottom)
        }
        svg.empty("path", [("class", "grid"), ("d", grid.data)])
        var axis = SVGPath()
        axis.move(layout.plotLeft, layout.plotTop)
        axis.vertical(to: layout.plotBottom)
        axis.horizontal(to: layout.plotRight)
        svg.empty("path", [("class", "axis"), ("d", axis.data)])
        svg.open("g", [("class", "tick"), ("text-anchor", "end")])
        let labelX = SVGWriter.number(layout.plotLeft - 6)
        for value in scale.ticks {
            svg.element("text", [("x", labelX), ("y", SVGWriter.number(scale.y(value) + 4, decimals: 1))],
                text: scale.label(value))
        }
        svg.element("text", [("x", labelX), ("y", SVGWriter.number(layout.tickRow))], text: "UTC")
        svg.close("g")
        svg.open("g", [("class", "tick"), ("text-anchor", "middle")])
        let row = SVGWriter.number(layout.tickRow)
        for tick in timeTicks {
            svg.element("text", [("x", SVGWriter.number(tick.x, decimals: 1)), ("y", row), ("data-t", "\(tick.time)")],
                text: tick.label)
        }
        svg.close("g")
    }
}
