@testable import Charts
import Testing

/// Every chart on awkward input: well-formed XML, no `NaN` or `inf`, escaped text, bounded size.
@Suite struct ChartRobustnessTests {
    typealias F = Fixtures

    /// Each chart kind rendered from one list of points.
    static func renderAll(_ points: [ChartPoint], frame: ChartFrame = F.frame(title: "t"), title: String = "t") -> [String] {
        let series = [ChartSeries(label: title, points: points, colorIndex: 0)]
        let thresholds = [ThresholdLine(value: 250, severity: .warning, label: title)]
        let markers = [ChartMarker(time: F.t0 + F.minute, kind: .lost, title: title, href: "/runs/1?a=1&b=\"2\"")]
        let bands = [ChartBand(start: F.t0, end: F.t0 + F.minute, severity: .critical, label: title)]
        let buckets = points.map { DistributionBucket(time: $0.time, p10: $0.value, p50: $0.value, p90: $0.value, count: 1) }
        let rows = points.prefix(50).enumerated().map {
            WaterfallRow(label: title, startMs: Double($0.offset) * 10, durationMs: $0.element.value ?? .nan, colorIndex: $0.offset, failed: $0.offset == 1)
        }
        return [
            Chart.renderLines(series, thresholds: thresholds, markers: markers, bands: bands, frame: frame),
            Chart.renderStacked(series + series, thresholds: thresholds, markers: markers, bands: bands, frame: frame),
            Chart.renderDistribution(buckets, thresholds: thresholds, markers: markers, bands: bands, frame: frame),
            Chart.renderSparkline(points, failures: [F.t0 + F.minute], title: title),
            Chart.renderWaterfall(rows, title: title),
        ]
    }

    struct Input: Sendable, CustomTestStringConvertible {
        var name: String
        var points: [ChartPoint]
        var testDescription: String { name }
    }

    static let inputs: [Input] = [
        Input(name: "empty", points: []),
        Input(name: "single point", points: F.perMinute([42])),
        Input(name: "all nil", points: F.perMinute([nil, nil, nil])),
        Input(name: "all equal", points: F.perMinute([7, 7, 7, 7])),
        Input(name: "all zero", points: F.perMinute([0, 0, 0])),
        Input(name: "huge", points: F.perMinute([1e300, .greatestFiniteMagnitude, -1e300, 5])),
        Input(name: "non-finite", points: F.perMinute([.nan, .infinity, -.infinity, 3])),
        Input(name: "negative", points: F.perMinute([-5, -1, -3])),
        Input(name: "tiny", points: F.perMinute([1e-300, 2e-300])),
        Input(name: "unsorted and outside", points: [
            ChartPoint(time: F.t0 + 30 * F.minute, value: 3), ChartPoint(time: F.t0 - F.day, value: 9),
            ChartPoint(time: F.t0 + 10 * F.minute, value: 1), ChartPoint(time: .max, value: 2),
            ChartPoint(time: .min, value: 2),
        ]),
    ]

    @Test(arguments: inputs)
    func awkwardInputStaysWellFormedAndFinite(_ input: Input) {
        for svg in Self.renderAll(input.points) {
            let inspector = SVGInspector(svg)
            #expect(inspector.isWellFormed, "\(input.name): \(inspector.problem ?? "")")
            for bad in ["nan", "NaN", "inf", "Inf"] {
                #expect(!svg.contains(bad), "\(input.name) wrote \(bad)")
            }
            #expect(inspector.content(of: "title") == "t" && inspector.content(of: "desc")?.isEmpty == false)
        }
    }

    @Test(arguments: [
        ChartFrame(title: "t", unit: "s", start: F.t0, end: F.t0, width: 0, height: -5),
        ChartFrame(title: "t", unit: "s", start: F.t0 + F.hour, end: F.t0, width: .max, height: .max),
        ChartFrame(title: "t", unit: "s", start: .min, end: .max, scale: .logarithmic),
    ])
    func degenerateFramesStayFinite(frame: ChartFrame) {
        for svg in Self.renderAll(F.perMinute([1, 2, nil, 4]), frame: frame) {
            #expect(SVGInspector(svg).isWellFormed)
            #expect(!svg.contains("nan") && !svg.contains("inf"))
            #expect(svg.utf8.count < 100_000)
        }
    }

    @Test func textIsEscapedEverywhere() {
        let evil = "<b>&\"x\"</b>"
        for svg in Self.renderAll(F.perMinute([1, 2, 3]), frame: F.frame(title: evil), title: evil) {
            let inspector = SVGInspector(svg)
            #expect(inspector.isWellFormed, "\(inspector.problem ?? "")")
            #expect(!svg.contains("<b>") && !svg.contains("\"x\""))
            #expect(svg.contains("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"))
        }
        let svg = Self.renderAll(F.perMinute([1]))[0]
        #expect(svg.contains("data-href=\"/runs/1?a=1&amp;b=&quot;2&quot;\""))
    }

    @Test func thirtyDaysPerMinuteRenderSmall() {
        let count = 43_200
        let points = (0..<count).map { index -> ChartPoint in
            let wave = Double(index % 97) * 13.7 + Double(index % 1440) / 3
            // Single missing minutes are narrower than a pixel column; five hours missing are not.
            let missing = index % 500 == 7 || (20_000..<20_300).contains(index)
            return ChartPoint(time: F.t0 + Int64(index) * F.minute, value: missing ? nil : 800 + wave)
        }
        let frame = F.frame(span: 30 * F.day, title: "30 days")
        let lines = Chart.renderLines([ChartSeries(label: "total", points: points, colorIndex: 0)], thresholds: [],
            markers: [], bands: [], frame: frame)
        let three = ["submit", "delivery", "retrieve"].enumerated().map {
            ChartSeries(label: $0.element, points: points, colorIndex: $0.offset)
        }
        let stacked = Chart.renderStacked(three, thresholds: [], markers: [], bands: [], frame: frame)
        let buckets = points.map { DistributionBucket(time: $0.time, p10: $0.value.map { $0 - 100 }, p50: $0.value,
            p90: $0.value.map { $0 + 300 }, count: $0.value == nil ? 0 : 3) }
        let distribution = Chart.renderDistribution(buckets, thresholds: [], markers: [], bands: [], frame: frame)
        for svg in [lines, stacked, distribution] {
            #expect(svg.utf8.count < 60_000, "\(svg.utf8.count) bytes")
            #expect(SVGInspector(svg).isWellFormed)
        }
        let line = SVGInspector(lines).withClass("line").first?["d"] ?? ""
        #expect(PathData.subpaths(line) == 2)
        let area = SVGInspector(stacked).withClass("area").first?["d"] ?? ""
        #expect(PathData.subpaths(area) == 2)
        #expect(PathData.subpaths(SVGInspector(distribution).withClass("median").first?["d"] ?? "") == 2)
        #expect(Chart.renderSparkline(points, failures: [], title: "24 h").utf8.count < 8_000)
    }
}
