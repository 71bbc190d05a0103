import MailTransport
import SMTPCore

/// How long one SMTP phase took.
public typealias SMTPPhaseTiming = PhaseTiming<SMTPPhase>

/// One line of an SMTP transcript.
public typealias SMTPTraceEntry = TraceEntry

/// What ``SMTPConnection/send(_:envelope:)`` reports for a message the server accepted.
public struct SMTPSendResult: Sendable, Hashable {
    public var outcome: SMTPTransactionOutcome
    /// mail_from, rcpt_to (one per recipient), data, data_accepted.
    public var timings: [SMTPPhaseTiming]

    public var queueID: String? { outcome.queueID }
    public var acceptedReply: SMTPReply { outcome.accepted }
}
