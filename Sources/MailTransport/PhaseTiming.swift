/// How long one protocol phase took, from monotonic instants taken at the
/// system-call boundary. Shared by the SMTP and IMAP clients.
public struct PhaseTiming<Phase: Hashable & Sendable>: Sendable, Hashable, CustomStringConvertible {
    public var phase: Phase
    public var started: ContinuousClock.Instant
    public var ended: ContinuousClock.Instant

    public init(phase: Phase, started: ContinuousClock.Instant, ended: ContinuousClock.Instant) {
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
public struct TraceEntry: Sendable, Hashable, CustomStringConvertible {
    public enum Direction: String, Sendable, Hashable {
        case sent = "C"
        case received = "S"
        /// Something the client did or noticed (TLS handshake, discarded bytes).
        case note = "*"
    }

    /// Time since the connection attempt began.
    public var offset: Duration
    public var direction: Direction
    /// The line without its line end; credentials masked.
    public var text: String

    public init(offset: Duration, direction: Direction, text: String) {
        self.offset = offset
        self.direction = direction
        self.text = text
    }

    public var description: String {
        let tenths = Int((offset.milliseconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) ms \(direction.rawValue): \(text)"
    }
}
