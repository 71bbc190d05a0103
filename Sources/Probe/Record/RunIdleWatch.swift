/// What an `imap` probe saw while it watched the mailbox (`mailprobe imap --idle N`).
///
///     {"mode": "idle", "ms": 8000.0, "notifications": [{"kind": "exists", "ms": 2512.345}]}
public struct RunIdleWatch: Sendable, Hashable, Codable {
    /// One piece of news, at milliseconds since the watch began.
    public struct Notification: Sendable, Hashable, Codable {
        /// `exists`, `expunge`, `recent`, `fetch`, `vanished`, `flags`.
        public var kind: String
        public var ms: Double

        public init(kind: String, ms: Double) {
            self.kind = kind
            self.ms = ms
        }
    }

    /// `idle` (RFC 2177), or `poll` (NOOP, the server offers no IDLE).
    public var mode: String
    /// How long the probe watched.
    public var ms: Double
    public var notifications: [Notification]

    public init(mode: String, ms: Double, notifications: [Notification]) {
        self.mode = mode
        self.ms = ms
        self.notifications = notifications
    }
}
