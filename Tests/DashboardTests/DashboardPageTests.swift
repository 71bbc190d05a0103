import Foundation
import HistoryStore
import Hummingbird
import HummingbirdTesting
import MailProbeService
import MonitorCore
import Probe
import Testing
@testable import Dashboard

/// The pages over a store the test fills: each 200 and well-formed with nothing external, the overview lists every
/// probe with its status word, the probe page's chart has exactly the stored steps and failed markers link to their runs,
/// the run page quotes the server and shows the transcript, the alerts page lists a fired alert.
@Suite(.serialized) struct DashboardPageTests {
    /// Fills the fixture's store: 3 hours of round trips once a minute (one failed), both transit routes, an alert.
    static func filled() async throws -> (DashboardFixture, failedID: Int64) {
        let fixture = try await DashboardFixture()
        let store = fixture.daemon.store
        var records = (1...180).map { fixture.roundTrip(minutesAgo: Int64($0)) }
        records += (1...60).flatMap { minute in
            ["corp->other", "other->corp"].map { fixture.roundTrip(minutesAgo: Int64(minute), probe: "corp-other", route: $0) }
        }
        try store.insert(records, keepTrace: true)
        let failedID = try store.insert(fixture.roundTrip(minutesAgo: 0, failed: true), keepTrace: true)
        let key = AlertKey(probe: "corp-roundtrip")
        let cause = AlertCause(severity: .critical, reasonKind: "smtp_rejected", words: "RCPT TO refused at submit.rcpt_to",
                               detail: "RCPT TO refused", serverReply: "554 5.7.1 Relay access denied", runID: failedID)
        let state = AlertState(key: key, alertID: 1, firing: true, severity: .critical, sinceMs: fixture.now - 30_000, badRuns: 2, cause: cause)
        try store.saveAlert(key: key, state: state, firing: true, severity: .critical, sinceMs: fixture.now - 30_000,
                            event: AlertEvent(key: key, alertID: 1, event: .firing, severity: .critical, atMs: fixture.now - 30_000,
                                              summary: "CRITICAL corp-roundtrip (lab): RCPT TO refused"), notices: [])
        return (fixture, failedID)
    }

    static func body(_ response: TestResponse) -> String {
        String(buffer: response.body)
    }

