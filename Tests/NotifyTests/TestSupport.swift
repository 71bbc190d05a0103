import Glibc
import Logging
import MonitorCore
import Notify
import Synchronization
import Testing

/// Collects every log line (message and metadata) so tests can look for secrets in them.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "notify-test") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    var all: [String] { lines.withLock { $0 } }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let text = "\(event.level) \(event.message) "
            + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        capture.lines.withLock { $0.append(text) }
    }
}

enum Fixtures {
    static func notice(event: AlertNotice.Event = .firing, severity: AlertSeverity = .critical,
                       summary: String = "CRITICAL corp-roundtrip (office-berlin): accepting the message took 23.4 s (critical > 20 s) at submit.data_accepted, smtp.corp.example:587",
                       runURL: String? = "https://mailprobe.example/runs/42") -> AlertNotice {
        AlertNotice(alertID: 7, key: AlertKey(probe: "corp-roundtrip", route: "corp->other"), event: event, severity: severity,
                    reasonKind: "threshold", phase: "submit.data_accepted", location: "office-berlin", summary: summary,
                    detail: "The server took 23.4 s to answer the final dot; the critical threshold is 20 s.",
                    serverReply: "250 2.0.0 Ok: queued as 4XyZ", sinceMs: 1_735_689_600_000, atMs: 1_735_689_900_000,
                    runID: 42, runURL: runURL)
    }

    /// Fails the test when any of the texts contains any of the secrets.
    static func expectNoSecrets(_ texts: [String], _ secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            for text in texts where text.contains(secret) {
                Issue.record("secret \(secret.prefix(3))… leaked in: \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    static func texts(_ outcomes: [NotificationOutcome], _ capture: LogCapture) -> [String] {
        outcomes.compactMap(\.error) + outcomes.map { "\($0)" } + capture.all
    }
}

/// A TCP listener on 127.0.0.1 that never accepts: connections complete in the backlog and never get an answer.
final class SilentListener: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ListenerError()
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    struct ListenerError: Error {}

    deinit { close(fd) }
}
