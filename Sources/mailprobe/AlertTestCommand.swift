import ArgumentParser
import Logging
import MailProbeService
import MonitorCore
import Probe

/// `mailprobe alert test NOTIFIER --config F`: one test notification, before the first outage.
struct AlertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alert", abstract: "Work with alert notifiers.",
                                                    subcommands: [AlertTestCommand.self])
}

struct AlertTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a test notification through a configured notifier and report what the receiver answered.",
        discussion: "Exit status: 0 delivered, 2 failed, 78 config error."
    )

    @Argument(help: ArgumentHelp("Notifier name (under notifiers: in the config).", valueName: "notifier"))
    var notifier: String

    @Option(help: ArgumentHelp("YAML config file.", valueName: "file"))
    var config: String

    func run() async throws {
        let file: ProbeConfigFile
        do { file = try ProbeConfigFile.loadWarningOfAccess(path: config) } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(78)
        }
        let now = ProbeExecution.systemWallClock()
        let notice = AlertNotice(alertID: 0, key: AlertKey(probe: "mailprobe-test"), event: .test, severity: .warning,
                                 reasonKind: "test", location: file.location,
                                 summary: "TEST mailprobe\(file.location.map { " (\($0))" } ?? ""): this is a test notification from mailprobe alert test",
                                 detail: "If you read this, the notifier \(notifier) works.", sinceMs: now, atMs: now,
                                 runURL: file.serve.publicLink("/"))
        let outcome: NotifierTest.Outcome
        do {
            outcome = try await NotifierTest.send(notice, via: notifier, in: file, logger: Logger(label: "mailprobe"))
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(78)
        }
        print("\(notifier): \(outcome.delivered ? "delivered" : "FAILED")"
              + (outcome.httpStatus.map { " (HTTP \($0))" } ?? "") + " in \(outcome.milliseconds) ms"
              + (outcome.error.map { ": \($0)" } ?? ""))
        if !outcome.delivered { throw failureExitCode }
    }
}
