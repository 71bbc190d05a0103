import Charts
import HistoryStore
import Probe

/// Every route of a transit probe on one scale: the median transit (`delivery`) per step, A→B beside B→A.
enum TransitComparison {
    static func render(spec: ProbeSpec, routes: [String], range: DashboardRange, thresholds: [ThresholdLine], store: HistoryStore) throws -> String {
        let series = try routes.enumerated().map { index, route in
            let points = try store.series(probe: spec.name, route: route, phase: "delivery", sinceMs: range.sinceMs, untilMs: range.untilMs)
            var chartPoints: [ChartPoint] = []
            for (position, point) in points.enumerated() {
                chartPoints.append(ChartPoint(time: point.startMs, value: point.p50Ms))
                if position + 1 < points.count, points[position + 1].startMs > point.startMs + point.stepMs {
                    chartPoints.append(ChartPoint(time: point.startMs + point.stepMs, value: nil))
                }
            }
            return ChartSeries(label: route.replacingArrow, points: chartPoints, colorIndex: index % 8)
        }
        let frame = ChartFrame(title: "\(spec.name): median transit per route", unit: "ms", start: range.sinceMs, end: range.untilMs)
        return Chart.renderLines(series, thresholds: thresholds, markers: [], bands: [], frame: frame)
    }
}

extension String {
    /// `corp->other` as `corp → other`.
    var replacingArrow: String {
        guard let route = TransitRoute(self) else { return self }
        return "\(route.from) → \(route.to)"
    }
}
