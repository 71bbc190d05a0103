import IMAPClient
import IMAPCore
import MailCore
import MailTransport

/// The outcome of `mailprobe imap`, rendered as a table or as JSON.
struct IMAPReport {
    var server: String
    var mailboxName: String
    var remoteAddress: SocketAddress?
    var timings: [IMAPPhaseTiming] = []
    var mailbox: IMAPMailboxState?
    var tls: TLSSessionInfo?
    var idleMode: IMAPConnection.IdleMode?
    var notifications: [(kind: String, ms: Double)] = []
    var alerts: [String] = []
    var trace: [TraceEntry] = []
    var error: IMAPError?

    var phases: [PhaseDuration] { timings.map { PhaseDuration(name: $0.phase.rawValue, ms: $0.milliseconds) } }

    func text(withTrace: Bool) -> String {
        var out = ReportParts.headline("IMAP", server: server, address: remoteAddress, ok: error == nil)
        out += PhaseTable.render(phases)
        if let mailbox {
            out += "mailbox:   \(mailbox.name): \(mailbox.exists) messages"
            if let uidValidity = mailbox.uidValidity { out += ", UIDVALIDITY \(uidValidity)" }
            if let uidNext = mailbox.uidNext { out += ", UIDNEXT \(uidNext)" }
            out += mailbox.readOnly ? " (read-only)\n" : "\n"
        }
        if let tls { out += TLSFacts.render(tls) }
        if let idleMode {
            out += "idle mode: \(idleMode.rawValue), \(notifications.count) notification(s)\n"
            for notification in notifications {
                out += "  +\(PhaseDuration(name: "", ms: notification.ms).ms) ms  \(notification.kind)\n"
            }
        }
        for alert in alerts { out += "ALERT:     \(alert)\n" }
        if let error { out += "error:     \(error)\n" }
        if withTrace { out += ReportParts.transcript(trace) }
        return out
    }

    func json() -> String {
        struct Mailbox: Encodable { var name: String; var exists: UInt32; var uidvalidity: UInt32?; var uidnext: UInt32? }
        struct Notification: Encodable { var kind: String; var ms: Double }
        struct Body: Encodable {
            var ok: Bool
            var server: String
            var address: String?
            var phases: [PhaseDuration]
            var mailbox: Mailbox?
            var tls: TLSFacts.JSON?
            var idle_mode: String?
            var notifications: [Notification]?
            var alerts: [String]?
            var error: ReportParts.Failure?
            var trace: [ReportParts.TraceLine]?
        }
        let body = Body(
            ok: error == nil,
            server: server,
            address: remoteAddress?.description,
            phases: phases,
            mailbox: mailbox.map { Mailbox(name: $0.name, exists: $0.exists, uidvalidity: $0.uidValidity, uidnext: $0.uidNext) },
            tls: tls.map(TLSFacts.JSON.init),
            idle_mode: idleMode?.rawValue,
            notifications: idleMode == nil ? nil : notifications.map { Notification(kind: $0.kind, ms: PhaseDuration(name: "", ms: $0.ms).ms) },
            alerts: alerts.isEmpty ? nil : alerts,
            error: error.map { ReportParts.Failure(phase: $0.phase.rawValue, message: $0.detail, code: $0.code) },
            trace: ReportParts.TraceLine.lines(trace))
        return JSONOutput.encode(body)
    }
}
