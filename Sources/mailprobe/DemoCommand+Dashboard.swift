#if canImport(Glibc)
import Glibc
#endif
import Dashboard
import Logging
import MailProbeService
import Probe

extension DemoCommand {
    /// The dashboard's demo: `mailprobe serve` in-process over the two test services, the scenario
    /// driving their faults, one terminal line per run and per alert notice.
    func runDashboard(port: UInt16, period: Duration, stopAfter: Duration?) async throws {
        let url = "http://127.0.0.1:\(port)"
        Self.emit("MailProbe demo: dashboard on \(url)  (Ctrl-C stops)")
        LoggingSystem.bootstrap { label in
            // Warnings and up only: the terminal is for the runs and the alerts.
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let logger = Logger(label: "mailprobe.demo")
        let workspace = try DemoWorkspace.create()
        defer { workspace.remove() }
        let servers = try await DemoServers.start()
        do {
            let scenario = DemoScenario(period: period)
            let configPath = try writeConfig(in: workspace, servers: servers, port: port, scenario: scenario)
            let daemon: ServeDaemon
            do {
                daemon = try await ServeDaemon(configPath: configPath, logger: logger)
            } catch let error as ServeDaemon.StartError {
                throw DemoError("\(error)")
            }
            try await serve(daemon, servers: servers, scenario: scenario, dashboard: url, logger: logger, stopAfter: stopAfter)
        } catch {
            await servers.stop()
            throw error
        }
        await servers.stop()
    }

    /// The config file, and each account's password file beside it.
    private func writeConfig(in workspace: DemoWorkspace, servers: DemoServers, port: UInt16, scenario: DemoScenario) throws -> String {
        let accounts = try servers.accounts()
        for account in accounts {
            try workspace.write(DemoServers.passwords[account.name] ?? "", to: account.passwordFile)
        }
        let config = DemoConfig(accounts: accounts, listenPort: port, dataDirectory: dataDir ?? workspace.path + "/state", scenario: scenario)
        return try workspace.write(config.yaml, to: "mailprobe.yaml")
    }

    /// Runs the daemon until Ctrl-C (or `stopAfter`), with the scenario and the terminal lines beside it.
    private func serve(_ daemon: ServeDaemon, servers: DemoServers, scenario: DemoScenario, dashboard: String,
                       logger: Logger, stopAfter: Duration?) async throws {
        let events = daemon.observe()
        let printer = Task {
            for await event in events {
                switch event {
                case .run(let record): Self.emit(DemoLines.run(record, dashboard: dashboard))
                case .notice(let notice): Self.emit(DemoLines.notice(notice))
                }
            }
        }
        let driver = Task { await Self.drive(scenario, servers: servers) }
        // The same way out as Ctrl-C: the service group's graceful shutdown, runs finishing within the grace.
        let stopper = stopAfter.map { after in
            Task {
                do { try await Task.sleep(for: after) } catch { return }
                kill(getpid(), SIGINT)
            }
        }
        defer {
            driver.cancel()
            stopper?.cancel()
        }
        try await Serve.run(daemon: daemon, logger: logger, routes: DashboardRoutes.install)
        driver.cancel()
        await printer.value
    }

    /// Applies each phase's faults as it starts, until cancelled.
    private static func drive(_ initial: DemoScenario, servers: DemoServers) async {
        var scenario = initial
        let start = ContinuousClock.now
        while !Task.isCancelled {
            if let change = scenario.advance(to: ContinuousClock.now - start) {
                servers.apply(change.faults)
                emit(DemoLines.scenario(change.headline, atMs: ProbeExecution.systemWallClock()))
            }
            do { try await Task.sleep(until: start + scenario.nextChange, clock: .continuous) } catch { return }
        }
    }

    /// One line to standard output, flushed at once (the terminal, or a test's pipe).
    static func emit(_ line: String) {
        _ = DemoWorkspace.writeAll(Array((line + "\n").utf8), to: STDOUT_FILENO)
    }
}
