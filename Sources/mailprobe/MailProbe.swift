import ArgumentParser

@main
struct MailProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailprobe",
        abstract: "Measures mail services from your own network, protocol step by protocol step.",
        subcommands: [SMTPProbeCommand.self, IMAPProbeCommand.self]
    )
}

/// Exit status of a probe that ran but failed (the service, not the user, is at fault).
let failureExitCode = ExitCode(2)
