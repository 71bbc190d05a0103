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
        let queue = queueID.map { "\"\(JSONText.escape($0))\"" } ?? "null"
        return "{\"event\":\"delivered\",\"user\":\"\(JSONText.escape(user))\",\"mailbox\":\"\(JSONText.escape(mailbox))\","
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

/// Minimal JSON string escaping for the CLI's event lines.
enum JSONText {
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
