import ArgumentParser
import Probe

/// `mailprobe config check F`: validates a config and lists what it would run.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Work with config files.",
                                                    subcommands: [ConfigCheckCommand.self])
}

struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a config file and list the probes and notifiers it would run (for ExecStartPre= and CI).",
        discussion: "Exit status: 0 valid, 78 invalid (the error names file, line and key)."
    )

    @Argument(help: ArgumentHelp("YAML config file.", valueName: "file"))
    var file: String

    func run() async throws {
        let config: ProbeConfigFile
        do {
            config = try ProbeConfigFile.loadWarningOfAccess(path: file)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(78)
        }
        var out = "\(config.file): ok\n"
        if let location = config.location { out += "location: \(location)\n" }
        out += "probes (\(config.probeNames.count)):\n"
        for name in config.probeNames {
            guard let spec = config.probes[name] else { continue }
            out += "  \(spec)" + (spec.notify.isEmpty ? "" : ", notify \(spec.notify.joined(separator: ", "))") + "\n"
        }
        out += "notifiers (\(config.notifiers.count)):\n"
        for notifier in config.notifiers { out += "  \(notifier.name): \(notifier.type)\n" }
        let serve = config.serve
        out += "serve: listen \(serve.listenHost):\(serve.listenPort), concurrency \(serve.concurrency), traces \(serve.traces.rawValue)"
        out += serve.apiToken == nil ? ", no API token" : ", API token \(serve.apiToken!)"
        out += "\n"
        if serve.apiToken == nil, !serve.listensOnLoopbackOnly {
            StandardError.write("\(config.file): serve.listen: \(serve.listenHost) is beyond loopback, so serve.api_token is required\n")
            print(out, terminator: "")
            throw ExitCode(78)
        }
        print(out, terminator: "")
    }
}
