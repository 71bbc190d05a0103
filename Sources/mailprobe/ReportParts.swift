import ArgumentParser
import MailTransport
import Probe

/// What the `smtp`, `imap` and round-trip reports print alike: the headline, the phase table
/// and the transcript, and how a single-service command ends (output, stderr, exit status).
enum ReportParts {
    /// `SMTP mx.example:25 (192.0.2.1:25): OK`
    static func headline(_ protocolName: String, server: String, address: String?, ok: Bool) -> String {
        var out = "\(protocolName) \(server)"
        if let address { out += " (\(address))" }
        return out + (ok ? ": OK\n" : ": FAILED\n")
    }

    /// The transcript after a blank line, titled `title`; empty when there is none.
    static func transcript(_ entries: [TraceEntry], title: String = "transcript") -> String {
        guard !entries.isEmpty else { return "" }
        var out = "\n\(title):\n"
        for entry in entries { out += "  \(entry)\n" }
        return out
    }

    /// The transcript of a run record's `session`, as ``transcript(_:title:)`` prints it.
    static func transcript(of record: ProbeRunRecord, session: String) -> String {
        let lines = record.traces?[session] ?? []
        return transcript(lines.map {
            TraceEntry(offset: .nanoseconds(Int64(($0.ms * 1_000_000).rounded())),
                       direction: TraceEntry.Direction(rawValue: $0.dir) ?? .note, text: $0.line)
        })
    }

    /// `name` without the service's prefix: `smtp.rcpt_to` → `rcpt_to`, as the single-service commands name phases.
    static func unprefixed(_ name: String, service: String) -> String {
        name.hasPrefix(service + ".") ? String(name.dropFirst(service.count + 1)) : name
    }

    /// The run's phases as `mailprobe smtp` / `imap` print them: without the prefix, the total apart.
    static func phaseTable(_ record: ProbeRunRecord, service: String) -> String {
        let phases = record.phases.filter { $0.name != "total" }
            .map { PhaseDuration(name: unprefixed($0.name, service: service), ms: $0.ms) }
        return PhaseTable.render(phases, total: record.milliseconds(of: "total"))
    }

    /// `error:     rcpt_to: recipient … rejected: server replied 550 …`, when the run failed.
    static func errorLine(_ record: ProbeRunRecord, service: String) -> String {
        guard let error = record.error else { return "" }
        let phase = error.phase.map { unprefixed($0, service: service) + ": " } ?? ""
        return "error:     \(phase)\(error.message)\n"
    }

    /// `250 2.0.0 Ok: queued as 4XyZ12abc`, as the server wrote it.
    static func reply(_ reply: ProbeRunRecord.Reply) -> String {
        [reply.code.map(String.init), reply.enhanced, reply.text].compactMap { $0 }.joined(separator: " ")
    }

    /// Prints the record (`json`: its JSON, one object; else `text`), says on stderr why it is not OK,
    /// and exits with the record's monitoring-plugin status.
    static func finish(_ record: ProbeRunRecord, service: String, json: Bool, text: String) throws {
        print(json ? JSONOutput.encode(record) : text, terminator: json ? "\n" : "")
        for reason in record.reasons {
            let phase = reason.phase.map { unprefixed($0, service: service) } ?? service
            if let error = record.error, error.phase == reason.phase, error.message == reason.message {
                StandardError.write("mailprobe \(service): failed in phase \(phase): \(reason.message)\n")
            } else {
                StandardError.write("mailprobe \(service): \(reason.status.rawValue) (\(phase)): \(reason.message)\n")
            }
        }
        if record.status != .ok { throw ExitCode(record.status.exitCode) }
    }
}
