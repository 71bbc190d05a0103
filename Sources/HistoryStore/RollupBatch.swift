import Probe

/// The rollup buckets a set of runs adds to, merged in memory before they are written.
///
/// A completed run adds each of its phases (the first of each name) and a synthetic `total`
/// (its `durationMs`) to its 5-minute and its 1-hour bucket. Skipped, cancelled and interrupted
/// runs measured nothing and add nothing; neither do non-finite values.
struct RollupBatch {
    /// The synthetic phase of a run's whole duration.
    static let totalPhase = "total"

    private(set) var cells: [RollupKey: RollupCell] = [:]

    /// What a run adds: its `total` and the first phase of each name, finite values only.
    static func values(of record: ProbeRunRecord) -> [(phase: String, ms: Double)] {
        var values: [(phase: String, ms: Double)] = [(totalPhase, record.durationMs)]
        var seen: Set<String> = [totalPhase]
        for phase in record.phases where seen.insert(phase.name).inserted {
            values.append((phase.name, phase.ms))
        }
        return values.filter { $0.ms.isFinite }
    }

    mutating func add(_ record: ProbeRunRecord) {
        switch record.state {
        case .completed: break
        case .skipped, .cancelled, .interrupted: return
        }
        let route = HistoryStore.routeKey(record.route)
        for (phase, ms) in Self.values(of: record) {
            for resolution in RollupKey.resolutions {
                let key = RollupKey(probe: record.probe, route: route, phase: phase, resolutionMs: resolution,
                                    bucketStartMs: RollupKey.bucketStart(of: record.startedAtMs, resolutionMs: resolution))
                cells[key, default: RollupCell()].add(ms, status: record.status)
            }
        }
    }
}
