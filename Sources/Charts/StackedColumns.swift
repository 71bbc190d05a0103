/// The per-column means of stacked series and their running sums, for drawing stacked areas.
struct StackedColumns: Sendable {
    /// `sums[k][c]`: the sum of the means of series 0…k in column c, or nil where series k has no value there.
    private(set) var sums: [[Double?]] = []

    init(segments: [[[ColumnStats]]], columns: Int) {
        var running = [Double](repeating: 0, count: columns)
        for series in segments {
            var own = [Double?](repeating: nil, count: columns)
            for stats in series.joined() {
                running[stats.column] += stats.mean
                own[stats.column] = stats.mean
            }
            sums.append(own.indices.map { own[$0] == nil ? nil : running[$0] })
        }
    }

    /// Every running sum and zero: what the value axis must hold.
    var extremes: [Double] {
        [0] + sums.joined().compactMap { $0 }
    }

    /// The area of series `index`: along its running sums and back along the baseline, one subpath per segment.
    func areaPath(series index: Int, segments: [[ColumnStats]], scale: ValueScale, layout: ChartLayout) -> SVGPath {
        var path = SVGPath()
        let base = layout.plotBottom
        for segment in segments {
            guard let first = segment.first, let last = segment.last else { continue }
            let widen = segment.count == 1 ? 0.5 : 0
            path.move(first.x - widen, base)
            for stats in segment {
                let y = scale.y(sums[index][stats.column] ?? 0)
                if widen > 0 {
                    path.line(stats.x - widen, y)
                    path.line(stats.x + widen, y)
                } else {
                    path.line(stats.x, y)
                }
            }
            path.line(last.x + widen, base)
            path.close()
        }
        return path
    }
}
