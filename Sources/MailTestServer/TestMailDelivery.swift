import MailCore

/// Ground truth for one message entering a mailbox: who, which message, and exactly when.
///
/// `instant` is read from `ContinuousClock` right after the message became visible
/// to IMAP (before any IDLE push went out), so every client-side notification
/// instant of the same process is at or after it.
public struct TestMailDelivery: Sendable, Hashable {
    /// The user's address.
    public var user: String
    public var mailbox: String
    /// The SMTP queue id (`250 2.0.0 Ok: queued as …`); nil for IMAP APPEND.
    public var queueID: String?
    public var uid: UInt32
    /// Monotonic instant the message entered the store.
    public var instant: ContinuousClock.Instant
    /// Wall-clock time of the same moment, in seconds since 1970 (UTC).
    public var wallTime: Double

    public init(user: String, mailbox: String, queueID: String?, uid: UInt32,
                instant: ContinuousClock.Instant, wallTime: Double) {
        self.user = user
        self.mailbox = mailbox
        self.queueID = queueID
        self.uid = uid
        self.instant = instant
        self.wallTime = wallTime
    }

    /// One line of JSON: `{"event":"delivered","user":…,"mailbox":…,"queue_id":…,"uid":…,"at":"…Z"}`.
    public var jsonLine: String {
        let queue = queueID.map(JSONString.quoted) ?? "null"
        return "{\"event\":\"delivered\",\"user\":\(JSONString.quoted(user)),\"mailbox\":\(JSONString.quoted(mailbox)),"
            + "\"queue_id\":\(queue),\"uid\":\(uid),\"at\":\"\(WallClock.iso8601(wallTime))\"}"
    }
}

/// One message in a mailbox.
public struct TestMailMessage: Sendable, Hashable {
    public var uid: UInt32
    public var flags: Set<String>
    /// Wall-clock seconds since 1970 when it was stored (INTERNALDATE).
    public var internalDate: Double
    /// The whole message as stored, Received header included, CRLF line ends.
    public var bytes: [UInt8]
    /// The SMTP queue id, when it came by SMTP.
    public var queueID: String?
    var recent: Bool
}
