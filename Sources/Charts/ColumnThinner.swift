/// The points of one pixel column of one segment: enough to draw a line's extremes or an area's mean.
struct ColumnStats: Sendable, Hashable {
    var column: Int
    /// The exact x when the column holds one point, else the column's centre.
    var x: Double
    var count: Int
    var min: Double
    var max: Double
    var sum: Double
    /// Whether the minimum came before the maximum (so a line draws them in time order).
    var minFirst: Bool
    var mean: Double { sum / Double(count) }

    init(column: Int, x: Double, value: Double) {
        self.column = column
        self.x = x
        count = 1
        min = value
        max = value
        sum = value
        minFirst = true
    }

    mutating func add(_ value: Double, centre: Double) {
        count += 1
        x = centre
        sum += value
        if value < min {
            min = value
            minFirst = false
        }
        if value > max {
            max = value
            minFirst = true
        }
    }
}

/// Thins a series to at most one entry per pixel column and splits it where there is no data.
///
/// A `nil` value breaks the line when at least one whole pixel column lies between the values around it; a gap
/// narrower than that cannot be seen and is not drawn.
/// So the output is bounded by the plot's width however many points come in.
enum ColumnThinner {
    /// Points with a finite value clamped to ±``ValueScale/limit`` (non-finite ones become gaps), inside the time domain, sorted by time.
    static func clean(_ points: [ChartPoint], in time: TimeScale) -> [ChartPoint] {
        var inside = points.compactMap { point -> ChartPoint? in
            guard time.contains(point.time) else { return nil }
            guard let value = point.value, value.isFinite else { return ChartPoint(time: point.time, value: nil) }
            return ChartPoint(time: point.time, value: min(max(value, -ValueScale.limit), ValueScale.limit))
        }
        if !inside.isSorted(by: \.time) { inside.sort { $0.time < $1.time } }
        return inside
    }

    /// The segments of cleaned points: each an array of columns in time order.
    static func segments(_ points: [ChartPoint], layout: ChartLayout) -> [[ColumnStats]] {
        var segments: [[ColumnStats]] = []
        var current: [ColumnStats] = []
        var stats: ColumnStats?
        var pendingBreak = false
        for point in points {
            guard let value = point.value else {
                pendingBreak = true
                continue
            }
            let x = layout.time.x(point.time)
            let column = layout.column(x)
            if var open = stats, open.column == column {
                open.add(value, centre: layout.columnCentre(column))
                stats = open
                pendingBreak = false
                continue
            }
            if let open = stats { current.append(open) }
            // A gap shows only when at least one whole column lies between the values around it.
            if pendingBreak, let last = current.last, column - last.column > 1 {
                segments.append(current)
                current = []
            }
            pendingBreak = false
            stats = ColumnStats(column: column, x: x, value: value)
        }
        if let open = stats { current.append(open) }
        if !current.isEmpty { segments.append(current) }
        return segments
    }
}

extension Array {
    func isSorted<T: Comparable>(by key: (Element) -> T) -> Bool {
        zip(self, dropFirst()).allSatisfy { key($0) <= key($1) }
    }
}
