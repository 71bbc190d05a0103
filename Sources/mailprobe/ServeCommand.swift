import ArgumentParser
import Dashboard
import Logging
import MailProbeService

/// `mailprobe serve`: probes around the clock, history, alerts, metrics and the API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run every configured probe at its interval; keep history, raise alerts, serve /metrics, the API and the dashboard.",
        discussion: "SIGHUP (or POST /api/reload) reloads the config; SIGTERM/SIGINT stop after running runs finish (serve.grace)."
    )

    @Option(help: ArgumentHelp("YAML config file (see docs/config.md).", valueName: "file"))
    var config: String

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(name: .customLong("log-format"), help: "text or json.")
    var logFormat: String = "text"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel): expected trace, debug, info, notice, warning, error or critical") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format \(logFormat): expected text or json") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            try await Serve.run(configPath: config, logger: Logger(label: "mailprobe"), routes: DashboardRoutes.install)
        } catch let error as ServeDaemon.StartError {
            StandardError.write("mailprobe serve: \(error)\n")
            throw ExitCode(78)
        }
    }
}
