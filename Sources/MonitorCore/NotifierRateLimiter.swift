/// A token bucket per notifier, so a flapping probe cannot send hundreds of SMS an hour.
///
/// Each notifier starts with `burst` tokens and gains one every `1 h / perHour`, up to `burst`.
/// ``admit(_:now:)`` takes a token (`.now`) or says when the next one comes (`.notBefore`), without
/// reserving it. Time running backwards (a wall-clock step) adds no tokens.
public struct NotifierRateLimiter: Sendable {
    public struct Limit: Sendable, Hashable {
        public var perHour: Int
        public var burst: Int

        /// Both at least 1.
        public init(perHour: Int = 30, burst: Int = 10) {
            self.perHour = max(1, perHour)
            self.burst = max(1, burst)
        }

        /// Milliseconds per new token.
        var refillMs: Int64 { max(1, 3_600_000 / Int64(perHour)) }
    }

    public enum Admission: Sendable, Hashable {
        /// Send now (a token was taken).
        case now
        /// No token left: ask again at this instant (Unix ms).
        case notBefore(Int64)
    }

    struct Bucket: Sendable {
        var tokens: Int
        /// The instant the partial token counts from.
        var refilledAtMs: Int64
    }

    public var defaultLimit: Limit
    /// Limits for named notifiers, over the default.
    public var limits: [String: Limit]
    var buckets: [String: Bucket] = [:]

    public init(defaultLimit: Limit = Limit(), limits: [String: Limit] = [:]) {
        self.defaultLimit = defaultLimit
        self.limits = limits
    }

    /// Takes a token of `notifier` at `now`, or tells when one will be there.
    public mutating func admit(_ notifier: String, now: Int64) -> Admission {
        let limit = limits[notifier] ?? defaultLimit
        var bucket = buckets[notifier] ?? Bucket(tokens: limit.burst, refilledAtMs: now)
        if now > bucket.refilledAtMs {
            let earned = (now - bucket.refilledAtMs) / limit.refillMs
            bucket.tokens = Int(min(Int64(limit.burst), Int64(bucket.tokens) + earned))
            bucket.refilledAtMs = bucket.tokens >= limit.burst ? now : bucket.refilledAtMs + earned * limit.refillMs
        }
        bucket.tokens = min(bucket.tokens, limit.burst)
        defer { buckets[notifier] = bucket }
        guard bucket.tokens > 0 else { return .notBefore(AlertEngine.adding(bucket.refilledAtMs, limit.refillMs)) }
        if bucket.tokens == limit.burst { bucket.refilledAtMs = max(bucket.refilledAtMs, now) }
        bucket.tokens -= 1
        return .now
    }

    /// Tokens left for `notifier` (as of its last admission).
    public func tokens(of notifier: String) -> Int {
        buckets[notifier]?.tokens ?? (limits[notifier] ?? defaultLimit).burst
    }
}
