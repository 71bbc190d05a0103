/// When the outbox tries a failed notification again, and when it gives up.
///
/// The wait after failure `n` (1 = the first attempt failed) is `initialBackoff × 2^(n-1)`, capped
/// at `maxBackoff`, shifted by a jitter of at most ±`jitterPercent` % that depends only on the outbox
/// id and the attempt (so retries of many notices spread out, and tests can predict them). After
/// `retries` retries have failed too (`n > retries`), it gives up: `nil`, and the driver falls back
/// to `alerts.fallback`.
///
///     defaults: 10 s, 20 s, 40 s, 80 s, 160 s (each ±10 %), then nil
public struct NotificationRetryPolicy: Sendable, Hashable {
    public var retries: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    public var jitterPercent: Int

    /// Negative numbers are taken as zero; the jitter is at most 100 %.
    public init(retries: Int = 5, initialBackoff: Duration = .seconds(10), maxBackoff: Duration = .seconds(600),
                jitterPercent: Int = 10) {
        self.retries = max(0, retries)
        self.initialBackoff = max(.zero, initialBackoff)
        self.maxBackoff = max(.zero, maxBackoff)
        self.jitterPercent = min(100, max(0, jitterPercent))
    }

    /// When to try outbox entry `id` again after its attempt number `attempt` failed at `now` (Unix
    /// ms), or `nil` to give up. An attempt below 1 counts as the first.
    public func nextAttempt(afterFailure attempt: Int, now: Int64, id: Int64) -> Int64? {
        let attempt = max(1, attempt)
        guard attempt <= retries else { return nil }
        return AlertEngine.adding(now, backoffMs(afterFailure: attempt, id: id))
    }

    /// The wait in milliseconds after failure `attempt` of entry `id`, jitter included.
    public func backoffMs(afterFailure attempt: Int, id: Int64) -> Int64 {
        let capMs = AlertEngine.milliseconds(maxBackoff)
        var baseMs = min(AlertEngine.milliseconds(initialBackoff), capMs)
        for _ in 1..<min(max(1, attempt), 64) where baseMs < capMs {
            baseMs = min(capMs, baseMs > capMs / 2 ? capMs : baseMs * 2)
        }
        guard jitterPercent > 0, baseMs > 0 else { return baseMs }
        // A jitter of -1000...1000 ‰ of jitterPercent, from the id and the attempt.
        var z = UInt64(bitPattern: id) &+ UInt64(attempt) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let permille = Int64(z % 2001) - 1000
        let (scaled, overflow) = baseMs.multipliedReportingOverflow(by: Int64(jitterPercent) * permille)
        let jitter = overflow ? 0 : scaled / 100_000
        return max(0, baseMs + jitter)
    }
}
