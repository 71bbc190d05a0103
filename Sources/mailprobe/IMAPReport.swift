import Probe

/// `mailprobe imap`'s table, rendered from the run record (its `--json` is the record itself).
///
///     IMAP localhost:10993 (127.0.0.1:10993): OK
///       …
///     mailbox:   INBOX: 3 messages, UIDVALIDITY 1, UIDNEXT 4
struct IMAPReport {
    var record: ProbeRunRecord

    func text(withTrace: Bool) -> String {
        var out = ReportParts.headline("IMAP", server: record.endpoints["imap"] ?? "?", address: record.addresses?["imap"],
                                       ok: record.error == nil)
        out += ReportParts.phaseTable(record, service: "imap")
        if let mailbox = record.mailbox {
            out += "mailbox:   \(mailbox.name): \(mailbox.exists) messages"
            if let uidValidity = mailbox.uidValidity { out += ", UIDVALIDITY \(uidValidity)" }
            if let uidNext = mailbox.uidNext { out += ", UIDNEXT \(uidNext)" }
            out += mailbox.readOnly ? " (read-only)\n" : "\n"
        }
        if let tls = record.tls["imap"] { out += TLSFacts.render(tls) }
        if let idle = record.idle {
            out += "idle mode: \(idle.mode), \(idle.notifications.count) notification(s)\n"
            for notification in idle.notifications { out += "  +\(notification.ms) ms  \(notification.kind)\n" }
        }
        for alert in record.alerts ?? [] { out += "ALERT:     \(alert)\n" }
        out += ReportParts.errorLine(record, service: "imap")
        if withTrace { out += ReportParts.transcript(of: record, session: "imap") }
        return out
    }
}
