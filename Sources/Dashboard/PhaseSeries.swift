import Charts
import HistoryStore
import Probe

/// The rollup series of one probe and route over a range: its total and each phase the latest run timed.
struct PhaseSeries {
    var total: [SeriesPoint]
    var phases: [(name: String, points: [SeriesPoint])]
    /// Whether phases may be grouped by protocol (`submit.*`, `delivery`, `retrieve.*`): round trips and transit.
    var groupable: Bool
    var stepMs: Int64

    static func load(spec: ProbeSpec, route: String?, phases names: [String], range: DashboardRange, store: HistoryStore) throws -> PhaseSeries {
        let span = range.untilMs - range.sinceMs
        // An hour or less is drawn from the runs in steps of a 240th of the range (at least a second):
        // the 5-minute rollups would give a new probe one point.
        let runStep = max(1_000, span / 240 / 1_000 * 1_000)
        let fromRuns = span <= HistoryStore.runSeriesSpanMs
            ? try store.runSeries(probe: spec.name, route: route, phases: names, sinceMs: range.sinceMs, untilMs: range.untilMs, stepMs: runStep)
            : nil
        let read = { (phase: String) in
            if let fromRuns { return fromRuns[phase] ?? [] }
            return try store.series(probe: spec.name, route: route, phase: phase, sinceMs: range.sinceMs, untilMs: range.untilMs)
        }
        var seen: Set<String> = ProbePage.unstacked
        var phases: [(name: String, points: [SeriesPoint])] = []
        for name in names where seen.insert(name).inserted {
            phases.append((name, try read(name)))
        }
        let total = try read("total")
        let groupable = switch spec.kind {
        case .roundTrip, .transit: true
        case .smtp, .imap: false
        }
        let step = total.first?.stepMs ?? (fromRuns != nil ? runStep : span <= HistoryStore.fineSeriesSpanMs ? 300_000 : 3_600_000)
        return PhaseSeries(total: total, phases: phases, groupable: groupable, stepMs: step)
    }

    /// The step starts the charts draw: every stored step, and one empty step after each run of them that
    /// is followed by a hole, so the chart breaks its line there.
    var times: [(time: Int64, stored: Bool)] {
        var result: [(Int64, Bool)] = []
        for (index, point) in total.enumerated() {
            result.append((point.startMs, true))
            if index + 1 < total.count, total[index + 1].startMs > point.startMs + stepMs { result.append((point.startMs + stepMs, false)) }
        }
        return result
    }

    /// The total's median inside its p10–p90 band, per step.
    var distribution: [DistributionBucket] {
        let byTime = Dictionary(total.map { ($0.startMs, $0) }, uniquingKeysWith: { first, _ in first })
        return times.map { entry in
            guard entry.stored, let point = byTime[entry.time] else { return DistributionBucket(time: entry.time, p10: nil, p50: nil, p90: nil, count: 0) }
            return DistributionBucket(time: entry.time, p10: point.p10Ms, p50: point.p50Ms, p90: point.p90Ms, count: point.count)
        }
    }

    /// One series per phase (or per protocol when `grouped`), each step the mean of its phases' means.
    func stacked(grouped: Bool) -> [ChartSeries] {
        var groups: [(label: String, members: [[Int64: Double]])] = []
        for phase in phases {
            let label = grouped && groupable ? String(phase.name.split(separator: ".").first ?? Substring(phase.name)) : phase.name
            let means = Dictionary(phase.points.map { ($0.startMs, $0.meanMs) }, uniquingKeysWith: { first, _ in first })
            if let index = groups.firstIndex(where: { $0.label == label }) {
                groups[index].members.append(means)
            } else {
                groups.append((label, [means]))
            }
        }
        let steps = times
        return groups.enumerated().map { index, group in
            let points = steps.map { entry -> ChartPoint in
                let values = group.members.compactMap { $0[entry.time] }
                return ChartPoint(time: entry.time, value: entry.stored && !values.isEmpty ? values.reduce(0, +) : nil)
            }
            return ChartSeries(label: group.label, points: points, colorIndex: index % 8)
        }
    }
}
