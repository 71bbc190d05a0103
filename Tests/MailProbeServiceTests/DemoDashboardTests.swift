import Foundation
import HistoryStore
import Probe
import Testing

/// The dashboard of a short `mailprobe demo` run in headless Chromium: screenshots of the overview,
/// a probe page and the failed run's page (kept in `.build/test-artifacts/`), and through the DOM:
/// the probe chart's failure markers are runs stored for that probe at those instants, the fired
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

            let probePage = try await HeadlessChromium.dom(base + "/probes/corp-roundtrip")
            let stored = try Self.failedRuns(directory: directory)
            let markers = Self.markers(probePage)
            #expect(!markers.isEmpty, "the chart marks the failed runs")
            // The stacked and the distribution chart each mark a failed run, so ids repeat across charts.
            #expect(Set(markers.map(\.1)).count <= stored.count)
            for (time, id) in markers {
                #expect(stored[id] == time, "marker of run \(id) at \(time): stored \(String(describing: stored[id]))")
            }
            checked = true
        }
        defer { try? FileManager.default.removeItem(atPath: run.directory) }
        #expect(checked)
        #expect(run.exit == 0, "stderr: \(run.stderr)")
    }

    /// corp-roundtrip's failed runs stored so far: start instant by run id.
    static func failedRuns(directory: String) throws -> [Int64: Int64] {
        let store = try HistoryStore(path: directory + "/mailprobe.sqlite")
        let runs = try store.runs(RunQuery(probe: "corp-roundtrip", limit: 1000)).runs.filter { !$0.ok }
        return Dictionary(runs.compactMap { run in run.id.map { ($0, run.startedAtMs) } }, uniquingKeysWith: { first, _ in first })
    }

    /// `(data-t, run id)` of every failure marker that links to a run.
    static func markers(_ dom: String) -> [(Int64, Int64)] {
        let pattern = try? NSRegularExpression(pattern: #"<path[^>]*class="marker[^"]*"[^>]*data-t="(\d+)"[^>]*data-href="/runs/(\d+)""#)
        let range = NSRange(dom.startIndex..., in: dom)
        return (pattern?.matches(in: dom, range: range) ?? []).compactMap { match in
            guard let t = Range(match.range(at: 1), in: dom), let id = Range(match.range(at: 2), in: dom),
                  let time = Int64(dom[t]), let run = Int64(dom[id]) else { return nil }
            return (time, run)
        }
    }
}
