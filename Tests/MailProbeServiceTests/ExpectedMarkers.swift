import Charts
import Probe
@testable import Dashboard

/// What a probe page's time chart must mark for the failed runs stored in its range, computed from the runs:
/// one marker per outcome class in each 3-pixel group of the time axis (the group's earliest run), the others
/// of that group counted in its title ("and N more").
struct ExpectedMarkers: Equatable, CustomStringConvertible {
    /// The plot of a 720-px-wide chart: from x = 64 to 720 - 12 (the chart's left and right margins).
    static let plotLeft = 64.0
    static let plotRight = 708.0

    /// Marked run id → how many more runs its marker stands for.
    var shown: [Int64: Int]

    var description: String { shown.sorted { $0.key < $1.key }.map { "\($0.key)+\($0.value)" }.joined(separator: " ") }

    init(shown: [Int64: Int]) {
        self.shown = shown
    }

    /// The markers of `runs` (failed runs, any order) on a chart from `sinceMs` to `untilMs`.
    init(_ runs: [ProbeRunRecord], sinceMs: Int64, untilMs: Int64) {
        let columns = Int((Self.plotRight - Self.plotLeft).rounded(.up))
        var slots: [String: (id: Int64, more: Int)] = [:]
        for run in runs.sorted(by: { $0.startedAtMs < $1.startedAtMs }) where run.startedAtMs >= sinceMs && run.startedAtMs < untilMs {
            guard let id = run.id, let kind = FailureClass.marker(of: run) else { continue }
            let offset = (Double(run.startedAtMs) - Double(sinceMs)) / Double(untilMs - sinceMs) * (Self.plotRight - Self.plotLeft)
            let column = offset > 0 ? min(Int(offset), columns - 1) : 0
            let slot = "\(kind.rawValue)/\(column / 3)"
            if let taken = slots[slot] { slots[slot] = (taken.id, taken.more + 1) } else { slots[slot] = (id, 0) }
        }
        shown = Dictionary(slots.values.map { ($0.id, $0.more) }, uniquingKeysWith: { first, _ in first })
    }

    /// The expectations the page may meet while the store grows: the failed runs stored before the page was read,
    /// then with each run stored after it added in the order they started (runs of one probe do not overlap).
    static func candidates(before: [ProbeRunRecord], after: [ProbeRunRecord], sinceMs: Int64, untilMs: Int64) -> [ExpectedMarkers] {
        let known = Set(before.compactMap(\.id))
        let added = after.filter { $0.id.map { !known.contains($0) } ?? false }.sorted { $0.startedAtMs < $1.startedAtMs }
        return (0...added.count).map { ExpectedMarkers(before + added.prefix($0), sinceMs: sinceMs, untilMs: untilMs) }
    }
}
