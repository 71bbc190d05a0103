@testable import Charts
import Testing

/// The time charts on fixed series: gaps, thresholds, markers, bands, the distribution's band and median.
@Suite struct ChartRenderTests {
    typealias F = Fixtures

    static func lines(_ series: [ChartSeries], thresholds: [ThresholdLine] = [], markers: [ChartMarker] = [],
        bands: [ChartBand] = [], frame: ChartFrame = F.frame()) -> SVGInspector {
        SVGInspector(Chart.renderLines(series, thresholds: thresholds, markers: markers, bands: bands, frame: frame))
    }

    @Test func documentIsAccessibleAndScales() throws {
        let svg = Self.lines([F.series([100, 200, 150])])
        #expect(svg.isWellFormed, "\(svg.problem ?? "")")
        let root = try #require(svg.elements.first)
        #expect(root["role"] == "img")
        #expect(root["width"] == "100%")
        #expect(root["viewBox"] == "0 0 720 240")
        #expect(svg.content(of: "title") == "Round trip")
        let desc = try #require(svg.content(of: "desc"))
        #expect(desc.hasPrefix("Lines of submit from 2024-12-03 14:00 to 2024-12-03 15:00 UTC; linear scale from 0 ms to 200 ms."))
        #expect(!svg.text.contains("<script") && !svg.text.contains("url("))
        #expect(svg.withClass("axis").count == 1 && svg.withClass("grid").count == 1)
        let labels = svg.all("text").map(\.text)
        #expect(labels.contains("200 ms") && labels.contains("14:30") && labels.contains("UTC"))
    }

    @Test(arguments: [
        ([1.0, 2, 3, 4, 5, 6], 1), ([1.0, 2, nil, 4, 5, 6], 2), ([1.0, nil, 3, nil, 5, 6], 3), ([nil, 2.0, 3, nil], 1),
        ([1.0, nil, nil, nil, 5], 2), ([nil, nil], 0),
    ])
    func aNilPointSplitsTheLine(values: [Double?], segments: Int) {
        let svg = Self.lines([F.series(values)])
        let paths = svg.withClass("line")
        #expect(paths.count == (segments == 0 ? 0 : 1))
        #expect(paths.first.map { PathData.subpaths($0["d"] ?? "") } ?? 0 == segments)
        let stacked = SVGInspector(Chart.renderStacked(
            [F.series(values)], thresholds: [], markers: [], bands: [], frame: F.frame()))
        #expect(stacked.withClass("area").first.map { PathData.subpaths($0["d"] ?? "") } ?? 0 == segments)
    }

