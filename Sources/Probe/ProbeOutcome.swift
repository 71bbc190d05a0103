/// How a probe went, in the four states monitoring systems know (Nagios plugin guidelines).
public enum ProbeStatus: String, Sendable, Hashable, Comparable, Codable {
    case ok
    case warning
    case critical
    case unknown

    /// The monitoring-plugin exit code: 0, 1, 2, 3.
    public var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        case .unknown: 3
        }
    }

    private var rank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .unknown: 2
        case .critical: 3
        }
    }

    public static func < (lhs: ProbeStatus, rhs: ProbeStatus) -> Bool { lhs.rank < rhs.rank }
}

/// One reason a probe is not simply OK.
public struct ProbeReason: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A phase took longer than its limit.
        case threshold
        /// The SMTP server refused something (4xx or 5xx).
        case smtpRejected = "smtp_rejected"
        case authFailed = "auth_failed"
        case tlsFailed = "tls_failed"
        /// A certificate expires within the configured number of days.
        case certificateExpiring = "certificate_expiring"
        case timeout
        /// The message arrived after the warning deadline.
        case late
        /// The message did not arrive by the loss deadline.
        case lost
        /// The message was delivered to the junk folder.
        case junk
        /// The message arrived altered: token or checksum do not match.
        case corrupted
        /// A connection or protocol failure that is none of the above.
        case failed
        /// The probe could not run as configured.
        case invalid
    }

    public var kind: Kind
    public var status: ProbeStatus
    /// The phase concerned, in the report's naming (`submit.data_accepted`, `delivery`, …).
    public var phase: String?
    /// What was measured, in milliseconds (thresholds, late).
    public var valueMilliseconds: Double?
    /// The limit crossed, in milliseconds.
    public var limitMilliseconds: Double?
    /// Human explanation, quoting the server where there is a reply.
    public var message: String
    /// The server's reply that caused it, when there is one.
    public var reply: ProbeRunRecord.Reply?

    enum CodingKeys: String, CodingKey {
        case kind, status, phase, message, reply
        case valueMilliseconds = "value_ms"
        case limitMilliseconds = "limit_ms"
    }

    public init(_ kind: Kind, _ status: ProbeStatus, phase: String? = nil, value: Double? = nil, limit: Double? = nil,
                message: String, reply: ProbeRunRecord.Reply? = nil) {
        self.kind = kind
        self.status = status
        self.phase = phase
        self.valueMilliseconds = value
        self.limitMilliseconds = limit
        self.message = message
        self.reply = reply
    }

    public var description: String {
        var text = "\(kind.rawValue)"
        if let phase { text += " (\(phase))" }
        return text + ": " + message
    }
}
