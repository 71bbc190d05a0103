import MonitorCore

/// A queued notice waiting for its next attempt.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var notifier: String
    public var notice: AlertNotice
    /// Attempts made so far.
    public var attempts: Int
    public var nextAttemptAtMs: Int64
    /// When it was queued: the notice's `atMs`.
    public var createdAtMs: Int64
    /// The parts (SMS recipients) earlier attempts delivered to: a retry skips them.
    public var deliveredParts: [String]

    public init(id: Int64, notifier: String, notice: AlertNotice, attempts: Int, nextAttemptAtMs: Int64, createdAtMs: Int64,
                deliveredParts: [String] = []) {
        self.deliveredParts = deliveredParts
        self.id = id
        self.notifier = notifier
        self.notice = notice
        self.attempts = attempts
        self.nextAttemptAtMs = nextAttemptAtMs
        self.createdAtMs = createdAtMs
    }
}