    @Test func stackedAreasSumInOrder() throws {
        let series = [F.series([100, 100], label: "submit"), F.series([50, 150], label: "delivery", colorIndex: 1)]
        let svg = SVGInspector(Chart.renderStacked(series, thresholds: [], markers: [], bands: [], frame: F.frame()))
        let layout = F.layout(F.frame())
        let scale = layout.valueScale([0, 200, 250, 100], frame: F.frame())
        let areas = svg.withClass("area")
        #expect(areas.map { $0["class"] } == ["area series-1", "area series-0"])
        let top = PathData.points(try #require(areas[0]["d"]))
        #expect(top.map(\.y).contains { abs($0 - scale.y(250)) < 0.06 })
        #expect(top.map(\.y).contains { abs($0 - scale.y(150)) < 0.06 })
        let bottom = PathData.points(try #require(areas[1]["d"]))
        #expect(bottom.dropFirst().dropLast().allSatisfy { abs($0.y - scale.y(100)) < 0.06 })
        #expect(svg.all("rect").filter { $0["class"] == "hit" }.first?["data-v"] == "100 50")
    }

    @Test(arguments: [(300.0, ThresholdSeverity.warning), (450, .critical)])
    func thresholdsSitAtTheirValue(value: Double, severity: ThresholdSeverity) throws {
        let frame = F.frame()
        let threshold = ThresholdLine(value: value, severity: severity, label: "limit")
        let svg = Self.lines([F.series([100, 200])], thresholds: [threshold], frame: frame)
        let layout = F.layout(frame)
        let scale = layout.valueScale([100, 200, value], frame: frame)
        let line = try #require(svg.withClass("threshold").first)
        #expect(line["class"] == "threshold threshold-\(severity.rawValue)")
        let points = PathData.points(try #require(line["d"]))
        #expect(points.count == 1 && abs(points[0].y - scale.y(value)) < 0.06 && points[0].x == layout.plotLeft)
        #expect(svg.withClass("threshold-label").first?.text == "limit")
        #expect(scale.upper >= value)
    }

    @Test func everyMarkerKindHasItsOwnShapeAndLink() throws {
        let markers = MarkerKind.allCases.enumerated().map { index, kind in
            ChartMarker(time: F.t0 + Int64(index) * 5 * F.minute, kind: kind, title: "run \(index) \(kind)",
                href: "/runs/\(index)")
        }
        let svg = Self.lines([F.series([1, 2])], markers: markers)
        let drawn = svg.withClass("marker")
        #expect(drawn.count == MarkerKind.allCases.count)
        var shapes = Set<String>()
        let layout = F.layout(F.frame())
        for (index, kind) in MarkerKind.allCases.enumerated() {
            let marker = try #require(svg.withClass("marker-\(kind.rawValue)").first)
            #expect(marker["data-href"] == "/runs/\(index)")
            #expect(marker["data-t"] == "\(F.t0 + Int64(index) * 5 * F.minute)")
            let d = try #require(marker["d"])
            let x = layout.time.x(F.t0 + Int64(index) * 5 * F.minute)
            shapes.insert(String(d.drop { $0 != "m" }))
            #expect(PathData.points(d).first.map { abs($0.x - x) < 0.06 } == true)
        }
        #expect(shapes.count == MarkerKind.allCases.count)
        #expect(Set(MarkerKind.allCases.map(\.shapeName)).count == MarkerKind.allCases.count)
        #expect(svg.all("a").map { $0["href"] } == MarkerKind.allCases.indices.map { "/runs/\($0)" })
        #expect(svg.all("title").map(\.text).contains("run 4 tls"))
    }

    @Test func denseMarkersAreCountedNotRepeated() {
        let markers = (0..<500).map { ChartMarker(time: F.t0 + Int64($0) * 5, kind: .timeout, title: "t", href: nil) }
        let svg = Self.lines([F.series([1])], markers: markers)
        #expect(svg.withClass("marker").count == 1)
        #expect(svg.all("title").map(\.text).contains("t (and 499 more)"))
        #expect(svg.all("a").isEmpty)
    }

    @Test(arguments: ["javascript:alert(1)", "data:text/html,x", " JAVASCRIPT:x"])
    func scriptLinksAreDropped(href: String) {
        let marker = ChartMarker(time: F.t0, kind: .auth, title: "x", href: href)
        let svg = Self.lines([], markers: [marker])
        #expect(svg.withClass("marker").count == 1)
        #expect(svg.all("a").isEmpty && svg.withClass("marker").first?["data-href"] == nil)
    }

    @Test func bandsSpanTheirPeriodClipped() throws {
        let layout = F.layout(F.frame())
        let bands = [
            ChartBand(start: F.t0 + 10 * F.minute, end: F.t0 + 25 * F.minute, severity: .critical, label: "CRITICAL slow"),
            ChartBand(start: F.t0 - F.hour, end: F.t0 + 30 * F.minute, severity: .warning, label: "earlier"),
            ChartBand(start: F.t0 + 2 * F.hour, end: F.t0 + 3 * F.hour, severity: .warning, label: "later"),
        ]
        let svg = Self.lines([F.series([1, 2])], bands: bands)
        let drawn = svg.withClass("band")
        #expect(drawn.count == 2)
        let critical = try #require(svg.withClass("band-critical").first)
        #expect(abs((critical.double("x") ?? 0) - layout.time.x(F.t0 + 10 * F.minute)) < 0.06)
        #expect(abs((critical.double("width") ?? 0) - layout.plotWidth / 4) < 0.1)
        let warning = try #require(svg.withClass("band-warning").first)
        #expect(warning.double("x") == layout.plotLeft)
        #expect(abs((warning.double("width") ?? 0) - layout.plotWidth / 2) < 0.1)
        #expect(svg.content(of: "desc")?.hasSuffix("Alert periods: 2.") == true)
    }

    @Test func distributionDrawsBandAndMedianWithGaps() throws {
        let buckets = [
            DistributionBucket(time: F.t0, p10: 100, p50: 200, p90: 400, count: 5),
            DistributionBucket(time: F.t0 + 10 * F.minute, p10: 150, p50: 250, p90: 300, count: 5),
            DistributionBucket(time: F.t0 + 20 * F.minute, p10: nil, p50: nil, p90: nil, count: 0),
            DistributionBucket(time: F.t0 + 30 * F.minute, p10: 120, p50: 220, p90: 500, count: 3),
            DistributionBucket(time: F.t0 + 40 * F.minute, p10: 130, p50: 230, p90: 350, count: 0),
            DistributionBucket(time: F.t0 + 50 * F.minute, p10: 90, p50: 180, p90: 260, count: 4),
        ]
        let frame = F.frame()
        let svg = SVGInspector(Chart.renderDistribution(buckets, thresholds: [], markers: [], bands: [], frame: frame))
        #expect(svg.isWellFormed)
        let layout = F.layout(frame)
        let scale = layout.valueScale([90, 500], frame: frame)
        let median = PathData.points(try #require(svg.withClass("median").first?["d"]))
        #expect(PathData.subpaths(svg.withClass("median").first?["d"] ?? "") == 3)
        #expect(median.map(\.y).map { ($0 * 10).rounded() / 10 } == [200, 250, 220, 180].map { (scale.y($0) * 10).rounded() / 10 })
        let spread = try #require(svg.withClass("spread").first?["d"])
        #expect(PathData.subpaths(spread) == 3)
        let ys = PathData.points(spread).map(\.y)
        for value in [400.0, 100, 300, 150, 500, 260, 90] {
            #expect(ys.contains { abs($0 - scale.y(value)) < 0.06 }, "band misses \(value)")
        }
        let hits = svg.withClass("hit")
        #expect(hits.count == 4)
        #expect(hits.first?["data-v"] == "200" && hits.first?["data-p10"] == "100" && hits.first?["data-p90"] == "400")
    }

    @Test func automaticScaleGoesLogarithmicForWideData() {
        let wide = Self.lines([F.series([5, 50, 5_000])])
        #expect(wide.content(of: "desc")?.contains("logarithmic scale from 1 ms to 10 s") == true)
        let narrow = Self.lines([F.series([50, 500])])
        #expect(narrow.content(of: "desc")?.contains("linear scale") == true)
    }
}
