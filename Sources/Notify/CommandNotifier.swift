import Glibc
import MonitorCore
import Probe

/// Runs a program per notice: the notice JSON on standard input, `MAILPROBE_*` variables, exit 0 = delivered.
///
///     MAILPROBE_EVENT=firing MAILPROBE_SEVERITY=critical MAILPROBE_PROBE=corp-roundtrip … /usr/local/bin/page-oncall
///
/// A timeout, a signal or a non-zero exit is a failure; a timeout is retryable, an exit status is not
/// (the program said no), a program that cannot be started is not.
struct CommandNotifier: AlertNotifier {
    /// The most of standard output and standard error kept each.
    static let outputLimit = 16 * 1024

    let name: String
    let configuration: CommandConfiguration
    let redactor: SecretRedactor

    init(name: String, configuration: CommandConfiguration) {
        self.name = name
        self.configuration = configuration
        self.redactor = SecretRedactor(Array(configuration.environment.values))
    }

    func send(_ notice: AlertNotice) async -> NotificationOutcome {
        let start = ContinuousClock.now
        let what = "command \(name)"
        guard let path = ChildProcess.executablePath(for: configuration.program, searchPath: getenv("PATH").map { String(cString: $0) }) else {
            return .failed("\(what): \(configuration.program) is not an executable file (or not found in PATH)",
                           latency: start.duration(to: .now), retryable: false)
        }
        let input = WebhookPayload.noticeJSON(notice)
        let environment = Self.environment(for: notice, extra: configuration.environment)
        let request = ChildProcess.Request(path: path, arguments: configuration.arguments, environment: environment, input: input,
                                           timeout: configuration.timeout, killGrace: configuration.killGrace,
                                           outputLimit: Self.outputLimit)
        let result = await DedicatedThread.run { ChildProcess.run(request) }
        let latency = start.duration(to: .now)
        let stderr = HTTPExchange.excerpt(result.errorOutput)
        let suffix = stderr.isEmpty ? "" : ": \(stderr)"
        switch result.termination {
        case .exited(0):
            return .delivered(latency: latency)
        case .exited(let status):
            return .failed(redactor.redact("\(what) exited with status \(status)\(suffix)"), latency: latency, retryable: false)
        case .signaled(let signal):
            return .failed(redactor.redact("\(what) was killed by signal \(signal)\(suffix)"), latency: latency, retryable: true)
        case .timedOut(let killed):
            let how = killed ? "SIGTERM, then SIGKILL" : "SIGTERM"
            return .failed(redactor.redact("\(what) did not finish within \(HTTPExchange.format(configuration.timeout)); sent \(how)"),
                           latency: latency, retryable: true)
        case .outputTooLarge:
            // Not with `.truncate`, which the request asks for; kept for the switch to stay exhaustive.
            return .failed("\(what) printed more than \(Self.outputLimit) bytes", latency: latency, retryable: false)
        case .spawnFailed(let code):
            return .failed("\(what): cannot run \(path): \(String(cString: strerror(code)))", latency: latency, retryable: false)
        }
    }

    /// Variables the command inherits from the daemon; nothing else of its environment, which holds
    /// the secrets the config refers to (`{env: TWILIO_TOKEN}`, passwords, the API token).
    static let inherited: Set<String> = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "USER", "LOGNAME", "TMPDIR"]

    /// A minimal environment (``inherited``) with the configured variables and the notice's `MAILPROBE_*` fields on top.
    static func environment(for notice: AlertNotice, extra: [String: String]) -> [String] {
        var variables: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "="), inherited.contains(String(text[..<equals])) {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        for (key, value) in extra { variables[key] = value }
        let fields: [(String, String?)] = [
            ("MAILPROBE_EVENT", notice.event.rawValue), ("MAILPROBE_SEVERITY", notice.severity.rawValue),
            ("MAILPROBE_PROBE", notice.key.probe), ("MAILPROBE_ROUTE", notice.key.route),
            ("MAILPROBE_LOCATION", notice.location), ("MAILPROBE_SUMMARY", notice.summary),
            ("MAILPROBE_RUN_URL", notice.runURL), ("MAILPROBE_ALERT_ID", String(notice.alertID)),
            ("MAILPROBE_REASON", notice.reasonKind),
        ]
        for (key, value) in fields { variables[key] = (value ?? "").filter { $0 != "\0" } }
        return variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }
}
