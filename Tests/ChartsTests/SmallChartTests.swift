@testable import Charts
import Testing

/// Sparklines and waterfalls.
@Suite struct SmallChartTests {
    typealias F = Fixtures

    @Test func waterfallBarsAreProportional() throws {
        let rows = [
            WaterfallRow(label: "connect", startMs: 0, durationMs: 100, colorIndex: 0, failed: false),
            WaterfallRow(label: "tls", startMs: 100, durationMs: 300, colorIndex: 1, failed: false),
            WaterfallRow(label: "data", startMs: 400, durationMs: 600, colorIndex: 2, failed: true),
        ]
        let svg = SVGInspector(Chart.renderWaterfall(rows, title: "Run 42"))
        #expect(svg.isWellFormed, "\(svg.problem ?? "")")
        let bars = svg.withClass("bar")
        #expect(bars.count == 3)
        let x = try bars.map { try #require($0.double("x")) }
        let width = try bars.map { try #require($0.double("width")) }
        let pixelsPerMs = width[0] / 100
        #expect(abs(width[1] - 300 * pixelsPerMs) < 0.1 && abs(width[2] - 600 * pixelsPerMs) < 0.1)
        #expect(abs(x[1] - x[0] - 100 * pixelsPerMs) < 0.1 && abs(x[2] - x[0] - 400 * pixelsPerMs) < 0.1)
        #expect(bars.map { $0["class"] } == ["bar series-0", "bar series-1", "bar series-2 failed"])
        let texts = svg.all("text").map(\.text)
        #expect(texts.contains("connect") && texts.contains("100 ms") && texts.contains("300 ms"))
        #expect(texts.contains("600 ms failed"))
        #expect(texts.contains("1 s"))
        #expect(svg.content(of: "desc") == "3 phases over 1 s; failed: data.")
        #expect(svg.elements.first?["viewBox"] == "0 0 720 112")
    }

    @Test func waterfallRowsAreCapped() {
        let rows = (0..<1_000).map { WaterfallRow(label: "p\($0)", startMs: Double($0), durationMs: 1, colorIndex: $0, failed: false) }
        let svg = SVGInspector(Chart.renderWaterfall(rows, title: "many"))
        #expect(svg.withClass("bar").count == Chart.waterfallRowLimit)
        #expect(svg.content(of: "desc")?.contains("(the first 200 drawn)") == true)
    }

    @Test func sparklineKeepsGapsAndMarksFailures() throws {
        let points = F.perMinute([10, 20, nil, 40, 30])
        let failures = [F.t0 + 2 * F.minute, F.t0 + 2 * F.minute + 1, F.t0 + 4 * F.minute]
        let svg = SVGInspector(Chart.renderSparkline(points, failures: failures, title: "corp 24 h"))
        #expect(svg.isWellFormed)
        #expect(svg.elements.first?["viewBox"] == "0 0 120 24")
        let line = try #require(svg.withClass("line").first)
        #expect(PathData.subpaths(line["d"] ?? "") == 2)
        #expect(line["data-v"] == "30" && line["data-t"] == "\(F.t0 + 4 * F.minute)")
        #expect(PathData.subpaths(svg.withClass("failure").first?["d"] ?? "") == 2)
        #expect(svg.content(of: "desc") == "From 2024-12-03 14:00 to 2024-12-03 14:04 UTC: last 30, lowest 10, highest 40; 3 failures.")
        let ys = PathData.points(line["d"] ?? "").map(\.y)
        #expect(ys.allSatisfy { $0 >= 1.5 && $0 <= 24 - 1.5 - 4 })
        #expect(ys.min() == 1.5)
    }

    /// Given a span, the time axis runs over it: the points take only their share of the width.
    @Test func sparklineOverAGivenSpan() throws {
        let points = F.perMinute([10, 20, 30]).map { ChartPoint(time: $0.time + 5 * F.minute, value: $0.value) }
        let svg = SVGInspector(Chart.renderSparkline(points, failures: [], span: F.t0...(F.t0 + 10 * F.minute), title: "young"))
        #expect(svg.isWellFormed)
        #expect(svg.content(of: "desc") == "From 2024-12-03 14:00 to 2024-12-03 14:10 UTC: last 30, lowest 10, highest 30; 0 failures.")
        let xs = PathData.points(try #require(svg.withClass("line").first?["d"])).map(\.x)
        // 1.5 px padding each side leaves 117 px for 10 minutes: minutes 5, 6 and 7 at half, 0.6 and 0.7 of it.
        let expected = [5.0, 6, 7].map { 1.5 + $0 / 10 * 117 }
        #expect(xs.count == 3)
        #expect(zip(xs, expected).allSatisfy { abs($0 - $1) < 0.51 }, "\(xs) vs \(expected)")
    }

    @Test func stylesheetStylesEveryClass() {
        let css = Chart.stylesheet
        var classes = (0..<8).map { "series-\($0)" } + ["threshold-warning", "threshold-critical", "band-warning",
            "band-critical", "axis", "grid", "hit", "failure", "bar", "line", "area", "spread", "median", "marker"]
        classes += MarkerKind.allCases.map { "marker-\($0.rawValue)" }
        for name in classes {
            #expect(css.contains(".\(name)"), "\(name) has no rule")
        }
        #expect(css.contains("@media (prefers-color-scheme: dark)"))
        for colour in ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"] {
            #expect(css.contains(colour))
        }
        #expect(!css.contains("<") && !css.contains("&") && !css.contains("url("))
    }
}
