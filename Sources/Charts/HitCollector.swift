/// Invisible hover targets, one per 3-pixel group that has data, carrying `data-t` and the values for a page script.
///
/// Each target spans halfway to its neighbours, so sparse data is as easy to hover as dense data.
struct HitCollector {
    static let groupWidth = 3

    private struct Group {
        var time: Int64
        var x: Double
        var sums: [Double]
        var counts: [Int]
    }

    private var groups: [Group?]
    private let channels: Int
    /// The data attributes of one target from its channels' means (nil where a channel has no value).
    private let attributes: ([Double?]) -> [(String, String)]

    /// Targets with `channels` value streams, written as the attributes `attributes` makes of their means.
    init(layout: ChartLayout, channels: Int, attributes: @escaping ([Double?]) -> [(String, String)]) {
        groups = Array(repeating: nil, count: layout.columns / Self.groupWidth + 1)
        self.channels = channels
        self.attributes = attributes
    }

    /// Adds a value of a channel (cleaned points: inside the time domain).
    mutating func add(channel: Int, time: Int64, value: Double, layout: ChartLayout) {
        let x = layout.time.x(time)
        let index = layout.column(x) / Self.groupWidth
        var group = groups[index] ?? Group(
            time: time, x: x, sums: Array(repeating: 0, count: channels), counts: Array(repeating: 0, count: channels))
        if time < group.time { (group.time, group.x) = (time, x) }
        group.sums[channel] += value
        group.counts[channel] += 1
        groups[index] = group
    }

    /// Targets for series drawn together: `data-v` holds each series' mean, space-separated, `-` where it has none.
    static func values(_ series: [[ChartPoint]], layout: ChartLayout) -> HitCollector {
        var hits = HitCollector(layout: layout, channels: series.count) { means in
            [("data-v", means.map { $0.map { SVGWriter.number($0) } ?? "-" }.joined(separator: " "))]
        }
        for (channel, points) in series.enumerated() {
            for point in points {
                guard let value = point.value else { continue }
                hits.add(channel: channel, time: point.time, value: value, layout: layout)
            }
        }
        return hits
    }

    func write(_ svg: inout SVGWriter, layout: ChartLayout) {
        let filled = groups.compactMap { $0 }
        guard !filled.isEmpty else { return }
        let top = SVGWriter.number(layout.plotTop)
        let height = SVGWriter.number(layout.plotHeight)
        svg.open("g", [("class", "hits")])
        for (index, group) in filled.enumerated() {
            let left = index == 0 ? layout.plotLeft : (filled[index - 1].x + group.x) / 2
            let right = index == filled.count - 1 ? layout.plotRight : (group.x + filled[index + 1].x) / 2
            let means = (0..<channels).map { group.counts[$0] == 0 ? nil : group.sums[$0] / Double(group.counts[$0]) }
            svg.empty("rect", [
                ("class", "hit"), ("x", SVGWriter.number(left, decimals: 1)), ("y", top),
                ("width", SVGWriter.number(max(right - left, 0.5), decimals: 1)), ("height", height),
                ("data-t", "\(group.time)"),
            ] + attributes(means))
        }
        svg.close("g")
    }
}
