import MailTransport
import SMTPClient
import SMTPCore

/// One SMTP service on its own: the phases of `mailprobe smtp`, as a probe.
///
/// With `send`, a probe message goes to the account itself (the round trip's sweep, or the
/// mailbox owner, removes it); without, the session stops after EHLO, STARTTLS and AUTH and QUITs:
/// a connection check that leaves nothing behind.
public struct SMTPServiceProbe: Sendable {
    public var configuration: SMTPClientConfiguration
    public var sender: String
    public var send: Bool
    public var thresholds: ProbeThresholds
    public var location: String?

    public init(configuration: SMTPClientConfiguration, sender: String, send: Bool, thresholds: ProbeThresholds = ProbeThresholds(),
                location: String? = nil) {
        self.configuration = configuration
        self.sender = sender
        self.send = send
        self.thresholds = thresholds
        self.location = location
    }

    /// Runs the probe; phases are named `smtp.<phase>`.
    public func run() async -> RoundTripResult {
        let started = ContinuousClock.now
        let message = ProbeMessage(from: sender, to: sender, location: location)
        // Only a message that is sent has a token to look for.
        var result = RoundTripResult(token: send ? message.token : "")
        let smtp = SMTPConnection(configuration: configuration)
        do {
            try await smtp.connect()
            if send {
                let sent = try await smtp.send(message.bytes, envelope: SMTPEnvelope(sender: sender, recipients: [sender]))
                result.queueID = sent.queueID
                result.finalReply = ProbeRunRecord.Reply(code: sent.acceptedReply.code,
                                                         enhanced: sent.acceptedReply.enhancedStatus.map(\.description),
                                                         text: sent.acceptedReply.text)
            }
            try await smtp.quit()
        } catch {
            smtp.close()
            result.add(ProbeReasons.reason(for: error, protocolName: "smtp"))
        }
        result.phases = smtp.timings.map { ProbePhase(name: "smtp.\($0.phase.rawValue)", duration: $0.duration) }
        result.smtpTLS = smtp.tlsSession
        if configuration.recordsTrace { result.traces.append(("smtp", smtp.trace)) }
        result.phases.append(ProbePhase(name: "total", duration: started.duration(to: .now)))
        ProbeVerdict.apply(thresholds, to: &result)
        return result
    }
}
