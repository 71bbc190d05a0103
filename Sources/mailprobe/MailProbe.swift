import ArgumentParser

@main
struct MailProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailprobe",
        abstract: "Measures mail services from your own network, protocol step by protocol step.",
        subcommands: [SMTPProbeCommand.self, IMAPProbeCommand.self, RoundTripCommand.self, TransitCommand.self, CheckCommand.self, DemoCommand.self, TestServerCommand.self,
                      ServeCommand.self, ConfigCommand.self, AlertCommand.self]
    )

    /// As ArgumentParser's, except that `mailprobe check …` reports a usage error
    /// the monitoring-plugin way: `MAILPROBE UNKNOWN - …` and exit status 3.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if CommandLine.arguments.dropFirst().first == "check", exitCode(for: error) == .validationFailure {
                print("MAILPROBE UNKNOWN - \(message(for: error))")
                exit(withError: ExitCode(3))
            }
            exit(withError: error)
        }
    }
}

/// Exit status of a probe that ran but failed (the service, not the user, is at fault).
let failureExitCode = ExitCode(2)
