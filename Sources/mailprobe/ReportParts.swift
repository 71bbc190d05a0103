import MailCore
import MailTransport

/// What the `smtp`, `imap` and round-trip reports print alike: the headline,
/// the transcript, and the JSON shapes of a trace line and of a failure.
enum ReportParts {
    /// `SMTP mx.example:25 (192.0.2.1:25): OK`
    static func headline(_ protocolName: String, server: String, address: SocketAddress?, ok: Bool) -> String {
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

    /// One trace line in JSON: `{"ms": 12.345, "dir": "sent", "line": "EHLO client"}`.
    struct TraceLine: Encodable {
        var ms: Double
        var dir: String
        var line: String

        init(_ entry: TraceEntry) {
            ms = PhaseDuration(name: "", ms: entry.offset.milliseconds).ms
            dir = entry.direction.rawValue
            line = entry.text
        }

        /// `nil` for an empty trace, so that the key is left out.
        static func lines(_ entries: [TraceEntry]) -> [TraceLine]? {
            entries.isEmpty ? nil : entries.map(TraceLine.init)
        }
    }

    /// A protocol failure in JSON: `{"phase": "rcpt_to", "message": "...", "code": "rejected"}`.
    struct Failure: Encodable {
        var phase: String
        var message: String
        var code: String

        init(phase: String, message: String, code: MailErrorCode) {
            self.phase = phase
            self.message = message
            self.code = code.rawValue
        }
    }
}