    @Test func everyPageIsWellFormedWithNothingExternal() async throws {
        let (fixture, failedID) = try await Self.filled()
        let paths = ["/", "/probes/corp-roundtrip", "/probes/corp-roundtrip?range=1h", "/probes/corp-roundtrip?range=7d&phases=all",
                     "/probes/corp-roundtrip?range=30d", "/probes/corp-other?route=other-%3Ecorp", "/probes/corp-submission",
                     "/runs/\(failedID)", "/runs/1", "/alerts", "/probes/nope", "/runs/999999", "/probes/corp-roundtrip?range=2y"]
        try await fixture.test { client in
            for path in paths {
                let html = try await client.execute(uri: path, method: .get) { response in
                    let expected: HTTPResponse.Status = path.hasSuffix("nope") || path.hasSuffix("999999") ? .notFound : path.hasSuffix("2y") ? .badRequest : .ok
                    #expect(response.status == expected, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    return Self.body(response)
                }
                let problems = try await HTMLCheck.problems(html)
                #expect(problems == [], "\(path)")
                #expect(html.utf8.count < 250_000, "\(path): \(html.utf8.count) bytes")
            }
            for asset in ["/assets/dashboard.css", "/assets/charts.css", "/assets/dashboard.js"] {
                try await client.execute(uri: asset, method: .get) { #expect($0.status == .ok, "\(asset)") }
            }
        }
    }

    @Test func overviewListsEveryProbeAndRouteWithItsStatusWord() async throws {
        let (fixture, failedID) = try await Self.filled()
        try await fixture.test { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = Self.body(response)
                for probe in ["corp-roundtrip", "corp-other", "corp-submission"] { #expect(html.contains("href=\"/probes/\(probe)")) }
                #expect(html.contains("href=\"/probes/corp-other?route=corp-%3Eother\""))
                #expect(html.contains("status-critical\">CRITICAL</span>"))
                #expect(html.contains("status-ok\">OK</span>"))
                #expect(html.contains("status-none\">NO DATA</span>"))
                // The alert links to its run; the matrix has both routes and a hole on the diagonal.
                #expect(html.contains("href=\"/runs/\(failedID)\""))
                #expect(html.contains("transit matrix"))
                #expect(html.contains("<span class=\"word\">not probed</span></td>"))
                #expect(html.contains("smtp 40"))
            }
        }
    }

    @Test func probeChartCarriesExactlyTheStoredStepsAndFailedMarkersLinkToTheirRun() async throws {
        let (fixture, failedID) = try await Self.filled()
        // Three hours: 36 five-minute steps, each wider than the chart's hover targets (3 px), so each has its own.
        let since = fixture.now - 3 * 3_600_000, until = fixture.now + 60_000
        let stored = try fixture.daemon.store.series(probe: "corp-roundtrip", route: nil, phase: "total", sinceMs: since, untilMs: until)
        #expect(stored.count >= 36 && stored.count <= 38)
        #expect(stored.allSatisfy { $0.p10Ms <= $0.p50Ms && $0.p50Ms <= $0.p90Ms })
        try await fixture.test { client in
            try await client.execute(uri: "/probes/corp-roundtrip?since=\(since)&until=\(until)", method: .get) { response in
                let html = Self.body(response)
                let figures = html.components(separatedBy: "<figure")
                #expect(figures.count >= 3)
                let distribution = figures[2]
                // Steps that start inside the range (the store's first step may start before it, and is clipped).
                let times = Set(stored.map(\.startMs).filter { $0 >= since })
                let hits = distribution.components(separatedBy: "<rect class=\"hit\"").dropFirst().map { $0.prefix { $0 != ">" } }
                let drawn = hits.flatMap { Self.attributes("data-t", in: String($0)) }.compactMap { Int64($0) }.filter { times.contains($0) }
                #expect(hits.count == times.count)
                #expect(drawn.count == times.count)
                #expect(Set(drawn) == times)
                #expect(html.contains("data-href=\"/runs/\(failedID)\""))
                #expect(html.contains("rejected (5xx)"))
                #expect(!html.contains("aria-current=\"true\">24h</a>"))
            }
        }
    }

    /// Without a range the page shows 24 h, or the shortest range that holds a young probe's history, drawn
    /// from its runs (one step per 3.75 s of 15 minutes), so its first minutes fill the chart.
    @Test func aYoungProbeGetsTheShortestRangeDrawnFromItsRuns() async throws {
        let fixture = try await DashboardFixture()
        let store = fixture.daemon.store
        try store.insert((1...10).map { fixture.roundTrip(minutesAgo: Int64($0)) }, keepTrace: false)
        let stored = try store.runSeries(probe: "corp-roundtrip", route: nil, phases: [], sinceMs: fixture.now - 900_000,
                                         untilMs: fixture.now, stepMs: 3_000)
        #expect(stored["total"]?.count == 10)
        try await fixture.test { client in
            try await client.execute(uri: "/probes/corp-roundtrip", method: .get) { response in
                let html = Self.body(response)
                #expect(html.contains("aria-current=\"true\">15m</a>"))
                let distribution = html.components(separatedBy: "<figure")[2]
                let hits = distribution.components(separatedBy: "<rect class=\"hit\"").dropFirst()
                #expect(hits.count == 10)
            }
            try await client.execute(uri: "/probes/corp-other", method: .get) { response in
                // No run of its routes yet: the usual day.
                #expect(Self.body(response).contains("aria-current=\"true\">24h</a>"))
            }
        }
    }

    @Test func runPageQuotesTheServerAndShowsTheTranscript() async throws {
        let (fixture, failedID) = try await Self.filled()
        try await fixture.test { client in
            try await client.execute(uri: "/runs/\(failedID)", method: .get) { response in
                let html = Self.body(response)
                #expect(html.contains("554 5.7.1 Relay access &lt;denied&gt; by policy"))
                #expect(!html.contains("<denied>"))
                #expect(html.contains("AUTH PLAIN ****"))
                #expect(html.contains("submit.rcpt_to"))
                #expect(html.contains("TLSv1.3"))
            }
        }
    }

    @Test func alertsPageListsTheFiredAlertWithItsRun() async throws {
        let (fixture, failedID) = try await Self.filled()
        try await fixture.test { client in
            try await client.execute(uri: "/alerts", method: .get) { response in
                let html = Self.body(response)
                #expect(html.contains("CRITICAL corp-roundtrip (lab): RCPT TO refused"))
                #expect(html.contains("554 5.7.1 Relay access denied"))
                #expect(html.contains("href=\"/runs/\(failedID)\""))
            }
        }
    }

    /// The values of `name="…"` attributes in `html`.
    static func attributes(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: " \(name)=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }
}
