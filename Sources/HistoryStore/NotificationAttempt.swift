/// One attempt to send a queued notice, as stored in `notification_attempts`.
public struct NotificationAttempt: Sendable, Hashable, Codable {
    public enum Result: String, Sendable, Hashable, Codable {
        case delivered
        case failed
    }

    /// The outbox entry it was for; set by the store when read back.
    public var outboxID: Int64?
    public var notifier: String
    /// 1 for the first attempt.
    public var attempt: Int
    public var atMs: Int64
    public var result: Result
    public var httpStatus: Int?
    /// What went wrong, without secrets (no URLs with tokens, no credentials).
    public var error: String?
    public var latencyMs: Double?

    enum CodingKeys: String, CodingKey {
        case notifier, attempt, result, error
        case outboxID = "outbox_id"
        case atMs = "at_ms"
        case httpStatus = "http_status"
        case latencyMs = "latency_ms"
    }

    public init(outboxID: Int64? = nil, notifier: String, attempt: Int, atMs: Int64, result: Result,
                httpStatus: Int? = nil, error: String? = nil, latencyMs: Double? = nil) {
        self.outboxID = outboxID
        self.notifier = notifier
        self.attempt = attempt
        self.atMs = atMs
        self.result = result
        self.httpStatus = httpStatus
        self.error = error
        self.latencyMs = latencyMs
    }
}
