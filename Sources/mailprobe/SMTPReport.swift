import MailCore
import MailTransport
import SMTPClient
import SMTPCore

/// The outcome of `mailprobe smtp`, rendered as a table or as JSON.
struct SMTPReport {
    var server: String
    var remoteAddress: SocketAddress?
    var timings: [SMTPPhaseTiming] = []
    var lastReply: SMTPReply?
    var tls: TLSSessionInfo?
    var queueID: String?
    var trace: [SMTPTraceEntry] = []
    var error: SMTPError?

    var phases: [PhaseDuration] { timings.map { PhaseDuration(name: $0.phase.rawValue, ms: $0.milliseconds) } }

    func text(withTrace: Bool) -> String {
        var out = ReportParts.headline("SMTP", server: server, address: remoteAddress, ok: error == nil)
        out += PhaseTable.render(phases)
        if let tls { out += TLSFacts.render(tls) }
        if let queueID { out += "queue id:  \(queueID)\n" }
        if let lastReply { out += "last reply: \(lastReply)\n" }
        if let error { out += "error:     \(error)\n" }
        if withTrace { out += ReportParts.transcript(trace) }
        return out
    }

    func json() -> String {
        struct Reply: Encodable { var code: Int; var enhanced: String?; var text: String }
        struct Body: Encodable {
            var ok: Bool
            var server: String
            var address: String?
            var phases: [PhaseDuration]
            var reply: Reply?
            var tls: TLSFacts.JSON?
            var queue_id: String?
            var error: ReportParts.Failure?
            var trace: [ReportParts.TraceLine]?
        }
        let body = Body(
            ok: error == nil,
            server: server,
            address: remoteAddress?.description,
            phases: phases,
            reply: lastReply.map { Reply(code: $0.code, enhanced: $0.enhancedStatus?.description, text: $0.text) },
            tls: tls.map(TLSFacts.JSON.init),
            queue_id: queueID,
            error: error.map { ReportParts.Failure(phase: $0.phase.rawValue, message: $0.detail, code: $0.code) },
            trace: ReportParts.TraceLine.lines(trace))
        return JSONOutput.encode(body)
    }
}
