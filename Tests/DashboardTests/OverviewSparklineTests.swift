import Charts
import HistoryStore
import Hummingbird
import HummingbirdTesting
import MailProbeService
import MonitorCore
import Probe
import Testing
@testable import Dashboard

/// The overview's sparkline of a probe with minutes of history is drawn from its runs over the span they cover,
/// not from the 5-minute rollups over a day; an older probe keeps the rollups over the last 24 h.
@Suite(.serialized) struct OverviewSparklineTests {
    /// Runs every 10 s for the last 3 minutes: 18 runs, the 10th failed.
    static func young(_ fixture: DashboardFixture) throws -> [ProbeRunRecord] {
        let records = (0..<18).map { index -> ProbeRunRecord in
            var record = fixture.roundTrip(minutesAgo: 0, failed: index == 9)
            record.startedAtMs = fixture.now - 180_000 + Int64(index) * 10_000
            return record
        }
        try fixture.daemon.store.insert(records, keepTrace: false)
        return records
    }

    @Test func aYoungProbeIsDrawnFromItsRunsOverTheSpanTheyCover() async throws {
        let fixture = try await DashboardFixture()
        let records = try Self.young(fixture)
        let first = try #require(records.first?.startedAtMs)
        let key = AlertKey(probe: "corp-roundtrip")
        let sparkline = try OverviewSparkline.load(key, firstRunMs: try fixture.daemon.store.firstRunMs(probe: key.probe, route: nil),
                                                   totals: [], store: fixture.daemon.store, nowMs: fixture.now)
        #expect(sparkline.preset == .quarter)
        #expect(sparkline.stepMs == 7_000)
        #expect(sparkline.span == first...fixture.now)
        // One step per 7 s slot holding a run, exactly those the runs fall in; the failed run's slot is marked.
        let slots = Set(records.map { $0.startedAtMs - $0.startedAtMs % 7_000 })
        #expect(Set(sparkline.steps.map(\.startMs)) == slots)
        #expect(sparkline.steps.count == slots.count)
        #expect(sparkline.steps.filter(\.failed).map(\.startMs) == [records[9].startedAtMs - records[9].startedAtMs % 7_000])
        let svg = sparkline.render(label: "corp-roundtrip")
        #expect(svg.contains("<title>corp-roundtrip: mean total per 7 s, last 15 min</title>"))
        #expect(svg.contains("From \(DashboardFormat.time(first).prefix(16)) to \(DashboardFormat.time(fixture.now).prefix(16)) UTC"))
        try await fixture.test { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("corp-roundtrip: mean total per 7 s, last 15 min"))
                // The transit routes have no runs yet: the day, from the rollups.
                #expect(html.contains("corp-other corp-&gt;other: mean total per 5 min, last 24 h"))
            }
        }
    }

    @Test func aProbeOlderThanAnHourKeepsTheRollupsOverItsPartOfTheDay() async throws {
        let fixture = try await DashboardFixture()
        let outcome = Result { try Self.olderProbe(fixture) }
        await fixture.daemon.shutdown()
        try outcome.get()
    }

    static func olderProbe(_ fixture: DashboardFixture) throws {
        let store = fixture.daemon.store
        try store.insert((1...180).map { fixture.roundTrip(minutesAgo: Int64($0)) }, keepTrace: false)
        let key = AlertKey(probe: "corp-roundtrip")
        let totals = try store.bucketTotals(of: [key], sinceMs: fixture.now - 86_400_000, untilMs: fixture.now + 1)[key] ?? []
        let sparkline = try OverviewSparkline.load(key, firstRunMs: try store.firstRunMs(probe: key.probe, route: nil), totals: totals,
                                                   store: store, nowMs: fixture.now)
        #expect(sparkline.preset == .day)
        #expect(sparkline.stepMs == 300_000)
        #expect(sparkline.span == (fixture.now - 180 * 60_000)...fixture.now)
        #expect(sparkline.steps.map(\.startMs) == totals.map(\.startMs))
        #expect(totals.count >= 36)
        #expect(sparkline.render(label: "corp-roundtrip").contains("<title>corp-roundtrip: mean total per 5 min, last 24 h</title>"))
        // A day and more of history: the axis is the last 24 h.
        let old = try OverviewSparkline.load(key, firstRunMs: fixture.now - 3 * 86_400_000, totals: totals, store: store, nowMs: fixture.now)
        #expect(old.span == (fixture.now - 86_400_000)...fixture.now)
    }
}
