import Charts
import HistoryStore
import MonitorCore

/// A row's sparkline on the overview: the mean total per step over the range the probe page opens on
/// (``DashboardRange/Preset/opening(firstRunMs:nowMs:)``), drawn over the part of it the probe's history covers.
///
/// 24 h come from the 5-minute rollups; a probe younger than an hour is drawn from its runs in steps of a
/// 120th of its range (at least a second), so that its first minutes are a line and not one dot.
struct OverviewSparkline {
    /// One drawn step: its start, the mean total, and whether any run in it failed.
    struct Step: Hashable {
        var startMs: Int64
        var meanMs: Double
        var failed: Bool
    }

    var preset: DashboardRange.Preset
    var stepMs: Int64
    var steps: [Step]
    /// The time axis: from the range's start or the first run, whichever is later, to now.
    var span: ClosedRange<Int64>

    /// The sparkline of `key`, from its 24 h rollup `totals` or, when it is younger than an hour, from its runs.
    static func load(_ key: AlertKey, firstRunMs: Int64?, totals: [HistoryStore.BucketTotal], store: HistoryStore,
                     nowMs: Int64) throws -> OverviewSparkline {
        let preset = DashboardRange.Preset.opening(firstRunMs: firstRunMs, nowMs: nowMs)
        let sinceMs = nowMs - preset.milliseconds
        let span = max(sinceMs, min(firstRunMs ?? sinceMs, nowMs - 1))...nowMs
        guard preset.milliseconds <= HistoryStore.runSeriesSpanMs else {
            let steps = totals.map { Step(startMs: $0.startMs, meanMs: $0.meanMs, failed: $0.failedCount > 0) }
            return OverviewSparkline(preset: preset, stepMs: 300_000, steps: steps, span: span)
        }
        let stepMs = max(1_000, preset.milliseconds / 120 / 1_000 * 1_000)
        let series = try store.runSeries(probe: key.probe, route: key.route, phases: [], sinceMs: sinceMs, untilMs: nowMs + 1, stepMs: stepMs)
        let steps = (series["total"] ?? []).map { Step(startMs: $0.startMs, meanMs: $0.meanMs, failed: $0.count > $0.okCount) }
        return OverviewSparkline(preset: preset, stepMs: stepMs, steps: steps, span: span)
    }

    /// The steps as chart points, with a gap after each step that is followed by a hole (no line across it).
    var points: [ChartPoint] {
        var points: [ChartPoint] = []
        var previous: Int64?
        for step in steps {
            if let previous, step.startMs - previous > stepMs { points.append(ChartPoint(time: previous + stepMs, value: nil)) }
            points.append(ChartPoint(time: step.startMs, value: step.meanMs))
            previous = step.startMs
        }
        return points
    }

    /// The SVG, titled `corp-roundtrip: mean total per 7 s, last 15 min`.
    func render(label: String) -> String {
        Chart.renderSparkline(points, failures: steps.filter(\.failed).map(\.startMs), span: span,
                              title: "\(label): mean total per \(DashboardFormat.duration(Double(stepMs))), last \(preset.words)")
    }
}
