import SMTPCore

/// How long one phase took, from monotonic instants taken at the system-call boundary.
public struct SMTPPhaseTiming: Sendable, Hashable, CustomStringConvertible {
    public var phase: SMTPPhase
    public var started: ContinuousClock.Instant
    public var ended: ContinuousClock.Instant

    public init(phase: SMTPPhase, started: ContinuousClock.Instant, ended: ContinuousClock.Instant) {
        self.phase = phase
        self.started = started
        self.ended = ended
    }

    public var duration: Duration { started.duration(to: ended) }

    /// Milliseconds, fractional.
    public var milliseconds: Double { duration.milliseconds }

    public var description: String { "\(phase) \(milliseconds) ms" }
}

extension Duration {
    /// This duration in milliseconds, fractional.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}

/// One line of a protocol transcript.
public struct SMTPTraceEntry: Sendable, Hashable, CustomStringConvertible {
    public enum Direction: String, Sendable, Hashable {
        case sent = "C"
        case received = "S"
        /// Something the client did or noticed (TLS handshake, discarded bytes).
        case note = "*"
    }

    /// Time since the connection attempt began.
    public var offset: Duration
    public var direction: Direction
    /// The line without its CRLF; credentials are masked.
    public var text: String

    public var description: String {
        let ms = offset.milliseconds
        let whole = Int(ms)
        let fraction = Int((ms - Double(whole)) * 10)
        return "\(whole).\(fraction) ms \(direction.rawValue): \(text)"
    }
}

/// What ``SMTPConnection/send(_:envelope:)`` reports for a message the server accepted.
public struct SMTPSendResult: Sendable, Hashable {
    public var outcome: SMTPTransactionOutcome
    /// mail_from, rcpt_to (one per recipient), data, data_accepted.
    public var timings: [SMTPPhaseTiming]

    public var queueID: String? { outcome.queueID }
    public var acceptedReply: SMTPReply { outcome.accepted }
}
