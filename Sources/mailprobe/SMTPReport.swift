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
        var out = "SMTP \(server)"
        if let remoteAddress { out += " (\(remoteAddress))" }
        out += error == nil ? ": OK\n" : ": FAILED\n"
        out += PhaseTable.render(phases)
        if let tls { out += TLSFacts.render(tls) }
        if let queueID { out += "queue id:  \(queueID)\n" }
        if let lastReply { out += "last reply: \(lastReply)\n" }
        if let error { out += "error:     \(error)\n" }
        if withTrace, !trace.isEmpty {
            out += "\ntranscript:\n"
            for entry in trace { out += "  \(entry)\n" }
        }
        return out
    }

    func json() -> String {
        struct Reply: Encodable { var code: Int; var enhanced: String?; var text: String }
        struct Failure: Encodable { var phase: String; var message: String; var code: String }
        struct Trace: Encodable { var ms: Double; var dir: String; var line: String }
        struct Body: Encodable {
            var ok: Bool
            var server: String
            var address: String?
            var phases: [PhaseDuration]
            var reply: Reply?
            var tls: TLSFacts.JSON?
            var queue_id: String?
            var error: Failure?
            var trace: [Trace]?
        }
        let body = Body(
            ok: error == nil,
            server: server,
            address: remoteAddress?.description,
            phases: phases,
            reply: lastReply.map { Reply(code: $0.code, enhanced: $0.enhancedStatus?.description, text: $0.text) },
            tls: tls.map(TLSFacts.JSON.init),
            queue_id: queueID,
            error: error.map { Failure(phase: $0.phase.rawValue, message: $0.detail, code: $0.code.rawValue) },
            trace: trace.isEmpty ? nil : trace.map { Trace(ms: ($0.offset.milliseconds * 1000).rounded() / 1000,
                                                           dir: $0.direction.rawValue, line: $0.text) })
        return JSONOutput.encode(body)
    }
}
