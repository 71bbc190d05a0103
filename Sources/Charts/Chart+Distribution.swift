extension Chart {
    /// SmokePing-style: per bucket a p10–p90 band and the median line; gaps where count is 0 or values are nil.
    ///
    /// Thinned per pixel column: the band from the lowest p10 to the highest p90 there, the median line through the mean p50.
    /// A bucket without p10 or p90 spreads to its median.
    public static func renderDistribution(
        _ buckets: [DistributionBucket], thresholds: [ThresholdLine], markers: [ChartMarker], bands: [ChartBand],
        frame: ChartFrame
    ) -> String {
        let layout = ChartLayout(frame: frame)
        let medians = buckets.map { ChartPoint(time: $0.time, value: $0.count > 0 ? $0.p50 : nil) }
        let cleaned = ColumnThinner.clean(medians, in: layout.time)
        let segments = ColumnThinner.segments(cleaned, layout: layout)
        var spread = Spread(columns: layout.columns)
        var hits = HitCollector(layout: layout, channels: 3) { means in
            [("data-v", means[0]), ("data-p10", means[1]), ("data-p90", means[2])].compactMap { name, mean in
                mean.map { (name, SVGWriter.number($0)) }
            }
        }
        for bucket in buckets where bucket.count > 0 && layout.time.contains(bucket.time) {
            guard let median = finite(bucket.p50) else { continue }
            let low = min(finite(bucket.p10) ?? median, median)
            let high = max(finite(bucket.p90) ?? median, median)
            spread.add(column: layout.column(layout.time.x(bucket.time)), low: low, high: high)
            for (channel, value) in [median, low, high].enumerated() {
                hits.add(channel: channel, time: bucket.time, value: value, layout: layout)
            }
        }
        let scale = layout.valueScale(spread.extremes + thresholds.map(\.value), frame: frame)
        var svg = SVGWriter()
        begin(&svg, layout: layout, frame: frame, kind: "distribution", legend: [("median, p10–p90", 0)],
            scale: scale, summary: "Median with its p10–p90 band of \(buckets.count) buckets", thresholds: thresholds,
            markers: markers, bands: bands)
        let band = spread.path(segments, scale: scale)
        if !band.isEmpty { svg.empty("path", [("class", "spread series-0"), ("d", band.data)]) }
        var median = SVGPath()
        for segment in segments {
            for (index, stats) in segment.enumerated() {
                if index == 0 { median.move(stats.x, scale.y(stats.mean)) } else { median.line(stats.x, scale.y(stats.mean)) }
            }
            if segment.count == 1 { median.horizontal(to: segment[0].x + 1) }
        }
        if !median.isEmpty { svg.empty("path", [("class", "median series-0"), ("d", median.data)]) }
        finish(&svg, layout: layout, scale: scale, thresholds: thresholds, markers: markers, hits: hits)
        return svg.finish()
    }

    /// A finite value clamped to ±``ValueScale/limit``, or nil.
    static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return min(max(value, -ValueScale.limit), ValueScale.limit)
    }
}

/// The lowest p10 and highest p90 of each pixel column.
struct Spread: Sendable {
    private(set) var low: [Double?]
    private(set) var high: [Double?]

    init(columns: Int) {
        low = Array(repeating: nil, count: columns)
        high = Array(repeating: nil, count: columns)
    }

    mutating func add(column: Int, low value: Double, high top: Double) {
        low[column] = min(low[column] ?? value, value)
        high[column] = max(high[column] ?? top, top)
    }

    var extremes: [Double] {
        low.compactMap { $0 } + high.compactMap { $0 }
    }

    /// The band: forward along the highs, back along the lows, one closed subpath per segment of the median.
    func path(_ segments: [[ColumnStats]], scale: ValueScale) -> SVGPath {
        var path = SVGPath()
        for segment in segments {
            let widen = segment.count == 1 ? 0.5 : 0
            for (index, stats) in segment.enumerated() {
                let y = scale.y(high[stats.column] ?? stats.mean)
                if index == 0 { path.move(stats.x - widen, y) } else { path.line(stats.x, y) }
            }
            if widen > 0, let only = segment.first { path.line(only.x + widen, scale.y(high[only.column] ?? only.mean)) }
            for (index, stats) in segment.enumerated().reversed() {
                let x = index == 0 ? stats.x - widen : stats.x
                if widen > 0 { path.line(stats.x + widen, scale.y(low[stats.column] ?? stats.mean)) }
                path.line(x, scale.y(low[stats.column] ?? stats.mean))
            }
            path.close()
        }
        return path
    }
}
