/// What becomes of an outbox entry after an attempt.
public enum OutboxNext: Sendable, Hashable {
    /// Try again at this instant, Unix ms.
    case retry(atMs: Int64)
    /// Sent: done.
    case delivered
    /// Out of attempts: done, unsent.
    case gaveUp
}
