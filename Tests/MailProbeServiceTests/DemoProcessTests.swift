import Foundation
import HistoryStore
import MonitorCore
import Probe
import Testing

/// `mailprobe demo` end to end as a process: a compressed scenario (`--scenario-period 30s`)
/// within `--duration 40s`; the terminal lines, then the store it leaves in `--data-dir`.
@Suite(.serialized) struct DemoProcessTests {
    static let probes = ["corp-roundtrip", "partner-roundtrip", "corp-partner"]

    /// A demo run in a fresh data directory, its port, and the lines it printed once it exited.
    struct Finished {
        var directory: String
        var port: Int
        var lines: [String]
        var exit: Int32?
        var stderr: String
    }

    static func runDemo(duration: String = "40s", during: (DaemonProcess, Int, String) async throws -> Void = { _, _, _ in }) async throws -> Finished {
        let directory = NSTemporaryDirectory() + "mailprobe-demo-test-\(UUID().uuidString)"
        let port = LoopbackHTTP.freePort()
        let child = try DaemonProcess(DaemonProcess.mailprobe, ["demo", "--duration", duration, "--port", "\(port)",
                                                                 "--data-dir", directory, "--scenario-period", "30s"])
        try await during(child, port, directory)
        let exit = await child.wait(timeout: .seconds(120))
        return Finished(directory: directory, port: port, lines: child.stdoutLines, exit: exit, stderr: child.stderr)
    }

    @Test func scenarioPlaysWithinTheDurationAndTheStoreKeepsIt() async throws {
        let run = try await Self.runDemo()
        defer { try? FileManager.default.removeItem(atPath: run.directory) }
        #expect(run.exit == 0, "stderr: \(run.stderr)")
        let lines = run.lines
        #expect(lines.first == "MailProbe demo: dashboard on http://127.0.0.1:\(run.port)  (Ctrl-C stops)", "the URL comes first")
        for probe in Self.probes {
            #expect(lines.contains { $0.contains("  \(probe) ") && $0.contains(" ms") }, "a line per run of \(probe)")
        }
        #expect(lines.contains { $0.contains("corp-partner partner->corp") } && lines.contains { $0.contains("corp-partner corp->partner") })
        #expect(lines.contains { $0.contains("scenario: corp accepts DATA slowly") })
        #expect(lines.contains { $0.contains("ALERT CRITICAL corp-roundtrip") && $0.contains("submit.data_accepted") }, "\(lines)")
        #expect(lines.contains { $0.contains("ALERT RESOLVED corp-roundtrip") }, "\(lines)")
        let rejected = lines.filter { $0.contains("451 4.3.0 Temporary lookup failure") && $0.contains("/runs/") }
        #expect(!rejected.isEmpty, "a run failed at RCPT TO with the server's reply and its link")
        #expect(lines.allSatisfy { !$0.contains("cancelled") }, "the stop let every run finish")

        let store = try HistoryStore(path: run.directory + "/mailprobe.sqlite")
        for probe in Self.probes {
            let runs = try store.runs(RunQuery(probe: probe, limit: 1000)).runs
            #expect(runs.count >= 10, "\(probe): \(runs.count) runs stored")
            #expect(runs.allSatisfy { $0.state == .completed })
        }
        let transit = try store.runs(RunQuery(probe: "corp-partner", limit: 1000)).runs
        #expect(Set(transit.compactMap(\.route)) == ["corp->partner", "partner->corp"])
        let failed = try store.runs(RunQuery(limit: 1000)).runs.filter { $0.error?.reply?.code == 451 }
        let refusal = try #require(failed.first, "a stored run failed with the 451")
        #expect(refusal.error?.phase?.hasSuffix("rcpt_to") == true)
        #expect(refusal.error?.reply?.text.contains("Temporary lookup failure") == true)
        let id = try #require(refusal.id)
        #expect(try store.run(id: id)?.traces?.isEmpty == false, "the failed run keeps its transcript")

        let events = try store.alertEvents(limit: 1000)
        let key = AlertKey(probe: "corp-roundtrip")
        #expect(events.contains { $0.key == key && $0.event == .firing && $0.severity == .critical })
        #expect(events.contains { $0.key == key && $0.event == .resolved })
        #expect(events.contains { $0.key == AlertKey(probe: "corp-partner", route: "partner->corp") && $0.event == .firing },
                "the delayed delivery alerts too")
    }

    @Test(arguments: [
        (["--json"], "--json goes with --no-dashboard"),
        (["--no-dashboard", "--port", "8025"], "--port is for the dashboard"),
        (["--port", "70000"], "--port 70000: expected 1-65535"),
        (["--scenario-period", "2s"], "--scenario-period 2s: between 10s and 1h"),
        (["--duration", "soon"], "--duration: soon is not a duration"),
    ])
    func misplacedFlagsAreUsageErrors(arguments: [String], message: String) async throws {
        let child = try DaemonProcess(DaemonProcess.mailprobe, ["demo"] + arguments)
        #expect(await child.wait(timeout: .seconds(20)) == 64)
        #expect(child.stderr.contains(message), "\(child.stderr)")
    }

    @Test func noDashboardPrintsTablesAsBefore() async throws {
        let child = try DaemonProcess(DaemonProcess.mailprobe, ["demo", "--no-dashboard", "--count", "2", "--interval", "200ms",
                                                                 "--delivery-delay", "50ms"])
        #expect(await child.wait(timeout: .seconds(60)) == 0, "stderr: \(child.stderr)")
        let text = child.stdoutLines.joined(separator: "\n")
        #expect(text.hasPrefix("test mail server on 127.0.0.1: SMTP "))
        #expect(text.contains("delivery"))
    }
}
