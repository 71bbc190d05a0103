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
    /// A session keeps at most this many trace lines: a server that floods a session (or a run of
    /// hours) cannot make its transcript grow without bound. The last kept line says it was cut.
    public static let limit = 4000

    /// Adds `entry` to `trace` in time order, unless the trace is full; the line that fills it is a note.
    public static func add(_ entry: TraceEntry, to trace: inout [TraceEntry]) {
        guard trace.count < limit else { return }
        if trace.count == limit - 1 {
            trace.append(TraceEntry(offset: entry.offset, direction: .note, text: "trace cut: more than \(limit) lines"))
            return
        }
        var index = trace.endIndex
        while index > trace.startIndex, trace[index - 1].offset > entry.offset { index -= 1 }
        trace.insert(entry, at: index)
    }

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
