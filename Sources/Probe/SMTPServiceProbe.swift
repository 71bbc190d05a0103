import MailTransport
import SMTPClient
import SMTPCore

/// One SMTP service on its own: the phases of `mailprobe smtp`, as a probe.
///
/// With `send`, a message goes to the recipients (by default the account itself, whose round trip's
/// sweep, or the mailbox owner, removes it); without, the session stops after EHLO, STARTTLS and AUTH
/// and QUITs: a connection check that leaves nothing behind. The EHLO name and whether the transcript
/// is recorded are the ``configuration``'s (`clientHostname`, `recordsTrace`).
public struct SMTPServiceProbe: Sendable {
    /// What a probe that sends puts after DATA.
    public enum Content: Sendable, Hashable {
        /// The ``ProbeMessage``: its token in `X-MailProbe-Id` and in the record.
        case probeMessage
        /// The caller's whole message (headers and body) as it is; `token` is the `X-MailProbe-Id`
        /// it carries, if any, for the record.
        case message([UInt8], token: String?)
    }

    public var configuration: SMTPClientConfiguration
    public var sender: String
    /// Envelope recipients; empty means the sender itself.
    public var recipients: [String]
    public var send: Bool
    public var content: Content
    public var thresholds: ProbeThresholds
    public var location: String?

    public init(configuration: SMTPClientConfiguration, sender: String, recipients: [String] = [], send: Bool,
                content: Content = .probeMessage, thresholds: ProbeThresholds = ProbeThresholds(), location: String? = nil) {
        self.configuration = configuration
        self.sender = sender
        self.recipients = recipients
        self.send = send
        self.content = content
        self.thresholds = thresholds
        self.location = location
    }

    /// The envelope recipients: ``recipients``, or the sender when none are given.
    public var envelopeRecipients: [String] { recipients.isEmpty ? [sender] : recipients }

    /// Runs the probe; phases are named `smtp.<phase>`.
    public func run() async -> RoundTripResult {
        let started = ContinuousClock.now
        let (bytes, token) = message()
        // Only a message that is sent has a token to look for.
        var result = RoundTripResult(token: send ? token : nil)
        let smtp = SMTPConnection(configuration: configuration)
        do {
            try await smtp.connect()
            if send {
                let sent = try await smtp.send(bytes, envelope: SMTPEnvelope(sender: sender, recipients: envelopeRecipients))
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
        if let address = smtp.remoteAddress { result.addresses["smtp"] = "\(address)" }
        if configuration.recordsTrace { result.traces.append(("smtp", smtp.trace)) }
        result.phases.append(ProbePhase(name: "total", duration: started.duration(to: .now)))
        ProbeVerdict.apply(thresholds, to: &result)
        return result
    }

    /// Runs the probe and returns its run record (kind `smtp`), which started at `startedAtMs` (Unix ms).
    public func run(probe name: String, startedAtMs: Int64) async -> ProbeRunRecord {
        ProbeRunRecord(await run(), probe: name, kind: .smtp, location: location, startedAtMs: startedAtMs,
                       endpoints: ["smtp": "\(configuration.host):\(configuration.port)"])
    }

    /// The bytes to send and the token they carry.
    private func message() -> ([UInt8], String?) {
        switch content {
        case .probeMessage:
            let message = ProbeMessage(from: sender, to: envelopeRecipients[0], location: location)
            return (message.bytes, message.token)
        case .message(let bytes, let token):
            return (bytes, token)
        }
    }
}
