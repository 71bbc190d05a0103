import Foundation
import HistoryStore
import Probe
import Testing

/// The dashboard of a short `mailprobe demo` run in headless Chromium: screenshots of the overview,
/// a probe page and the failed run's page (kept in `.build/test-artifacts/`), and through the DOM:
/// each probe chart marks exactly the failed runs stored for that probe in its range (as grouped), the fired
/// alert is listed, the failed run's page quotes the server's reply. Every page is well-formed
/// and names no URL beyond loopback.
@Suite(.serialized) struct DemoDashboardTests {
    @Test func dashboardShowsTheScenario() async throws {
        var checked = false
        let run = try await DemoProcessTests.runDemo(duration: "80s") { child, port, directory in
            let base = "http://127.0.0.1:\(port)"
            // After the 451 and the data alert's recovery (about 26 s into the 30 s scenario).
            guard await child.line(timeout: .seconds(60), where: { $0.contains("ALERT RESOLVED corp-roundtrip") }) != nil,
                  let rejected = await child.line(timeout: .seconds(30), where: { $0.contains("451 4.3.0") && $0.contains("/runs/") }),
                  let link = rejected.split(separator: " ").last.map(String.init), link.hasPrefix(base + "/runs/") else {
                Issue.record("the demo printed no recovery or no failed run: \(child.stdoutLines.suffix(20))")
                return
            }
            let artifacts = HeadlessChromium.artifactDirectory
            let pages = [("overview", base + "/"), ("probe", base + "/probes/corp-roundtrip"), ("failed-run", link)]
            for (name, url) in pages {
                let file = artifacts + "/demo-\(name).png"
                try await HeadlessChromium.screenshot(url, to: file)
                print("screenshot: \(file)")
            }
            for url in pages.map(\.1) + [base + "/alerts"] {
                let raw = try #require(await LoopbackHTTP.request(url), "\(url) answers")
                #expect(raw.status == 200, "\(url): \(raw.status)")
                #expect(try await PageCheck.problems(raw.body) == [], "\(url)")
            }

            let runPage = try await HeadlessChromium.dom(link)
            #expect(runPage.contains("451 4.3.0 Temporary lookup failure"), "the failed run's page quotes the server")
            let alerts = try await HeadlessChromium.dom(base + "/alerts")
            #expect(alerts.contains("corp-roundtrip") && alerts.contains("submit.data_accepted"), "the fired alert is listed")

            // The markers of an explicit range (the drawn axis known to the millisecond) against the failed runs stored
            // in it, read before and after the page: each chart marks exactly what the 3-pixel grouping of those runs shows.
            let untilMs = ProbeExecution.systemWallClock(), sinceMs = untilMs - 900_000
            let before = try Self.failedRuns(directory: directory)
            let probePage = try await HeadlessChromium.dom(base + "/probes/corp-roundtrip?since=\(sinceMs)&until=\(untilMs)")
            let after = try Self.failedRuns(directory: directory)
            let stored = Dictionary(after.compactMap { run in run.id.map { ($0, run.startedAtMs) } }, uniquingKeysWith: { first, _ in first })
            let candidates = ExpectedMarkers.candidates(before: before, after: after, sinceMs: sinceMs, untilMs: untilMs)
            #expect(candidates.allSatisfy { !$0.shown.isEmpty }, "the demo stored failed runs of corp-roundtrip in the range")
            let charts = probePage.components(separatedBy: "<svg").filter { $0.contains("mp-stacked") || $0.contains("mp-distribution") }
            #expect(charts.count == 2, "the stacked and the distribution chart")
            for chart in charts {
                let markers = Self.markers(chart)
                for marker in markers {
                    #expect(stored[marker.id] == marker.time, "marker of run \(marker.id) at \(marker.time): stored \(String(describing: stored[marker.id]))")
                }
                let drawn = ExpectedMarkers(shown: Dictionary(markers.map { ($0.id, $0.more) }, uniquingKeysWith: { first, _ in first }))
                #expect(drawn.shown.count == markers.count, "each run marked once per chart")
                #expect(candidates.contains(drawn), "drawn \(drawn); expected one of \(candidates)")
            }
            checked = true
        }
        defer { try? FileManager.default.removeItem(atPath: run.directory) }
        #expect(checked)
        #expect(run.exit == 0, "stderr: \(run.stderr)")
    }

    /// corp-roundtrip's failed runs stored so far.
    static func failedRuns(directory: String) throws -> [ProbeRunRecord] {
        let store = try HistoryStore(path: directory + "/mailprobe.sqlite")
        return try store.runs(RunQuery(probe: "corp-roundtrip", limit: 1000)).runs.filter { !$0.ok }
    }

    /// Every failure marker that links to a run: its `data-t`, run id, and how many more runs its title counts.
    static func markers(_ dom: String) -> [(time: Int64, id: Int64, more: Int)] {
        let pattern = try? NSRegularExpression(
            pattern: #"<path[^>]*class="marker[^"]*"[^>]*data-t="(\d+)"[^>]*data-href="/runs/(\d+)"[^>]*>\s*<title>([^<]*)</title>"#)
        let more = try? NSRegularExpression(pattern: #"\(and (\d+) more\)$"#)
        let range = NSRange(dom.startIndex..., in: dom)
        return (pattern?.matches(in: dom, range: range) ?? []).compactMap { match in
            guard let t = Range(match.range(at: 1), in: dom), let id = Range(match.range(at: 2), in: dom),
                  let titleRange = Range(match.range(at: 3), in: dom), let time = Int64(dom[t]), let run = Int64(dom[id]) else { return nil }
            let title = String(dom[titleRange])
            let count = more?.firstMatch(in: title, range: NSRange(title.startIndex..., in: title))
                .flatMap { Range($0.range(at: 1), in: title) }.flatMap { Int(title[$0]) } ?? 0
            return (time, run, count)
        }
    }
}
