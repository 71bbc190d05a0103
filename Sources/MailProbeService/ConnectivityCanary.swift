import MailTransport
import Probe

/// `serve.canary: HOST:PORT`: when it does not answer a TCP connect, the agent itself is offline,
/// so runs are `unknown` (they never page) instead of blaming the mail service.
struct ConnectivityCanary: Sendable {
    var host: String
    var port: UInt16
    var timeout: Duration = .seconds(3)
    /// How long one check's verdict serves the runs that start after it.
    static let reuse: Duration = .seconds(10)

    init?(_ serve: ServeConfig) {
        guard let endpoint = serve.canaryEndpoint else { return nil }
        host = endpoint.host
        port = endpoint.port
    }

    /// `nil` when the canary answered; else why not.
    func problem() async -> String? {
        do {
            let connection = try await TCPConnection.connect(host: host, port: port, deadline: .now + timeout)
            connection.close()
            return nil
        } catch {
            return "the connectivity canary \(host):\(port) does not answer (\(error.message)): this agent is offline"
        }
    }

    /// The record of a run not made because the agent is offline.
    static func offline(_ spec: ProbeSpec, location: String?, startedAtMs: Int64, problem: String) -> ProbeRunRecord {
        var record = ProbeRunRecord(probe: spec.name, kind: spec.recordKind, location: location, startedAtMs: startedAtMs,
                                    status: .unknown, reasons: [ProbeReason(.failed, .unknown, phase: "canary", message: problem)])
        record.error = ProbeRunRecord.Failure(phase: "canary", code: "agent_offline", message: problem)
        return record
    }
}
