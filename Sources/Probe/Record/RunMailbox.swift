/// The mailbox an `imap` probe selected, as stored and served.
///
///     {"name": "INBOX", "exists": 12, "uidvalidity": 1798135200, "uidnext": 57, "read_only": false}
public struct RunMailbox: Sendable, Hashable, Codable {
    public var name: String
    /// Messages in the mailbox when it was selected.
    public var exists: UInt32
    public var uidValidity: UInt32?
    public var uidNext: UInt32?
    /// Selected with EXAMINE, or the server answered `[READ-ONLY]`.
    public var readOnly: Bool

    enum CodingKeys: String, CodingKey {
        case name, exists
        case uidValidity = "uidvalidity"
        case uidNext = "uidnext"
        case readOnly = "read_only"
    }

    public init(name: String, exists: UInt32, uidValidity: UInt32?, uidNext: UInt32?, readOnly: Bool) {
        self.name = name
        self.exists = exists
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.readOnly = readOnly
    }
}
