/// Server-side SVG charts for the dashboard: stacked phases, lines, distributions, sparklines and waterfalls.
///
/// Every `render…` returns one self-contained `<svg>` element (no scripts, no external references) with
/// `role="img"`, a `<title>` and a `<desc>`, a `viewBox` and `width="100%"`. Colours come from CSS classes
/// (``stylesheet``); a fallback palette sits inside each SVG in a low-priority cascade layer.
/// Data carry `data-t` (Unix ms) and `data-v` for a page script's hover values.
public enum Chart {
    /// Stacked areas (series stacked in the order given), time axis, value axis with unit, thresholds as dashed lines labelled, markers on the time axis by kind, bands behind.
    ///
    /// Each pixel column holds the mean of each series there; a `nil` point breaks that series' area.
    public static func renderStacked(
        _ series: [ChartSeries], thresholds: [ThresholdLine], markers: [ChartMarker], bands: [ChartBand],
        frame: ChartFrame
    ) -> String {
        var stacks = StackedColumns(segments: [], columns: 0)
        let drawing = SeriesDrawing(kind: "stacked", summary: "Stacked areas of ") { segments, layout in
            stacks = StackedColumns(segments: segments, columns: layout.columns)
            return stacks.extremes
        } draw: { svg, segments, scale, layout in
            // The largest sum first, each filled down to the baseline, so every series shows as the band above the one before.
            for index in series.indices.reversed() {
                let path = stacks.areaPath(series: index, segments: segments[index], scale: scale, layout: layout)
                guard !path.isEmpty else { continue }
                svg.empty("path", [("class", "area " + seriesClass(series[index].colorIndex)), ("d", path.data)])
            }
        }
        return render(series, drawing, thresholds: thresholds, markers: markers, bands: bands, frame: frame)
    }

    /// Lines (not stacked): e.g. transit A→B and B→A on one scale.
    ///
    /// Each pixel column keeps its minimum and maximum, so spikes survive thinning; a `nil` point breaks the line.
    public static func renderLines(
        _ series: [ChartSeries], thresholds: [ThresholdLine], markers: [ChartMarker], bands: [ChartBand],
        frame: ChartFrame
    ) -> String {
        let drawing = SeriesDrawing(kind: "lines", summary: "Lines of ") { segments, _ in
            segments.joined().joined().flatMap { [$0.min, $0.max] }
        } draw: { svg, segments, scale, _ in
            for (index, item) in series.enumerated() {
                let path = linePath(segments[index], scale: scale)
                guard !path.isEmpty else { continue }
                svg.empty("path", [("class", "line " + seriesClass(item.colorIndex)), ("d", path.data)])
            }
        }
        return render(series, drawing, thresholds: thresholds, markers: markers, bands: bands, frame: frame)
    }

    /// How one kind of series chart finds its value range and draws its thinned series.
    struct SeriesDrawing {
        var kind: String
        var summary: String
        var extremes: ([[[ColumnStats]]], ChartLayout) -> [Double]
        var draw: (inout SVGWriter, [[[ColumnStats]]], ValueScale, ChartLayout) -> Void
    }

    /// The frame around a series chart: clean and thin the series, scale, axes and legend, the drawing, then annotations and hover targets.
    private static func render(
        _ series: [ChartSeries], _ drawing: SeriesDrawing, thresholds: [ThresholdLine], markers: [ChartMarker],
        bands: [ChartBand], frame: ChartFrame
    ) -> String {
        let layout = ChartLayout(frame: frame)
        let cleaned = series.map { ColumnThinner.clean($0.points, in: layout.time) }
        let segments = cleaned.map { ColumnThinner.segments($0, layout: layout) }
        let scale = layout.valueScale(drawing.extremes(segments, layout) + thresholds.map(\.value), frame: frame)
        var svg = SVGWriter()
        begin(&svg, layout: layout, frame: frame, kind: drawing.kind, legend: series.map { ($0.label, $0.colorIndex) },
            scale: scale, summary: drawing.summary + list(series.map(\.label)), thresholds: thresholds,
            markers: markers, bands: bands)
        drawing.draw(&svg, segments, scale, layout)
        finish(&svg, layout: layout, scale: scale, thresholds: thresholds, markers: markers,
            hits: HitCollector.values(cleaned, layout: layout))
        return svg.finish()
    }

    /// A line through thinned columns: each column's extremes in time order, one subpath per segment.
    static func linePath(_ segments: [[ColumnStats]], scale: ValueScale) -> SVGPath {
        var path = SVGPath()
        for segment in segments {
            var started = false
            for stats in segment {
                let values = stats.min == stats.max ? [stats.min] : stats.minFirst ? [stats.min, stats.max] : [stats.max, stats.min]
                for value in values {
                    if started {
                        path.line(stats.x, scale.y(value))
                    } else {
                        path.move(stats.x, scale.y(value))
                        started = true
                    }
                }
            }
            if segment.count == 1, segment[0].min == segment[0].max { path.horizontal(to: segment[0].x + 1) }
        }
        return path
    }

    /// `series-0` … `series-7`.
    static func seriesClass(_ colorIndex: Int) -> String {
        "series-\(((colorIndex % 8) + 8) % 8)"
    }

    /// `a, b and c`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return "no series"
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }
    }
}
