import Probe

/// `mailprobe smtp`'s table, rendered from the run record (its `--json` is the record itself).
///
///     SMTP localhost:10587 (127.0.0.1:10587): OK
///       dns                  0.7 ms  █████
///       …
///     queue id:  02ED1F7A006
struct SMTPReport {
    var record: ProbeRunRecord

    func text(withTrace: Bool) -> String {
        var out = ReportParts.headline("SMTP", server: record.endpoints["smtp"] ?? "?", address: record.addresses?["smtp"],
                                       ok: record.error == nil)
        out += ReportParts.phaseTable(record, service: "smtp")
        if let tls = record.tls["smtp"] { out += TLSFacts.render(tls) }
        if let queueID = record.queueID { out += "queue id:  \(queueID)\n" }
        if let reply = record.finalReply { out += "reply:     \(ReportParts.reply(reply))\n" }
        out += ReportParts.errorLine(record, service: "smtp")
        if withTrace { out += ReportParts.transcript(of: record, session: "smtp") }
        return out
    }
}
