import ArgumentParser

/// `mailprobe demo`: zero configuration. Two in-process test mail services, "corp" and "partner",
/// probed by `mailprobe serve` in-process with a scripted scenario of trouble, and the dashboard
/// on http://127.0.0.1:8025; or, with `--no-dashboard`, round trips printed as tables.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start two built-in test mail services, probe them every few seconds, and serve the dashboard.",
        discussion: """
        Opens the dashboard on http://127.0.0.1:8025 (the first line printed) and prints one line per \
        run and each alert as it fires and resolves. A scenario repeats about every two minutes: \
        normal; corp's DATA acceptance slows past its threshold; partner -> corp delivery is delayed; \
        a run fails at RCPT TO with a 451; everything recovers. Ctrl-C stops. With --no-dashboard: \
        round trips on one test server, printed as tables (--interval, --count, --delivery-delay, --json).
        """
    )

    @Option(help: ArgumentHelp("The dashboard's port on 127.0.0.1 (default 8025).", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("Stop after this long (e.g. 90s) and exit 0; default: until Ctrl-C.", valueName: "duration"))
    var duration: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Keep the history here (default: a temporary directory, removed at the end).", valueName: "dir"))
    var dataDir: String?

    @Flag(name: .customLong("no-dashboard"), help: "No daemon and no dashboard: round trips printed as tables.")
    var noDashboard = false

    @Option(help: ArgumentHelp("With --no-dashboard: time between probes (default 5s).", valueName: "duration"))
    var interval: String?

    @Option(help: ArgumentHelp("With --no-dashboard: stop after this many probes.", valueName: "n"))
    var count: Int?

    @Option(name: .customLong("delivery-delay"), help: ArgumentHelp("With --no-dashboard: how long the test server takes to deliver (default 0ms).", valueName: "duration"))
    var deliveryDelay: String?

    @Flag(help: "With --no-dashboard: one JSON object per probe instead of the table.")
    var json = false

    /// The scenario's period; shorter plays the same story faster (the tests use 30s).
    @Option(name: .customLong("scenario-period"), help: .hidden)
    var scenarioPeriod: String?

    func validate() throws {
        if let duration, try DurationText.parse(duration, what: "--duration") < .seconds(1) {
            throw ValidationError("--duration \(duration): at least 1s")
        }
        if noDashboard {
            let misplaced = [("--port", port != nil), ("--data-dir", dataDir != nil), ("--scenario-period", scenarioPeriod != nil)]
            if let (flag, _) = misplaced.first(where: \.1) {
                throw ValidationError("\(flag) is for the dashboard; it does not go with --no-dashboard")
            }
            _ = try DurationText.parse(interval ?? "5s", what: "--interval")
            _ = try DurationText.parse(deliveryDelay ?? "0ms", what: "--delivery-delay")
            if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        } else {
            let misplaced = [("--interval", interval != nil), ("--count", count != nil), ("--delivery-delay", deliveryDelay != nil), ("--json", json)]
            if let (flag, _) = misplaced.first(where: \.1) {
                throw ValidationError("\(flag) goes with --no-dashboard (the dashboard's demo runs its own scenario)")
            }
            if let port, !(1...65535).contains(port) { throw ValidationError("--port \(port): expected 1-65535") }
            if let scenarioPeriod {
                let period = try DurationText.parse(scenarioPeriod, what: "--scenario-period")
                guard period >= .seconds(10), period <= .seconds(3600) else {
                    throw ValidationError("--scenario-period \(scenarioPeriod): between 10s and 1h")
                }
            }
        }
    }

    func run() async throws {
        let stopAfter = try duration.map { try DurationText.parse($0, what: "--duration") }
        if noDashboard {
            try await runTables(stopAfter: stopAfter)
        } else {
            let period = try scenarioPeriod.map { try DurationText.parse($0, what: "--scenario-period") } ?? DemoScenario.standardPeriod
            try await runDashboard(port: UInt16(port ?? 8025), period: period, stopAfter: stopAfter)
        }
    }
}
